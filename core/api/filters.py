"""Search and ordering for every list; the filters themselves are each model's FilterSet."""

import re
from decimal import Decimal, InvalidOperation

import django_filters
from django.db import connections, models, router
from django.db.models import Q
from django.utils.translation import gettext_lazy as _
from django_filters.rest_framework import DjangoFilterBackend
from django_filters.utils import get_model_field
from rest_framework import filters
from rest_framework.exceptions import ValidationError

from core.models import any_filled

WHOLE_NUMBER = re.compile(r"^-?\d{1,10}$")
INTEGER_LIMIT = 2**31 - 1  # query values beyond these are refused, not sent to the database
NUMBER_LIMIT = Decimal("1e50")
BOOLEAN_WORDS = {"true", "false", "1", "0"}
NO_NUL = "^[^\\x00]*$"  # the pattern the schema gives text parameters
# Bounds on the work one request may ask for (a search of 900 words took 22 s on PostgreSQL).
MAX_SEARCH_TERMS = 10
MAX_TERM_LENGTH = 100
MAX_FILTER_VALUES = 100


def value_problem(model, flt, value):
    """Why a query value cannot be used for a filter, or None. The schema states the same rules."""
    text = value.strip()
    if "\x00" in value:
        return _("Null characters are not allowed.")
    if isinstance(flt, django_filters.BaseCSVFilter) and value.count(",") >= MAX_FILTER_VALUES:
        return _("At most %(limit)s values.") % {"limit": MAX_FILTER_VALUES}
    if isinstance(flt, django_filters.BaseCSVFilter) or type(flt) is django_filters.CharFilter:
        return None
    if not text:
        return _("Give a value, or leave the parameter out.")
    if isinstance(flt, django_filters.BooleanFilter) and text.lower() not in BOOLEAN_WORDS:
        return _("true or false.")
    if isinstance(flt, django_filters.NumberFilter):
        if isinstance(get_model_field(model, flt.field_name), models.IntegerField):
            if not WHOLE_NUMBER.match(text) or abs(int(text)) > INTEGER_LIMIT:
                return _("A whole number.")
        else:
            try:
                number = Decimal(text)
            except InvalidOperation:
                number = None
            if number is None or not number.is_finite() or abs(number) > NUMBER_LIMIT:
                return _("A number between -1e50 and 1e50.")
    return None


class FilterBackend(DjangoFilterBackend):
    """The model's FilterSet, with its values checked as strictly as the schema states them.

    django-filter reads a year filter with a decimal field (``year__lte=2015.5``) and ignores an
    empty or unreadable value (``?member_count_is_minimum=perhaps``); the API refuses both.
    """

    def filter_queryset(self, request, queryset, view):
        filterset_class = getattr(view, "filterset_class", None)
        errors = {}
        for name, flt in getattr(filterset_class, "base_filters", {}).items():
            values = request.query_params.getlist(name)
            if len(values) > MAX_FILTER_VALUES:
                errors[name] = _("At most %(limit)s values.") % {"limit": MAX_FILTER_VALUES}
            for value in values:
                problem = value_problem(filterset_class._meta.model, flt, value)
                if problem:
                    errors[name] = problem
        if errors:
            raise ValidationError(errors, "invalid")
        return super().filter_queryset(request, queryset, view)


class SearchFilter(filters.SearchFilter):
    """``?search=`` over the fields the model's FilterSet searches with ``q``: one definition of "searchable".

    Several words must each match one of the fields.
    """

    search_description = _("Words to find in the record's names, titles and descriptions (both languages).")

    def get_search_terms(self, request):
        terms = super().get_search_terms(request)
        if len(terms) > MAX_SEARCH_TERMS or any(len(term) > MAX_TERM_LENGTH for term in terms):
            message = _("At most %(terms)s words of at most %(length)s characters each.")
            raise ValidationError({self.search_param: message % {"terms": MAX_SEARCH_TERMS, "length": MAX_TERM_LENGTH}})
        return terms

    def get_search_fields(self, view, request):
        filterset_class = getattr(view, "filterset_class", None)
        return getattr(filterset_class, "search_fields", None) or None

    def filter_queryset(self, request, queryset, view):
        fields = self.get_search_fields(view, request)
        terms = self.get_search_terms(request)
        if not fields or not terms:
            return queryset
        sparse = getattr(getattr(view, "filterset_class", None), "sparse_search_fields", ())
        for term in terms:
            queryset = queryset.filter(self.condition(queryset.model, fields, term, sparse))
        if any(queryset.model._meta.get_field(path.partition("__")[0]).many_to_many for path in fields):
            queryset = queryset.distinct()
        return queryset

    @staticmethod
    def condition(model, fields, term, sparse=()):
        """One word in any of the fields, written so that the database finds the records through indexes.

        Fields behind a foreign key are searched in the related table first, and the matching keys given
        as a list (``partner__name_en`` → ``partner_id IN (117)``): a million records are never joined to be
        searched, and the list is looked up in the foreign key's index. Fields most records leave empty
        (``sparse``, with a partial index on the records that fill one: ``core.models.any_filled``) are
        searched through that index, the matching records' ids given as a list too. With such lists
        alone, PostgreSQL and SQLite find the records by combining indexes rather than reading the table.

        A broad word (more related matches than ``keys_max``, e.g. "a") is searched as before, by subquery
        and condition: read in index order, the first page comes at once, where a combination of indexes
        would collect most of the table first. SQLite, without statistics, cannot tell a long list from a
        short one: for it the bound is low. Notes beyond ``RESOLVED_MAX`` matches stay a condition too.
        """
        condition, related, noted = Q(), {}, []
        for path in fields:
            name, _sep, rest = path.partition("__")
            field = model._meta.get_field(name)
            if rest and field.many_to_one:
                related.setdefault(field, []).append(rest)
            elif path in sparse:
                noted.append(path)
            else:
                condition |= Q(**{f"{path}__icontains": term})
        broad = False
        for field, paths in related.items():
            matches = field.related_model._default_manager.filter(any_contains(paths, term)).values("pk")
            keys = resolved(matches, keys_max(model))
            broad = broad or keys is None
            condition |= Q(**{f"{field.name}__in": matches if keys is None else keys})
        if noted:
            filled = any_filled(*noted) & any_contains(noted, term)
            keys = None if broad else resolved(model._default_manager.filter(filled).values("pk"), RESOLVED_MAX)
            condition |= filled if keys is None else Q(pk__in=keys)
        return condition


RESOLVED_MAX = 1000  # keys given as a list in a search's query; beyond, a subquery or a condition
SQLITE_RELATED_KEYS_MAX = 20  # related keys, on SQLite (no statistics to weigh a long list)


def keys_max(model):
    """How many related keys a search gives as a list, on the database of ``model``."""
    vendor = connections[router.db_for_read(model)].vendor
    return SQLITE_RELATED_KEYS_MAX if vendor == "sqlite" else RESOLVED_MAX


def any_contains(paths, term):
    condition = Q()
    for path in paths:
        condition |= Q(**{f"{path}__icontains": term})
    return condition


def resolved(subquery, limit):
    """The keys ``subquery`` selects, as a list; None beyond ``limit``."""
    keys = [row["pk"] for row in subquery.order_by()[: limit + 1]]
    return keys if len(keys) <= limit else None


def sortable(*names, **paths):
    """A viewset's ``ordering_fields``: fields sorted by themselves, and public names for ORM paths."""
    return {**{name: [name] for name in names}, **paths}


class OrderingFilter(filters.OrderingFilter):
    """``?ordering=-year,country``: the viewset's ``ordering_fields`` maps each public name to ORM paths.

    The database id is appended as the last key, so pages never overlap or skip records.
    """

    ordering_description = _("Sort by these fields, comma-separated; a leading - sorts descending.")

    def get_valid_fields(self, queryset, view, context=None):
        return [(name, name) for name in getattr(view, "ordering_fields", {})]

    def get_ordering(self, request, queryset, view):
        mapping = getattr(view, "ordering_fields", {})
        paths, unknown = [], []
        text = request.query_params.get(self.ordering_param)
        for term in (text or "").split(","):
            term = term.strip()
            descending, name = term.startswith("-"), term[1:] if term.startswith("-") else term
            if name not in mapping:
                unknown.append(term)
            paths += [f"-{path}" if descending else path for path in mapping.get(name, ())]
        if text is not None and unknown:
            message = _("Sort by one or more of: %(fields)s.") % {"fields": ", ".join(mapping)}
            raise ValidationError({self.ordering_param: message}, "invalid")
        if not paths:
            paths = list(getattr(view, "ordering", None) or queryset.model._meta.ordering)
        return [*paths, "pk"]

    def get_schema_operation_parameters(self, view):
        names = list(getattr(view, "ordering_fields", {}))
        return [
            {
                "name": self.ordering_param,
                "required": False,
                "in": "query",
                "description": str(self.ordering_description),
                "schema": {
                    "type": "array",
                    "minItems": 1,
                    "items": {"type": "string", "enum": [v for name in names for v in (name, f"-{name}")]},
                },
                "style": "form",
                "explode": False,
            }
        ]
