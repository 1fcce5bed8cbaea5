"""The maps of trade and of the statistics: a series (``trade.series``) drawn on the map, cited and embeddable."""

from django.http import QueryDict
from django.urls import reverse
from django.utils.translation import gettext as _
from django.utils.translation import ngettext

from core.maps import country_map, drawn_once

from .choices import TradeFlowChoices
from .models import REPORTER_DEFAULT_ISO3
from .series import indicator_series, trade_series


def series_map(request, series, embed_path):
    """A series as a map with its table, its citation and its embed; None if no country has a value."""
    drawing = series_drawing(series, embed_path)
    return drawing[0].cited(request, *drawing[1:]) if drawing else None


def series_drawing(series, embed_path):
    """The series' map and what cites it (``CountryMap.cited``'s arguments); None if no country has a value."""
    if not series.values:
        return None
    timeless = series.timeless
    column = (series.unit or _("Value")) if timeless else ""
    drawn = country_map(
        series.title, series.unit, series.values, series.countries, column_label=column, decimals=series.decimals
    )
    if series.left_out:
        drawn.note = ngettext(
            "%(count)d value with no year is not on the map.",
            "%(count)d values with no year are not on the map.",
            series.left_out,
        ) % {"count": series.left_out}
    return drawn, series.path, series.records, embed_path


def trade_map(request, flow=TradeFlowChoices.TOTAL, group=None, reporter_iso3=REPORTER_DEFAULT_ISO3):
    """China's trade in one flow with every partner (or a group's), by year: the explorer's and the home page's,
    whatever countries the explorer shows (drawn once: thousands of values)."""

    def draw():
        series = trade_series(flow, group.members.all() if group else None, reporter_iso3)
        query = QueryDict(mutable=True)
        query["flow"] = flow
        if group:
            query["group"] = group.slug
        if reporter_iso3 != REPORTER_DEFAULT_ISO3:
            query["reporter"] = reporter_iso3
        series.path = f"{reverse('trade:explorer')}?{query.urlencode()}"
        return series_drawing(series, f"{reverse('portal:embed_map', args=['trade'])}?{query.urlencode()}")

    return drawn_once(request, ("trade", flow, group.slug if group else None, reporter_iso3), draw)


def indicator_map(request, indicator, observations=None):
    """An indicator's values for countries, by year where they are dated."""
    series = indicator_series(indicator, observations)
    return series_map(request, series, reverse("portal:embed_map", args=["statistics", indicator.slug]))
