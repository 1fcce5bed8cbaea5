"""The baseline of ``api_lists.py``: a bare Django REST framework list of the trade records.

What a plain implementation would be: a ``ListAPIView`` over the trade records, a
``ModelSerializer`` of the API's model fields (relations named by natural key, loaded with
``select_related``), DRF's own ``PageNumberPagination`` (exact ``COUNT``, ``OFFSET``) with the API's page
size, in the API's default order (``year, flow, id``, the index that orders the list). No ``api_url`` nor
``display`` (the portal's computed fields), no filters, no role-dependent visibility, and not even the
condition "published": every record the benchmark adds is published, and with that condition SQLite (no
statistics) takes the publication-status index and sorts every record, 4.4 s for the last page of 100,000,
a baseline too slow to be useful. It exists only in the
benchmark: ``install()`` serves it at ``URL`` beside the whole site, through ``override_settings``.
"""

import sys
import types
from importlib import import_module

URL = "/bench/bare-trade/"


def urlconf_module(root_urlconf):
    from django.urls import path
    from rest_framework import generics, pagination, permissions, serializers

    from trade.models import TradeRecord

    class BareTradeRecordSerializer(serializers.ModelSerializer):
        reporter = serializers.SlugRelatedField(slug_field="iso3", read_only=True)
        partner = serializers.SlugRelatedField(slug_field="iso3", read_only=True)
        source = serializers.SlugRelatedField(slug_field="slug", read_only=True)

        class Meta:
            model = TradeRecord
            fields = [
                "reporter",
                "partner",
                "year",
                "flow",
                "value",
                "unit",
                "note_en",
                "note_zh",
                "source",
                "source_locator",
                "publication_status",
                "review_note",
                "created_at",
                "updated_at",
            ]

    class BarePagination(pagination.PageNumberPagination):
        page_size_query_param = "page_size"
        max_page_size = 1000

    class BareTradeRecordList(generics.ListAPIView):
        queryset = TradeRecord.objects.select_related("reporter", "partner", "source").order_by("year", "flow", "id")
        serializer_class = BareTradeRecordSerializer
        pagination_class = BarePagination
        permission_classes = [permissions.AllowAny]
        filter_backends = []

    root = import_module(root_urlconf)
    module = types.ModuleType("bench_bare_urls")
    module.__dict__.update({name: value for name, value in vars(root).items() if name.startswith("handler")})
    module.urlpatterns = [path(URL.strip("/") + "/", BareTradeRecordList.as_view()), *root.urlpatterns]
    return module


def install():
    """Serve the bare list beside the site for the rest of the run."""
    from django.conf import settings
    from django.test import override_settings

    module = urlconf_module(settings.ROOT_URLCONF)
    sys.modules[module.__name__] = module
    override_settings(ROOT_URLCONF=module.__name__).enable()
