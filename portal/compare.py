"""The compare page: two to four countries side by side (trade, statistics, institutions, alliance
memberships, projects, milestones), the education-and-trade view in one table.

Every aspect is read for all the countries at once (one query each), so the page runs the same
number of queries whatever the countries hold. Like every chart and map, the comparison has a "cite
this" (the sources of all it shows) and an embeddable version (the table alone, ``embed_compare``).
"""

from types import SimpleNamespace

from django.db.models import Count, Max
from django.http import Http404
from django.shortcuts import render
from django.urls import reverse
from django.utils.translation import gettext as _
from django.views.decorators.clickjacking import xframe_options_exempt
from django.views.decorators.http import require_safe

from alliances.models import Institution, Membership
from cooperation.models import CooperationProject, PartnershipMilestone
from core.cache import public_page
from core.charts import citation
from core.models import pick_language
from core.sparklines import sparkline
from reference.models import Source
from trade.models import Observation
from trade.series import trade_series

from .records import countries_with_records

MIN_COUNTRIES, MAX_COUNTRIES = 2, 4
SHOWN = 5  # statistics and milestones listed per country


def wanted_codes(params):
    return list(
        dict.fromkeys(code.strip().upper() for code in ",".join(params.getlist("country")).split(",") if code.strip())
    )


def counts(queryset, country_field, cited):
    """{country id: number of records} for one aggregate query; adds the sources they cite to ``cited``."""
    rows = queryset.order_by().values(country_field, "source").annotate(n=Count("pk", distinct=True))
    found = {}
    for row in rows.annotate(latest=Max("updated_at")):
        found[row[country_field]] = found.get(row[country_field], 0) + row["n"]
        cited[row["source"]] = max(cited.get(row["source"], row["latest"]), row["latest"])
    return found


def counted_records(cited):
    """The sources of records the page counts rather than shows, as records a citation reads: the
    source and the latest change, without the place in it (a count can stand for thousands of places)."""
    sources = Source.objects.in_bulk(cited)
    return [SimpleNamespace(source=sources[pk], source_locator="", updated_at=latest) for pk, latest in cited.items()]


def profiles(countries):
    """Each country's column: {aspect: value} for the template, read for all countries together."""
    ids = [country.pk for country in countries]
    trade = trade_series(members=countries)
    years = trade.years
    cited = {}  # source id -> the latest change to a counted record citing it
    institutions = counts(Institution.objects.public().filter(country__in=ids), "country", cited)
    projects = counts(CooperationProject.objects.public().filter(countries__in=ids), "countries", cited)
    memberships = {}
    rows = (
        Membership.objects.public()
        .filter(institution__country__in=ids)
        .order_by("alliance__name_en", "alliance__slug")
        .values("institution__country", "alliance__slug", "alliance__name_en", "alliance__name_zh", "source")
        .annotate(n=Count("pk"), latest=Max("updated_at"))
    )
    for row in rows:
        cited[row["source"]] = max(cited.get(row["source"], row["latest"]), row["latest"])
        name = pick_language(row["alliance__name_en"], row["alliance__name_zh"])
        shown = memberships.setdefault(row["institution__country"], [])
        if shown and shown[-1][0] == row["alliance__slug"]:  # the same alliance, members citing another source
            shown[-1] = (row["alliance__slug"], name, shown[-1][2] + row["n"])
        else:
            shown.append((row["alliance__slug"], name, row["n"]))
    statistics, milestones = {}, {}
    observations = (
        Observation.objects.public()
        .filter(country__in=ids)
        .select_related("indicator", "source")
        .order_by("-year", "-month", "indicator__slug")
    )
    for observation in observations:
        statistics.setdefault(observation.country_id, []).append(observation)
    shown_milestones = PartnershipMilestone.objects.public().filter(country__in=ids).select_related("source")
    for milestone in shown_milestones.order_by("-year", "slug"):
        milestones.setdefault(milestone.country_id, []).append(milestone)
    columns = []
    for country in countries:
        by_year = trade.values.get(country.iso3, {})
        latest = max(by_year) if by_year else None
        columns.append(
            {
                "country": country,
                "trade_year": latest,
                "trade_value": by_year.get(latest),
                "trade_sparkline": sparkline(by_year, years),
                "statistics": statistics.get(country.pk, [])[:SHOWN],
                "statistics_count": len(statistics.get(country.pk, [])),
                "institutions": institutions.get(country.pk, 0),
                "memberships": memberships.get(country.pk, []),
                "projects": projects.get(country.pk, 0),
                "milestones": milestones.get(country.pk, [])[:SHOWN],
                "milestone_count": len(milestones.get(country.pk, [])),
            }
        )
    records = [
        *trade.records,
        *(shown for column in columns for shown in column["statistics"] + column["milestones"]),
        *counted_records(cited),
    ]
    return {"columns": columns, "trade_unit": trade.unit, "trade_years": years, "records": records}


def comparison(request):
    """The page's context: the menus, the countries and, for two or more, their columns and citation."""
    codes = wanted_codes(request.GET)
    available = sorted(countries_with_records().only("iso3", "name_en", "name_zh"), key=lambda c: c.name)
    by_iso3 = {country.iso3: country for country in available}
    countries = [by_iso3[code] for code in codes if code in by_iso3][:MAX_COUNTRIES]
    choices = [(country.iso3, country.name) for country in available]
    chosen = [country.iso3 for country in countries] + [""] * (MAX_COUNTRIES - len(countries))
    context = {
        "menus": [
            {
                "id": f"compare-country-{number}",
                "name": "country",
                "label": _("Country %(number)s") % {"number": number},
                "choices": choices,
                "value": iso3,
                "blank": _("None"),
            }
            for number, iso3 in enumerate(chosen, start=1)
        ],
        "unknown": [code for code in codes if code not in by_iso3],
        "truncated": len([code for code in codes if code in by_iso3]) > MAX_COUNTRIES,
        "countries": countries,
        "max_countries": MAX_COUNTRIES,
        "min_countries": MIN_COUNTRIES,
    }
    if len(countries) >= MIN_COUNTRIES:
        codes = ",".join(country.iso3 for country in countries)
        title = _("Compared: %(countries)s") % {"countries": _(", ").join(c.name for c in countries)}
        context.update(profiles(countries), codes=codes, title=title)
        path = f"{reverse('portal:compare')}?country={codes}"
        context["cite"] = citation(request, title, path, context.pop("records"))
        context["embed_url"] = request.build_absolute_uri(f"{reverse('portal:embed_compare')}?country={codes}")
        context["full_url"] = context["cite"]["url"]
    return context


@require_safe
@public_page
def compare(request):
    return render(request, "portal/compare.html", comparison(request))


@require_safe
@xframe_options_exempt
@public_page
def embed_compare(request):
    """The comparison's table alone, for an iframe on another site."""
    context = comparison(request)
    if "columns" not in context:
        raise Http404
    return render(request, "portal/embed_compare.html", context)
