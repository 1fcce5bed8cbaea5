"""The rankings page: for any series and year, the countries ranked by value, change over a span, or share."""

from django.shortcuts import render
from django.urls import reverse
from django.utils.translation import gettext as _
from django.views.decorators.http import require_safe

from core.cache import public_page
from core.charts import citation
from core.filtersets import problems_with_way_out, unknown_parameters
from core.maps import TIMELESS
from reference.groups import group_choices, group_from
from trade.rankings import ORDERS, ranking
from trade.series import DEFAULT_SERIES, series_by_key, series_choices

PARAMETERS = ("series", "year", "since", "by", "group")


def year_in(value, years, default):
    try:
        year = int(value)
    except (TypeError, ValueError):
        return default
    return year if year in years else default


@require_safe
@public_page
def rankings(request):
    params = request.GET
    problems = unknown_parameters(params, PARAMETERS, ())
    choices = series_choices()
    key = params.get("series") or DEFAULT_SERIES
    if key not in dict(choices):
        problems["series"] = _("No series “%(key)s” has values for countries.") % {"key": key}
    group = group_from(params)
    if params.get("group") and group is None:
        problems["group"] = _("No country group “%(slug)s”.") % {"slug": params["group"]}
    order = params.get("by") or "value"
    if order not in ORDERS:
        problems["by"] = _("Rank by value, change or share.")
    orders = [("value", _("Value")), ("change", _("Change over the span")), ("share", _("Share of the total"))]
    menus = [
        {"id": "rank-series", "name": "series", "label": _("Series"), "choices": choices, "value": key},
        {"id": "rank-by", "name": "by", "label": _("Rank by"), "choices": orders, "value": order},
        {
            "id": "rank-group",
            "name": "group",
            "label": _("Countries"),
            "choices": group_choices(),
            "value": group.slug if group else "",
            "blank": _("All countries"),
        },
    ]
    context = {
        "menus": menus,
        "parameter_problems": problems_with_way_out(request, problems),
        "group": group,
        "order": order,
        "key": key,
    }
    series = None if problems else series_by_key(key, group.members.all() if group else None)
    if series is not None and series.values:
        years = series.years or [TIMELESS]
        year = year_in(params.get("year"), years, years[-1])
        since = year_in(params.get("since"), [y for y in years if y != TIMELESS and y < year], None)
        if since is None and series.years and year != years[0]:
            since = years[0]
        rows, total = ranking(series, year, since, order)
        if series.years:
            spans = [(each, each) for each in series.years]
            menus[1:1] = [
                {"id": "rank-year", "name": "year", "label": _("Year"), "choices": spans, "value": year},
                {"id": "rank-since", "name": "since", "label": _("Change since"), "choices": spans, "value": since},
            ]
        title = _("%(series)s: countries ranked, %(year)s") % {"series": series.title, "year": year}
        if group:
            title = f"{title} — {group.name}"
        path = f"{reverse('portal:rankings')}?{request.GET.urlencode(safe=',')}"
        records = series.records_of({row.country.iso3 for row in rows})
        context.update(
            series=series,
            year=year,
            since=since,
            years=series.years,
            rows=rows,
            total=total,
            title=title,
            cite=citation(request, title, path, records),
        )
    status = 400 if problems else 200
    return render(request, "portal/rankings.html", context, status=status)
