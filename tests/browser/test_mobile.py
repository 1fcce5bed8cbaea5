"""The trade explorer on a 375 px phone: the chart's legend clear of its axis label, every country in
the legend, a visible cue when the table scrolls sideways, the table's title whole. Screenshots are
saved under tests/artifacts/ for people to look at."""

import pytest

from trade.views import TradeSelection

from .conftest import ARTIFACTS, PHONE

pytestmark = pytest.mark.django_db(transaction=True)


def overlap(a, b):
    return not (
        a["x"] + a["width"] <= b["x"]
        or b["x"] + b["width"] <= a["x"]
        or a["y"] + a["height"] <= b["y"]
        or b["y"] + b["height"] <= a["y"]
    )


@pytest.mark.parametrize("language", ["en", "zh-hans"])
def test_trade_explorer_on_a_phone(browser, portal, language):
    from django.http import QueryDict
    from django.utils import translation

    with translation.override(language):
        selection = TradeSelection(QueryDict())
        names = [country.name for country in selection.countries]
        unit = selection.table().unit
    assert len(names) == 5 and unit
    ARTIFACTS.mkdir(exist_ok=True)
    context = browser.new_context(viewport=PHONE)
    page = context.new_page()
    page.goto(f"{portal}/{language}/trade/")
    page.wait_for_selector("[data-chart-ready]")
    chart = page.locator("#trade-chart")
    page.screenshot(path=ARTIFACTS / f"trade-explorer-{language}-375.png", full_page=True)

    chart_box = chart.bounding_box()
    label = chart.locator("svg text", has_text=unit).first.bounding_box()
    legend = {name: chart.locator("svg text", has_text=name).first for name in names}
    for name, text in legend.items():
        assert text.count() and text.is_visible(), f"{name} is not in the legend"
        box = text.bounding_box()
        assert not overlap(box, label), f"the legend's {name} overlaps the axis label {unit}"
        assert chart_box["x"] <= box["x"] and box["x"] + box["width"] <= chart_box["x"] + chart_box["width"] + 1

    scroll = page.locator(".table-scroll").first
    wider = page.evaluate("element => element.scrollWidth > element.clientWidth", scroll.element_handle())
    cue = page.locator(".table-scroll__cue").first
    if wider:
        assert cue.is_visible(), "the table scrolls sideways with no cue"
        box = cue.bounding_box()
        assert box["x"] >= 0 and box["x"] + box["width"] <= PHONE["width"]

    title = page.locator(".table-title").first
    assert title.is_visible()
    box = title.bounding_box()
    assert box["x"] >= 0 and box["x"] + box["width"] <= PHONE["width"], "the table's title is clipped"
    assert page.evaluate("element => element.scrollWidth <= element.clientWidth", title.element_handle())
    page.locator("#trade-table").scroll_into_view_if_needed()
    page.screenshot(path=ARTIFACTS / f"trade-table-{language}-375.png")
    context.close()
