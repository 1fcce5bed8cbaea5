"""Page-number pagination: ``?page=2&page_size=200``; the page size is capped."""

from django.core.paginator import Paginator
from django.utils.translation import gettext_lazy as _
from rest_framework.exceptions import NotFound, ValidationError
from rest_framework.pagination import PageNumberPagination

DESCRIPTIONS = {
    "count": _("How many records match, on every page together."),
    "next": _("The next page's address; null on the last page."),
    "previous": _("The previous page's address; null on the first page."),
    "results": _("This page's records."),
}


class KeysFirstPaginator(Paginator):
    """Finds a page's keys with a narrow query, then loads those records with their relations.

    A deep page (``OFFSET 99950``) then skips index entries, not joined rows; and a page past the middle
    is found from the other end, in the reverse order (the last page of 100,000 records is ``OFFSET 0``)
    when the order ends with the primary key (``OrderingFilter`` sees to it), so that the reverse order is
    exact. The middle page is the deepest, half the table. One more query per page, whatever its size.
    """

    def page(self, number):
        number = self.validate_number(number)
        bottom = (number - 1) * self.per_page
        top = bottom + self.per_page
        if top + self.orphans >= self.count:
            top = self.count
        queryset = self.object_list
        keys = queryset.prefetch_related(None).values_list("pk", flat=True)
        if bottom > self.count - top and ends_with_the_key(queryset):
            keys = list(keys.reverse()[self.count - top : self.count - bottom])[::-1]
        else:
            keys = list(keys[bottom:top])
        records = {record.pk: record for record in queryset.filter(pk__in=keys).order_by()}
        return self._get_page([records[key] for key in keys if key in records], number, self)


def ends_with_the_key(queryset):
    """Whether the records are sorted last by their primary key: no two records tie, whichever the direction."""
    order = queryset.query.order_by
    return bool(order) and isinstance(order[-1], str) and order[-1].lstrip("-") in {"pk", queryset.model._meta.pk.name}


class PortalPagination(PageNumberPagination):
    django_paginator_class = KeysFirstPaginator
    page_size_query_param = "page_size"
    page_size_query_description = _("Records per page (at most 1000).")
    max_page_size = 1000

    def get_page_size(self, request):
        """The asked page size, capped; a page size that is not a positive whole number is an error."""
        text = request.query_params.get(self.page_size_query_param)
        if text is None:
            return self.page_size
        if not text.isdigit() or int(text) < 1:
            raise ValidationError({self.page_size_query_param: _("A whole number from 1 to 1000.")}, "invalid")
        return min(int(text), self.max_page_size)

    def paginate_queryset(self, queryset, request, view=None):
        """As DRF's, but ``?page=`` (empty) is refused as any other page that is not a number is."""
        self.check(request)
        return super().paginate_queryset(queryset, request, view)

    def check(self, request):
        """Refuse page parameters a page would refuse, also where no page is made (CSV)."""
        self.get_page_size(request)
        page = request.query_params.get(self.page_query_param)
        if page is not None and page not in self.last_page_strings and (not page.isdigit() or int(page) < 1):
            raise NotFound(self.invalid_page_message)

    def get_schema_operation_parameters(self, view):
        parameters = super().get_schema_operation_parameters(view)
        for parameter in parameters:
            parameter["schema"]["minimum"] = 1
        return parameters

    def get_paginated_response_schema(self, schema):
        response = super().get_paginated_response_schema(schema)
        for name, description in DESCRIPTIONS.items():
            response["properties"][name]["description"] = str(description)
        return response
