"""List pages filtered by the model's FilterSet, the same one the API uses.

The filter state lives in the query string under the FilterSet's own parameter names
(``?country=KAZ&kind=university``), so a filtered list has a stable URL.
"""

from dataclasses import dataclass

from django import forms
from django.db.models import Q
from django.http import QueryDict
from django.utils.translation import get_language
from django.views.generic import ListView

from core.api.pagination import KeysFirstPaginator
from core.cache import once_per_version, public_page
from core.choices import PublicationStatusChoices
from core.filtersets import PAGE_PARAMETERS, problems_with_way_out
from core.models import Likely, pick_language


class ListPaginator(KeysFirstPaginator):
    """The first page in one query (the list's index gives its order); a deeper page by its keys first: with an
    ``OFFSET`` of thousands of joined rows PostgreSQL sorted the whole table on disk (page 150 of the institutions:
    63 ms, against 16 ms for its keys and a few for its 50 records)."""

    def page(self, number):
        if self.validate_number(number) == 1:
            return super(KeysFirstPaginator, self).page(number)
        return super().page(number)


def countries_as_choices(countries):
    """(ISO code, name in the active language) of these countries, by name, without loading whole records."""
    rows = countries.values_list("iso3", "name_en", "name_zh")
    return sorted(((iso3, pick_language(english, chinese)) for iso3, english, chinese in rows), key=lambda c: c[1])


@dataclass
class FilterField:
    """One control of a list page's filter form, as the template draws it."""

    name: str
    label: str
    widget: str  # "search", "select", "number" or "text"
    value: str
    choices: list
    errors: list

    @property
    def id(self):
        return f"filter-{self.name}"


class FilteredListView(ListView):
    """A paginated list of published records, filtered by ``filterset_class``.

    ``filter_fields`` names the filters offered in the form; every other filter of the
    FilterSet (except the publication state) still works from the URL, e.g. ``?source=``
    from a source's page. A view offers choices for a filter with ``<name>_choices()``.
    """

    filterset_class = None
    title = ""
    description = ""
    filter_fields = ("q",)
    filter_labels = {}  # labels for filters whose FilterSet label is not fit for the public
    paginate_by = 50
    paginator_class = ListPaginator
    select_related = ()
    prefetch_related = ()
    request_choices = ()  # the filters whose menus the request selects (not kept, see choices_for)

    @classmethod
    def as_view(cls, **initkwargs):
        return public_page(super().as_view(**initkwargs))

    def get_base_queryset(self):
        model = self.filterset_class._meta.model
        published = Likely(Q(publication_status=PublicationStatusChoices.PUBLISHED))  # a page in the index's order
        queryset = model.objects.filter(published).order_by(*model._meta.ordering)
        return queryset.select_related(*self.select_related).prefetch_related(*self.prefetch_related)

    def filter_data(self):
        """The query string without empty values (a form's blank field) or the publication state (the page
        lists published records); the FilterSet reads the rest, repeated values and unknown names included."""
        data = QueryDict(mutable=True)
        for name, values in self.request.GET.lists():
            values = [value.strip() for value in values if value.strip()]
            if values and name != "publication_status":
                data.setlist(name, values)
        return data

    def get_queryset(self):
        self.filterset = self.filterset_class(
            self.filter_data(), queryset=self.get_base_queryset(), accepted=PAGE_PARAMETERS
        )
        return self.filterset.qs

    def render_to_response(self, context, **response_kwargs):
        """A query string the list cannot read (see ``core.filtersets``) is a 400, neither cached nor indexed,
        but still the page: its message names the parameters, with a link to the list without them."""
        if self.filterset.parameter_errors:
            response_kwargs.setdefault("status", 400)
        return super().render_to_response(context, **response_kwargs)

    def choices_for(self, name):
        """A filter's menu: ``<name>_choices()``, read once per version of the records and language (a
        country menu looks for every country's records) unless the request selects it (``request_choices``)."""
        method = getattr(self, f"{name}_choices", None)
        if method and name in self.request_choices:
            return list(method())
        if method:
            key = ("list choices", type(self).__module__, type(self).__qualname__, name, get_language())
            return list(once_per_version(key, lambda: list(method())))
        field = self.filterset.form.fields.get(name)
        if isinstance(field, forms.ChoiceField):
            return [(str(value), label) for value, label in field.choices if value not in ("", None)]
        return None

    def get_filter_fields(self):
        data, errors = self.filterset.data, self.filterset.form.errors
        fields = []
        for name in self.filter_fields:
            filter_ = self.filterset.filters[name]
            choices = self.choices_for(name)
            if name == "q":
                widget = "search"
            elif choices is not None:
                widget = "select"
            elif "year" in name:
                widget = "number"
            else:
                widget = "text"
            label = self.filter_labels.get(name, filter_.label)
            fields.append(FilterField(name, label, widget, data.get(name, ""), choices or [], errors.get(name, [])))
        return fields

    def get_active_filters(self, fields):
        """The filters in force, each with a link that removes it."""
        labels = {field.name: dict(field.choices) for field in fields}
        for name in self.filterset.data:
            if name not in labels:
                labels[name] = dict(self.choices_for(name) or [])
        active = []
        for name, value in self.filterset.data.items():
            shown = labels.get(name, {}).get(value, value)
            remaining = self.filterset.data.copy()
            del remaining[name]
            label = self.filter_labels.get(name, self.filterset.filters[name].label)
            active.append({"label": label, "value": shown, "remove": f"?{remaining.urlencode(safe=',')}"})
        return active

    def get_context_data(self, **kwargs):
        context = super().get_context_data(**kwargs)
        fields = self.get_filter_fields()
        context.update(
            page_title=self.title,
            page_description=self.description,
            filterset=self.filterset,
            filter_fields=fields,
            active_filters=self.get_active_filters(fields),
            hidden_filters=[
                (name, value) for name, value in self.filterset.data.items() if name not in self.filter_fields
            ],
            result_count=context["paginator"].count if context.get("paginator") else len(context["object_list"]),
            parameter_problems=self.parameter_problems(fields),
        )
        return context

    def parameter_problems(self, fields):
        """The query string's problems not shown at a field of the form."""
        shown = {field.name for field in fields}
        problems = {name: message for name, message in self.filterset.parameter_errors.items() if name not in shown}
        return problems_with_way_out(self.request, problems, self.filterset.parameter_errors)
