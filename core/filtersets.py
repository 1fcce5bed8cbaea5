"""Filters shared by every app's filtersets.

A model's FilterSet is the one definition of how its records are filtered: the public
list page, the API and the export all use it. Related records are filtered by natural
key (``?country=KAZ,RUS``, ``?alliance=new-silk-road``), never by database id.
"""

from functools import reduce
from operator import or_

import django_filters
from django.db.models import Q
from django.utils.text import capfirst, format_lazy
from django.utils.translation import gettext_lazy as _

from .choices import PublicationStatusChoices


class NaturalKeyInFilter(django_filters.BaseInFilter, django_filters.CharFilter):
    """One or more natural keys, comma-separated: ``?country=KAZ,RUS``."""

    def __init__(self, *args, upper=False, **kwargs):
        kwargs.setdefault("lookup_expr", "in")
        super().__init__(*args, **kwargs)
        self.upper = upper

    def filter(self, qs, value):
        if value:
            value = [item.strip().upper() if self.upper else item.strip() for item in value]
        return super().filter(qs, value)


def country_filter(field_name, label, **kwargs):
    """Countries by ISO alpha-3 code, case-insensitive: ``?country=kaz,RUS``."""
    return NaturalKeyInFilter(field_name=f"{field_name}__iso3", upper=True, label=label, **kwargs)


# Labels of the filters a FilterSet's ``Meta.fields`` generates, in the user's language (django-filter's
# own labels have no Chinese); the filter forms and the API schema show them.
LOOKUP_LABELS = {
    "exact": "{field}",
    "gte": _("{field}: from"),
    "lte": _("{field}: up to"),
}


class PortalFilterSet(django_filters.FilterSet):
    """Adds ``q``, a case-insensitive search over the model's text fields in both languages."""

    q = django_filters.CharFilter(method="search", label=_("Search"))
    search_fields: tuple[str, ...] = ()

    @classmethod
    def filter_for_field(cls, field, field_name, lookup_expr=None):
        generated = super().filter_for_field(field, field_name, lookup_expr or "exact")
        if generated.label is None:
            generated.label = format_lazy(LOOKUP_LABELS[generated.lookup_expr], field=capfirst(field.verbose_name))
        return generated

    def search(self, queryset, name, value):
        value = value.strip()
        if not value or not self.search_fields:
            return queryset
        return queryset.filter(reduce(or_, (Q(**{f"{field}__icontains": value}) for field in self.search_fields)))


class PublishableFilterSet(PortalFilterSet):
    """Adds the publication state and the source, which every sourced, publishable record has."""

    publication_status = django_filters.ChoiceFilter(
        choices=PublicationStatusChoices.choices, label=_("publication status")
    )
    source = NaturalKeyInFilter(field_name="source__slug", label=_("source"))
