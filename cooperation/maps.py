"""The cooperation pages' map: where projects take place, by the year they began (the count up to each year)."""

from django.core.exceptions import EmptyResultSet
from django.db.models import Prefetch
from django.urls import reverse
from django.utils.translation import gettext as _
from django.utils.translation import ngettext

from core.maps import TIMELESS, country_map, drawn_once
from reference.models import Country


def project_counts(projects):
    """{iso3: {year: projects begun in that year or before}}, the countries, and the undated projects left out.

    With no dated project at all, each country's count of projects (one column, no years)."""
    countries, dated, undated = {}, {}, {}
    for project in projects:
        for country in project.countries.all():
            countries[country.iso3] = country
            if project.start_year is None:
                undated[country.iso3] = undated.get(country.iso3, 0) + 1
            else:
                dated.setdefault(country.iso3, []).append(project.start_year)
    if not dated:
        return {iso3: {TIMELESS: count} for iso3, count in undated.items()}, list(countries.values()), 0
    years = sorted({year for starts in dated.values() for year in starts})
    values = {}
    for iso3, starts in dated.items():
        for year in years:
            begun = sum(1 for start in starts if start <= year)
            if begun:
                values.setdefault(iso3, {})[year] = begun
    left_out = sum(1 for project in projects if project.start_year is None and project.countries.all())
    return values, [countries[iso3] for iso3 in values], left_out


def projects_map(request, projects, query=""):
    """``projects``: public projects (a list page's filtered queryset); ``query``: its filters (which select
    ``projects``), kept in the citation's and the embed's links. Drawn once for each selection (its SQL) and
    ``query``: thousands of values."""
    try:
        selected = str(projects.query)
    except EmptyResultSet:  # a filter that selects nothing: nothing to share
        selected = None
    return drawn_once(request, ("projects", selected, query), lambda: projects_drawing(projects, query))


def projects_drawing(projects, query):
    places = Country.objects.only("iso3", "name_en", "name_zh", "region")
    projects = list(
        projects.select_related(None)
        .prefetch_related(None)
        .only("start_year", "source", "source_locator", "updated_at")
        .prefetch_related("source", Prefetch("countries", queryset=places))
        .order_by()
    )
    values, countries, left_out = project_counts(projects)
    if not values:
        return None
    timeless = all(TIMELESS in by_year for by_year in values.values())
    title = (
        _("Where cooperation projects take place")
        if timeless
        else _("Where cooperation projects take place: projects begun by each year")
    )
    drawn = country_map(
        title,
        _("number of projects"),
        values,
        countries,
        column_label=_("Projects") if timeless else "",
        decimals=None,
    )
    if left_out:
        drawn.note = ngettext(
            "%(count)d project with no start year is not on the map.",
            "%(count)d projects with no start year are not on the map.",
            left_out,
        ) % {"count": left_out}
    suffix = f"?{query}" if query else ""
    path = f"{reverse('cooperation:project_list')}{suffix}"
    cited = [project for project in projects if project.countries.all()]
    return drawn, path, cited, f"{reverse('portal:embed_map', args=['projects'])}{suffix}"
