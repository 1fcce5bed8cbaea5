"""The maps in Chromium: drawn on every page that has one, the year slider moves them, a country opens its
profile, nothing is wider than a phone. Screenshots at 1280 and 375 px are saved under tests/artifacts/."""

import pytest

from .conftest import ARTIFACTS, DESKTOP, PHONE

pytestmark = pytest.mark.django_db(transaction=True)

MAP_PAGES = {
    "map-trade": "/en/trade/?group=central-asia",
    "map-statistics": "/zh-hans/statistics/chinese-visa-free-tourists-to-russia/",
    "map-alliance": "/en/alliances/new-silk-road/",
    "map-cooperation": "/zh-hans/cooperation/",
    "map-projects": "/en/cooperation/projects/",
    "map-group": "/zh-hans/groups/south-caucasus/",
    "map-embed": "/en/embed/maps/trade/?flow=total",
}
OTHER_PAGES = {
    "rankings": "/zh-hans/rankings/?series=trade.total&by=change&since=2013",
    "compare": "/en/compare/?country=KAZ,RUS,UZB,CHN",
    "compare-embed": "/zh-hans/embed/compare/?country=KAZ,RUS,UZB,CHN",
    "groups": "/en/groups/",
}


def wider_than_the_screen(page):
    """Is the page wider than the screen (the citations included: they wrap)?"""
    return page.evaluate("document.documentElement.scrollWidth > document.documentElement.clientWidth")


@pytest.mark.parametrize("viewport", [DESKTOP, PHONE], ids=["1280px", "375px"])
def test_every_map_is_drawn_and_fits_the_screen(browser, portal, viewport):
    ARTIFACTS.mkdir(exist_ok=True)
    context = browser.new_context(viewport=viewport)
    page = context.new_page()
    errors = []
    page.on("pageerror", lambda error: errors.append(str(error)))
    for name, path in {**MAP_PAGES, **OTHER_PAGES}.items():
        page.goto(f"{portal}{path}")
        if name in MAP_PAGES:
            page.wait_for_selector("[data-map-ready]")
            drawn = page.locator("[data-map] svg text").count()
            assert drawn >= int(page.locator("[data-map-ready]").first.get_attribute("data-map-ready")), path
        page.screenshot(path=ARTIFACTS / f"{name}-{viewport['width']}.png", full_page=True)
        assert not wider_than_the_screen(page), f"{path} is wider than {viewport['width']} px"
    assert errors == []
    context.close()


def test_nothing_new_is_wider_than_a_360px_screen(browser, portal):
    context = browser.new_context(viewport={"width": 360, "height": 740})
    page = context.new_page()
    for path in [*MAP_PAGES.values(), *OTHER_PAGES.values()]:
        page.goto(f"{portal}{path}")
        assert not wider_than_the_screen(page), path
    context.close()


def test_the_year_slider_moves_the_map_and_the_table_gives_its_numbers(page, portal):
    page.goto(f"{portal}/en/trade/?group=central-asia")
    page.wait_for_selector("#trade-map[data-map-ready]")
    slider = page.locator("#trade-map-year")
    assert page.locator("#trade-map").get_attribute("data-map-year") == slider.get_attribute("max")
    slider.focus()
    page.keyboard.press("Home")
    first = slider.get_attribute("min")
    assert page.locator("#trade-map").get_attribute("data-map-year") == first
    assert page.locator("#trade-map-figure .map-year-label").inner_text() == first
    page.keyboard.press("ArrowRight")
    assert page.locator("#trade-map").get_attribute("data-map-year") == str(int(first) + 1)
    page.get_by_role("button", name="Play").click()
    last = slider.get_attribute("max")
    page.wait_for_selector(f'#trade-map[data-map-year="{last}"]')
    page.locator("#trade-map-figure ~ details summary").first.click()
    assert page.locator("#trade-map-table tbody tr").count() == 5  # the group's five countries


def test_selecting_a_country_opens_its_profile(page, portal):
    page.goto(f"{portal}/zh-hans/groups/south-caucasus/")
    page.wait_for_selector("#group-map[data-map-ready]")
    page.locator("#group-map svg text", has_text="GEO").click()
    page.wait_for_url(f"{portal}/zh-hans/countries/GEO/")


def test_a_map_without_years_has_no_slider(page, portal):
    page.goto(f"{portal}/en/alliances/new-silk-road/")
    page.wait_for_selector("#alliance-map[data-map-ready]")
    assert page.locator("#alliance-map-year").count() == 0
    assert page.locator("#alliance-map").get_attribute("data-map-year") == "all"
