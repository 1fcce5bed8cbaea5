"""Filters shared by every app's filtersets.

A model's FilterSet is the one definition of how its records are filtered: the public
list page, the API and the export all use it. Related records are filtered by natural
key (``?country=KAZ,RUS``, ``?alliance=new-silk-road``), never by database id.

A query string is read the same way through every door: a parameter given several times means
all its values (``?country=KAZ&country=RUS`` is ``?country=KAZ,RUS``) where the filter takes
several, and is refused where it takes one; a parameter that is neither a filter nor one of
``NON_FILTER_PARAMETERS`` (a misspelt ``?contry=``) is refused by name, never ignored.
"""

from functools import reduce
from operator import or_

import django_filters
from django.db.models import Q
from django.http import QueryDict
from django.utils.text import capfirst, format_lazy
from django.utils.translation import gettext_lazy as _

from .choices import PublicationStatusChoices

# Parameters the doors read besides the filters: pages, format, sorting, search and language.
NON_FILTER_PARAMETERS = frozenset({"page", "page_size", "format", "ordering", "search", "cursor", "lang", "language"})
# Public pages also take what sharing a link adds to it (analytics, WeChat), which never filters.
PAGE_PARAMETERS = NON_FILTER_PARAMETERS | {
    *(f"utm_{name}" for name in ("source", "medium", "campaign", "term", "content")),
    *("fbclid", "gclid", "from", "isappinstalled", "spm"),
}


def unknown_parameters(query, known, accepted=NON_FILTER_PARAMETERS):
    """{name: message} for each parameter of ``query`` that is neither ``known`` (the filters) nor ``accepted``."""
    message = _("Unknown parameter. The filters are: %(names)s.") % {"names": ", ".join(known)}
    return {name: message for name in query if name not in known and name not in accepted}


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


def problems_with_way_out(request, problems, names=None):
    """What a page shows of a query string it cannot read (``includes/parameter_problems.html``): the
    problems, and its address without the parameters ``names`` (by default those of the problems)."""
    if not problems:
        return None
    kept = request.GET.copy()
    for name in names or problems:
        kept.pop(name, None)
    return {"items": list(problems.items()), "without": f"?{kept.urlencode(safe=',')}"}


class PortalFilterSet(django_filters.FilterSet):
    """Adds ``q``, a case-insensitive search over the model's text fields in both languages."""

    q = django_filters.CharFilter(method="search", label=_("Search"))
    search_fields: tuple[str, ...] = ()

    def __init__(self, data=None, queryset=None, *, request=None, prefix=None, accepted=NON_FILTER_PARAMETERS):
        """``data`` from a query string (a ``QueryDict``) is checked as the module says; ``accepted`` names
        the parameters the door reads itself. A dict given by code is taken as it is."""
        self.parameter_errors = {}
        if data is not None and hasattr(data, "getlist"):
            data = self.read_query(data, accepted)
        super().__init__(data, queryset, request=request, prefix=prefix)

    def read_query(self, query, accepted):
        data = QueryDict(mutable=True)
        for name in query:
            values = query.getlist(name)
            found = self.base_filters.get(name)
            if found is None:
                continue
            if isinstance(found, django_filters.filters.BaseCSVFilter):
                data[name] = ",".join(values)
            elif len(set(values)) > 1:
                self.parameter_errors[name] = _("Give one value, not %(count)s.") % {"count": len(values)}
            else:
                data[name] = values[-1]
        self.parameter_errors.update(unknown_parameters(query, self.base_filters, accepted))
        return data

    @property
    def form(self):
        """The filter form, with the query string's own problems (see the module) among its errors."""
        if not hasattr(self, "_form"):
            form = super().form
            if self.parameter_errors:
                for name, message in self.parameter_errors.items():
                    form.errors.setdefault(name, form.error_class()).append(message)
                    form.cleaned_data.pop(name, None)
        return self._form

    def filter_queryset(self, queryset):
        """Nothing for a query string that cannot be read: no answer rather than a wrong one."""
        if self.parameter_errors:
            return queryset.none()
        return super().filter_queryset(queryset)

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


class SourcedFilterSet(PortalFilterSet):
    """Adds the source, which every record stating a fact cites."""

    source = NaturalKeyInFilter(field_name="source__slug", label=_("source"))


class PublishableFilterSet(SourcedFilterSet):
    """Adds the publication state, which every sourced, publishable record has."""

    publication_status = django_filters.ChoiceFilter(
        choices=PublicationStatusChoices.choices, label=_("publication status")
    )
