"""Public pages of trade and statistics: the trade explorer, its downloads and the indicators."""

import csv
import io
from decimal import Decimal

from django.db.models import Count, F, OuterRef, Subquery
from django.db.models.functions import Coalesce
from django.http import Http404, HttpResponseBadRequest, QueryDict
from django.shortcuts import get_object_or_404, redirect, render
from django.urls import reverse
from django.utils.functional import Promise
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy
from django.views.decorators.http import require_safe

from core.cache import public_page
from core.charts import citation
from core.downloads import escape_formula, file_response
from core.filtersets import PAGE_PARAMETERS, problems_with_way_out, unknown_parameters
from core.lists import FilteredListView
from reference.groups import group_choices

from .filtersets import IndicatorFilterSet
from .maps import indicator_map, trade_map
from .models import Indicator, Observation
from .selections import SeriesTable, TradeSelection
from .series import TRADE_PREFIX

# The explorer's parameters: the TradeRecordFilterSet's names it reads (see TradeSelection.query).
EXPLORER_PARAMETERS = ("country", "group", "flow", "year__gte", "year__lte", "reporter")


def parameter_problems(request):
    """The explorer's query string as core.filtersets reads a list's: a parameter it cannot read is named."""
    return problems_with_way_out(request, unknown_parameters(request.GET, EXPLORER_PARAMETERS, PAGE_PARAMETERS))


def canonical_redirect(request, selection):
    """Send a form submission (``?country=KAZ&country=RUS``) to the selection's one stable URL."""
    countries = request.GET.getlist("country")
    if len(countries) > 1 or any(not value for value in request.GET.values()):
        return redirect(f"{request.path}?{selection.querystring()}")
    return None


def rankings_query(selection):
    """The rankings of the explorer's flow (and group): its link "rank the countries"."""
    query = QueryDict(mutable=True)
    query["series"] = f"{TRADE_PREFIX}{selection.flow}"
    if selection.group:
        query["group"] = selection.group.slug
    return query.urlencode()


@require_safe
@public_page
def explorer(request):
    selection = TradeSelection(request.GET)
    problems = parameter_problems(request)
    response = None if problems else canonical_redirect(request, selection)
    if response:
        return response
    context = selection.context(request)
    context.update(
        flows=selection.flows,
        selected_iso3={country.iso3 for country in selection.countries},
        query=selection.querystring(),
        embed_url=request.build_absolute_uri(selection.path("portal:embed_trade")),
        parameter_problems=problems,
        map=trade_map(request, selection.flow, selection.group, selection.reporter_iso3),
        group_menu={
            "id": "explorer-group",
            "name": "group",
            "label": _("Or a country group"),
            "choices": group_choices(),
            "value": selection.group.slug if selection.group else "",
            "blank": _("Choose a group"),
        },
        rankings_url=f"{reverse('portal:rankings')}?{rankings_query(selection)}",
    )
    return render(request, "trade/explorer.html", context, status=400 if problems else 200)


def plain(value):
    if isinstance(value, Promise):
        return str(value)
    if isinstance(value, Decimal):
        return float(value) if value != value.to_integral_value() else int(value)
    return value


def table_csv(rows, filename):
    buffer = io.StringIO()
    writer = csv.writer(buffer)
    for row in rows:
        writer.writerow(["" if value is None else escape_formula(plain(value)) for value in row])
    return file_response("\ufeff" + buffer.getvalue(), filename)  # a byte-order mark: spreadsheets read UTF-8


def table_xlsx(rows, filename, title, notes):
    from openpyxl import Workbook

    workbook = Workbook()
    sheet = workbook.active
    sheet.title = _("Data")[:31]
    for row in rows:
        sheet.append([escape_formula(plain(value)) for value in row])
    about = workbook.create_sheet(_("About")[:31])
    for line in [title, *notes]:
        about.append([escape_formula(plain(line))])
    buffer = io.BytesIO()
    workbook.save(buffer)
    return file_response(buffer.getvalue(), filename)


@require_safe
@public_page
def download(request, extension):
    """Exactly the table the explorer shows for the same parameters."""
    if extension not in ("csv", "xlsx"):
        raise Http404
    problems = parameter_problems(request)
    if problems:
        text = "\n".join(f"{name}: {message}" for name, message in problems["items"])
        return HttpResponseBadRequest(text, content_type="text/plain; charset=utf-8")
    context = TradeSelection(request.GET).context(request)
    table, selection = context["table"], context["selection"]
    rows = list(table.as_rows())
    if extension == "csv":
        return table_csv(rows, selection.filename("csv"))
    return table_xlsx(rows, selection.filename("xlsx"), table.title, [table.unit, context["cite"]["text"]])


class IndicatorListView(FilteredListView):
    title = gettext_lazy("Statistics")
    description = gettext_lazy(
        "Statistical series of Belt and Road cooperation other than trade: students, agreements, trains and more, "
        "with their units and sources."
    )
    filterset_class = IndicatorFilterSet
    template_name = "trade/indicator_list.html"

    def get_base_queryset(self):
        """Each indicator with its number of values and its latest one (never all its values)."""
        observations = Observation.objects.public().filter(indicator=OuterRef("pk"))
        latest = observations.order_by(F("year").desc(nulls_last=True), F("month").desc(nulls_last=True), "-pk")
        count = observations.order_by().values("indicator").annotate(n=Count("pk")).values("n")
        return (
            super()
            .get_base_queryset()
            .annotate(value_count=Coalesce(Subquery(count), 0), latest_id=Subquery(latest.values("pk")[:1]))
        )

    def get_context_data(self, **kwargs):
        context = super().get_context_data(**kwargs)
        ids = [indicator.latest_id for indicator in context["object_list"] if indicator.latest_id]
        latest = Observation.objects.select_related("country").in_bulk(ids)
        for indicator in context["object_list"]:
            indicator.latest = latest.get(indicator.latest_id)
        return context


def observation_table(indicator, observations):
    """An indicator's dated observations, one series per country (or one for China/all countries), for the chart."""
    series = {}
    for observation in observations:
        if observation.year is None:
            continue
        label = observation.country.name if observation.country_id else _("All countries / China")
        # a range (3,000–5,000) is charted at its midpoint; the values table prints both ends
        series.setdefault(label, {})[observation.year] = observation.chart_value
    return SeriesTable(indicator.name, indicator.unit, list(series.items()), total=False)


@require_safe
@public_page
def indicator_detail(request, slug):
    indicator = get_object_or_404(Indicator.objects.public().select_related("source"), slug=slug)
    observations = list(
        indicator.observations.public()
        .select_related("country")
        .prefetch_related("source")
        .order_by("year", "month", "country")
    )
    table = observation_table(indicator, observations)
    dated = sum(len(values) for _label, values in table.series)
    context = {
        "map": indicator_map(request, indicator, observations),
        "indicator": indicator,
        "observations": observations,
        "table": table,
        "chart": table.chart(kind="bar") if dated >= 2 else None,
        "cite": citation(request, indicator.name, request.path, [indicator, *observations]),
    }
    return render(request, "trade/indicator_detail.html", context)
