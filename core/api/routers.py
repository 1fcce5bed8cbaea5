"""The router: URLs by natural key, and one browsable root listing every endpoint of every app."""

from collections import OrderedDict

from django.urls import NoReverseMatch
from django.utils.translation import gettext_lazy as _
from rest_framework import routers
from rest_framework.response import Response
from rest_framework.reverse import reverse


class PortalRootView(routers.APIRootView):
    """The BRI Cooperation Portal API: every endpoint, its schema and its documentation.

    Records are named by natural key (ISO code, slug, or a composite such as `CHN-KAZ-2015-total`).
    Lists filter by the fields' natural keys (`?country=KAZ,RUS&year__gte=2015`), search (`?search=`),
    sort (`?ordering=-year`), page (`?page=2&page_size=200`, at most 1000) and stream as CSV (`?format=csv`).
    """

    extra_routes = {
        "trade-series": "traderecord-series",
        "observation-series": "observation-series",
        "schema": "schema",
        "docs": "docs",
    }

    def get_view_name(self):
        return _("BRI Cooperation Portal API")

    def get(self, request, *args, **kwargs):
        response = super().get(request, *args, **kwargs)
        data = OrderedDict(response.data)
        namespace = request.resolver_match.namespace
        for key, name in self.extra_routes.items():
            try:
                data[key] = reverse(f"{namespace}:{name}", request=request, format=kwargs.get("format"))
            except NoReverseMatch:
                continue
        return Response(data)


class PortalRouter(routers.DefaultRouter):
    """A router whose detail URLs come from each viewset's ``lookup`` (see ``core.api.lookups``)."""

    APIRootView = PortalRootView
    include_format_suffixes = False

    def get_lookup_regex(self, viewset, lookup_prefix=""):
        lookup = getattr(viewset, "lookup", None)
        if lookup is None:
            return super().get_lookup_regex(viewset, lookup_prefix)
        return lookup.url_regex

    def extend(self, other):
        """Take over another router's registrations (each app keeps its own router in ``<app>/api/urls.py``)."""
        self.registry.extend(other.registry)
