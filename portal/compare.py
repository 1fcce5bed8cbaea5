"""The compare page: two to four countries side by side (trade, statistics, institutions, alliance
memberships, projects, milestones), the education-and-trade view in one table.

Every aspect is read for all the countries at once (one query each), so the page runs the same
number of queries whatever the countries hold.
"""

from django.db.models import Count
from django.shortcuts import render
from django.utils.translation import gettext as _
from django.views.decorators.http import require_safe

from alliances.models import Institution, Membership
from cooperation.models import CooperationProject, PartnershipMilestone
from core.cache import public_page
from core.models import pick_language
from core.sparklines import sparkline
from trade.models import Observation
from trade.series import trade_series

from .records import countries_with_records

MIN_COUNTRIES, MAX_COUNTRIES = 2, 4
SHOWN = 5  # statistics and milestones listed per country


def wanted_codes(params):
    return list(
        dict.fromkeys(code.strip().upper() for code in ",".join(params.getlist("country")).split(",") if code.strip())
    )


def counts(queryset, country_field):
    """{country id: number of records} for one aggregate query."""
    rows = queryset.order_by().values(country_field).annotate(n=Count("pk", distinct=True))
    return {row[country_field]: row["n"] for row in rows}


def profiles(countries):
    """Each country's column: {aspect: value} for the template, read for all countries together."""
    ids = [country.pk for country in countries]
    trade = trade_series(members=countries)
    years = trade.years
    institutions = counts(Institution.objects.public().filter(country__in=ids), "country")
    projects = counts(CooperationProject.objects.public().filter(countries__in=ids), "countries")
    memberships = {}
    rows = (
        Membership.objects.public()
        .filter(institution__country__in=ids)
        .order_by("alliance__name_en")
        .values("institution__country", "alliance__slug", "alliance__name_en", "alliance__name_zh")
        .annotate(n=Count("pk"))
    )
    for row in rows:
        name = pick_language(row["alliance__name_en"], row["alliance__name_zh"])
        memberships.setdefault(row["institution__country"], []).append((row["alliance__slug"], name, row["n"]))
    statistics, milestones = {}, {}
    observations = (
        Observation.objects.public()
        .filter(country__in=ids)
        .select_related("indicator")
        .order_by("-year", "-month", "indicator__slug")
    )
    for observation in observations:
        statistics.setdefault(observation.country_id, []).append(observation)
    for milestone in PartnershipMilestone.objects.public().filter(country__in=ids).order_by("-year", "slug"):
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
    return {"columns": columns, "trade_unit": trade.unit, "trade_years": years}


@require_safe
@public_page
def compare(request):
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
        context.update(profiles(countries), codes=",".join(country.iso3 for country in countries))
        context["title"] = _("Compared: %(countries)s") % {"countries": _(", ").join(c.name for c in countries)}
    return render(request, "portal/compare.html", context)
