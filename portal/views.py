"""The portal's own pages: home, search, countries, sources, data and API, embeds."""

import json

from django.conf import settings
from django.db.models import Count, Prefetch, Sum
from django.http import HttpResponse
from django.shortcuts import get_object_or_404, redirect, render
from django.urls import reverse
from django.utils.translation import get_language
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy as _lazy
from django.views.decorators.clickjacking import xframe_options_exempt
from django.views.decorators.http import require_safe

from alliances.models import Alliance, AllianceFigure, Institution, Membership
from alliances.selections import alliance_context
from cooperation.models import CooperationProject, PolicyProblem, Recommendation
from core.cache import RECORD_PAGES, once_per_version, public_page
from core.charts import citation
from core.choices import PublicationStatusChoices
from core.registry import entry_by_key, entry_for
from reference.filtersets import SourceFilterSet
from reference.models import Country, Source
from releases.catalogue import schema_dataset
from releases.citing import citation_list, source_work
from trade.choices import TradeFlowChoices, TradeUnitChoices
from trade.maps import trade_map
from trade.models import REPORTER_DEFAULT_ISO3, Observation, TradeRecord
from trade.selections import SeriesTable, TradeSelection, latest_year, unit_label

from .records import cited, countries_with_record_kinds, countries_with_records, public_records
from .search import Results
from .search import search as run_search
from .search.text import MAX_QUERY_LENGTH

SEARCH_FACETS = (
    ("type", _lazy("Record type")),
    ("country", _lazy("Country")),
    ("year", _lazy("Year")),
    ("source", _lazy("Source")),
)
NEWEST_PER_TYPE = 6
NEWEST_SHOWN = 8
SHOWN_PER_TYPE = 20
NEWEST_TYPES = ("alliance", "institution", "project", "problem", "recommendation", "indicator", "milestone")


def headline_figures():
    """The home page's figures, all computed from the published records."""
    alliances = list(
        Alliance.objects.public().prefetch_related(Prefetch("figures", queryset=AllianceFigure.objects.public()))
    )
    latest = [figure for figure in (alliance.latest_figure() for alliance in alliances) if figure]
    members = [figure for figure in latest if figure.member_count is not None]
    china = Country.objects.filter(iso3=REPORTER_DEFAULT_ISO3).values_list("pk", flat=True).first()
    trade = TradeRecord.objects.public().filter(reporter=china, flow=TradeFlowChoices.TOTAL)
    year = latest_year(trade)
    totals = list(trade.filter(year=year).values("unit").annotate(total=Sum("value"), partners=Count("id")))
    main = max(totals, key=lambda row: row["partners"], default=None)
    return {
        "alliances": len(alliances),
        "members": sum(figure.member_count for figure in members),
        "members_minimum": any(figure.member_count_is_minimum for figure in members),
        "countries": countries_with_records().count(),
        "projects": CooperationProject.objects.public().count(),
        "problems": PolicyProblem.objects.public().count(),
        "recommendations": Recommendation.objects.public().count(),
        "trade_year": year,
        "trade_total": main["total"] if main else None,
        "trade_partners": main["partners"] if main else 0,
        "trade_unit": TradeUnitChoices(main["unit"]).label if main else "",
    }


def newest_records():
    records = []
    for key in NEWEST_TYPES:
        record_type = entry_by_key(key)
        # The newest have the highest ids: the primary key's order costs nothing, unlike created_at's.
        records += public_records(record_type).order_by("-pk")[:NEWEST_PER_TYPE]
    records.sort(key=lambda record: record.created_at, reverse=True)
    return [(entry_for(type(record)), record) for record in records[:NEWEST_SHOWN]]


@require_safe
@public_page
def home(request):
    # Counted and read once per version of the records (a dozen statements over 100,000 trade records and more).
    figures = once_per_version(("headline figures", get_language()), headline_figures)
    context = {"figures": figures, "newest": once_per_version(("newest",), newest_records), "map": trade_map(request)}
    return render(request, "portal/home.html", context)


@require_safe
@public_page
def search(request):
    query = request.GET.get("q", "").strip()[:MAX_QUERY_LENGTH]
    results = run_search(query, request.GET) if query else Results(query)
    context = {
        "search_query": query,
        "groups": results.groups,
        "total": results.total,
        "facets": results.facets,
        "filters": results.filters,
        "facet_names": SEARCH_FACETS,
        "pattern": results.pattern,
        "corrected": results.corrected,
    }
    return render(request, "portal/search.html", context)


@require_safe
@public_page
def country_list(request):
    countries = sorted(countries_with_record_kinds(), key=lambda country: country.name)
    return render(request, "portal/country_list.html", {"countries": countries})


def country_records(country):
    """A country's page: its records of each kind (the first ``SHOWN_PER_TYPE``) and China's trade with it."""
    institutions = Institution.objects.public().filter(country=country).order_by("name_en", "name_zh")
    shown_institutions = list(institutions[:SHOWN_PER_TYPE])
    projects = CooperationProject.objects.public().filter(countries=country).select_related("mode")
    shown_projects = list(projects[:SHOWN_PER_TYPE])
    memberships = (
        Alliance.objects.public()
        .filter(
            Membership.objects.public_condition("memberships__"),
            memberships__institution__country=country,
        )
        .annotate(member_count=Count("memberships"))
    )
    trade_records = list(
        TradeRecord.objects.public()
        .filter(reporter__iso3=REPORTER_DEFAULT_ISO3, partner=country)
        .prefetch_related("source")
        .order_by("year", "flow")
    )
    by_flow = {}
    for record in trade_records:
        by_flow.setdefault(record.flow, {})[record.year] = record.value
    title = _("China's trade with %(country)s") % {"country": country.name}
    series = [(label, by_flow[flow]) for flow, label in TradeFlowChoices.choices if flow in by_flow]
    trade = SeriesTable(title, unit_label(record.unit for record in trade_records), series, total=False, decimals=1)
    explorer = f"{reverse('trade:explorer')}?country={country.iso3}&flow=total"
    return {
        "trade_records": trade_records,
        "trade_title": title,
        "milestones": list(country.milestones.public().prefetch_related("source")),
        "institutions": shown_institutions,
        "institution_count": institutions.count()
        if len(shown_institutions) == SHOWN_PER_TYPE
        else len(shown_institutions),
        "alliances": list(memberships),
        "alliance_figures": list(
            AllianceFigure.objects.public().filter(country=country).select_related("alliance", "source")
        ),
        "projects": shown_projects,
        "project_count": projects.count() if len(shown_projects) == SHOWN_PER_TYPE else len(shown_projects),
        "trade": trade if trade_records else None,
        "chart": trade.chart() if trade_records else None,
        "trade_explorer_url": explorer,
        "observations": list(
            Observation.objects.public().filter(country=country).select_related("indicator").prefetch_related("source")
        ),
        "shown_per_type": SHOWN_PER_TYPE,
    }


@require_safe
@public_page
def country_detail(request, iso3):
    if iso3 != iso3.upper():
        return redirect("portal:country_detail", iso3=iso3.upper(), permanent=True)
    country = get_object_or_404(
        countries_with_records().select_related("bri_status_source", "recognition_status_source"), iso3=iso3
    )
    # What the page shows of the country's records, read once per version of the records (a dozen statements).
    context = {
        **once_per_version(("country", country.pk, get_language()), lambda: country_records(country), RECORD_PAGES)
    }
    context["country"] = country
    records = context["trade_records"]
    context["cite"] = (
        citation(request, context["trade_title"], context["trade_explorer_url"], records) if records else None
    )
    return render(request, "portal/country_detail.html", context)


def count_by_source(queryset):
    return dict(queryset.order_by().values("source").annotate(n=Count("pk")).values_list("source", "n"))


def citing_counts():
    """How many public records of each type cite each source: {source id: [(type, count)]}, counted once per
    version of the records (a count a type, some of 100,000 rows).

    For a table of its own, published = all − unpublished: counting all rows by source reads
    only the source index, and the unpublished are few, where counting the published ones
    directly reads every row (100,000 trade records: 6 ms against 30 ms on SQLite).
    """
    return once_per_version(("citing counts",), count_citing)


def count_citing():
    unpublished = [value for value in PublicationStatusChoices.values if value != PublicationStatusChoices.PUBLISHED]
    counts = {}
    for record_type in cited():
        model = record_type.model
        if getattr(model, "public_requires", ()) or not hasattr(model, "publication_status"):
            published = count_by_source(public_records(record_type))
        else:
            published = count_by_source(model.objects.all())
            for source_id, n in count_by_source(model.objects.filter(publication_status__in=unpublished)).items():
                published[source_id] -= n
        for source_id, n in published.items():
            if n:
                counts.setdefault(source_id, []).append((record_type, n))
    return counts


@require_safe
@public_page
def source_list(request):
    """Every public source with what cites it; ``?q=`` narrows the list (the search page's "see all" link)."""
    counts = citing_counts()
    public = SourceFilterSet({"q": request.GET.get("q", "")}, queryset=Source.objects.public()).qs
    sources = [(source, counts.get(source.pk, [])) for source in public]
    return render(request, "portal/source_list.html", {"sources": sources})


@require_safe
@public_page
def source_detail(request, slug):
    source = get_object_or_404(Source.objects.public(), slug=slug)
    # What cites it, read once per version of the records (two statements for each kind of record).
    context = {**once_per_version(("source", source.pk, get_language()), lambda: records_citing(source), RECORD_PAGES)}
    context["source"] = source
    context["citations"] = citation_list(source_work(request, source, request.path))
    return render(request, "portal/source_detail.html", context)


def records_citing(source):
    """The records citing a source (the first ``SHOWN_PER_TYPE`` of each type), and the countries whose
    status it gives."""
    groups = []
    for record_type in cited():
        citing = public_records(record_type).filter(source=source)
        shown = list(citing[:SHOWN_PER_TYPE])
        if shown:
            count = len(shown) if len(shown) < SHOWN_PER_TYPE else citing.count()
            list_url = f"{reverse(record_type.list_url)}?source={source.slug}" if record_type.list_url else ""
            groups.append({"type": record_type, "records": shown, "count": count, "list_url": list_url})
    statuses = Country.objects.filter(bri_status_source=source) | Country.objects.filter(
        recognition_status_source=source
    )
    return {"groups": groups, "countries": list(statuses.distinct())}


def public_counts():
    """[(type, number of public records)], counted once per version of the records (100,000 trade records)."""
    return [
        (record_type, public_records(record_type).count())
        for record_type in cited()
        if record_type.model is not Membership
    ]


@require_safe
@public_page
def data(request):
    counts = once_per_version(("public counts",), public_counts)
    context = {"counts": counts, "explorer_url": reverse("trade:explorer"), "sitemap_url": reverse("sitemap")}
    context["schema_json"] = json.dumps(schema_dataset(request), ensure_ascii=False)
    context["license"] = settings.DATA_LICENSE
    return render(request, "portal/data.html", context)


@require_safe
@xframe_options_exempt
@public_page
def embed_trade(request):
    selection = TradeSelection(request.GET)
    context = selection.context(request)
    context["full_url"] = request.build_absolute_uri(selection.path())
    return render(request, "portal/embed_trade.html", context)


@require_safe
@xframe_options_exempt
@public_page
def embed_alliance(request, slug):
    context = alliance_context(request, slug)
    context["full_url"] = request.build_absolute_uri(reverse("alliances:alliance_detail", args=[slug]))
    return render(request, "portal/embed_alliance.html", context)


@require_safe
def robots(request):
    sitemap = request.build_absolute_uri(reverse("sitemap"))
    lines = ["User-agent: *", "Disallow: /en/admin/", "Disallow: /zh-hans/admin/", f"Sitemap: {sitemap}", ""]
    return HttpResponse("\n".join(lines), content_type="text/plain")
