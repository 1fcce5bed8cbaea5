"""The portal in a real browser: language switch, trade explorer and its CSV, search, screenshots."""

import csv

import pytest

from .conftest import ARTIFACTS, DESKTOP, PHONE

pytestmark = pytest.mark.django_db(transaction=True)


def number(cell):
    return float(cell.replace(",", "")) if cell not in ("", "—") else None


def table_rows(page, selector):
    """The table as text: header row, then each body and footer row."""
    header = page.locator(f"{selector} thead th").all_inner_texts()
    rows = [
        row.locator("th, td").all_inner_texts()
        for row in page.locator(f"{selector} tbody tr, {selector} tfoot tr").all()
    ]
    return [header, *rows]


def test_language_switch_keeps_the_page(page, portal):
    page.goto(f"{portal}/en/alliances/new-silk-road/")
    assert page.locator("h1").inner_text() == "Universities Alliance of the New Silk Road"
    page.get_by_role("navigation", name="Language").get_by_role("link", name="简体中文").click()
    page.wait_for_url(f"{portal}/zh-hans/alliances/new-silk-road/")
    assert page.locator("h1").inner_text() == "新丝绸之路大学联盟"
    assert page.locator("html").get_attribute("lang") == "zh-Hans"
    page.get_by_role("navigation", name="语言").get_by_role("link", name="English").click()
    page.wait_for_url(f"{portal}/en/alliances/new-silk-road/")


def test_language_switch_keeps_the_trade_selection(page, portal):
    page.goto(f"{portal}/en/trade/?country=KAZ,RUS&flow=total")
    page.get_by_role("link", name="简体中文").click()
    page.wait_for_url(f"{portal}/zh-hans/trade/?country=KAZ,RUS&flow=total")
    assert table_rows(page, "#trade-table")[0][:3] == ["年份", "哈萨克斯坦", "俄罗斯"]


def test_trade_explorer_two_countries_chart_table_and_csv(page, portal, tmp_path):
    page.goto(f"{portal}/en/trade/")
    page.wait_for_selector('#trade-chart[data-chart-ready="5"]')
    assert table_rows(page, "#trade-table")[0][1:6] == ["Russia", "Kazakhstan", "Ukraine", "Uzbekistan", "Kyrgyzstan"]

    for checkbox in page.locator('input[name="country"]').all():
        checkbox.uncheck()
    page.get_by_role("checkbox", name="Kazakhstan").check()
    page.get_by_role("checkbox", name="Russia").check()
    page.get_by_role("button", name="Show", exact=True).click()
    page.wait_for_url(f"{portal}/en/trade/?country=KAZ,RUS&flow=total&year__gte=2013&year__lte=2021")

    # the chart is drawn, with one line a country
    page.wait_for_selector('#trade-chart[data-chart-ready="2"]')
    assert page.locator("#trade-chart svg").count() == 1
    assert page.locator("#trade-chart svg path").count() > 2
    # the table beneath it shows the same selection
    table = table_rows(page, "#trade-table")
    assert table[0] == ["Year", "Kazakhstan", "Russia", "Total", "Change on previous year (%)"]
    assert table[1][:4] == ["2013", "286.0", "892.5", "1,178.5"]
    assert len(table) == 1 + 9 + 1  # header, 2013–2021, the period's totals

    with page.expect_download() as download_info:
        page.get_by_role("link", name="CSV").click()
    download = download_info.value
    assert download.suggested_filename == "bri-trade-chn-kaz-rus-total-2013-2021.csv"
    path = tmp_path / download.suggested_filename
    download.save_as(path)
    rows = list(csv.reader(path.open(encoding="utf-8-sig")))
    assert rows[0] == [*table[0], "Unit", "Source"]  # the download says what the page says around the table
    assert len(rows) == len(table)
    for shown, downloaded in zip(table[1:], rows[1:], strict=True):
        assert downloaded[0] == shown[0]
        assert [number(cell) for cell in downloaded[1:4]] == [number(cell) for cell in shown[1:4]]
        if shown[4] not in ("", "—"):  # the change on the previous year, rounded alike
            assert float(downloaded[4]) == float(shown[4].replace("−", "-").replace("±", "").rstrip(" %"))
        assert downloaded[5] == "100 million USD" and downloaded[6]


def test_search_from_any_page(page, portal):
    page.goto(f"{portal}/zh-hans/countries/RUS/")
    page.get_by_role("search").get_by_label("搜索本门户").fill("丝绸之路")
    page.keyboard.press("Enter")
    page.wait_for_url(f"{portal}/zh-hans/search/?q=%E4%B8%9D%E7%BB%B8%E4%B9%8B%E8%B7%AF")
    assert page.get_by_role("heading", name="联盟", exact=False).count() >= 1
    page.get_by_role("link", name="新丝绸之路大学联盟").first.click()
    page.wait_for_url(f"{portal}/zh-hans/alliances/new-silk-road/")


def test_keyboard_users_can_skip_to_the_content(page, portal):
    page.goto(f"{portal}/en/")
    page.keyboard.press("Tab")
    skip = page.get_by_role("link", name="Skip to main content")
    assert skip.evaluate("element => element === document.activeElement")
    box = skip.bounding_box()
    assert box["y"] >= 0 and box["height"] > 0
    page.keyboard.press("Enter")
    assert page.evaluate("document.activeElement.id") == "main"


@pytest.mark.parametrize("viewport", [DESKTOP, PHONE], ids=["desktop", "375px"])
def test_screenshots(browser, portal, viewport):
    """Home, an alliance and a country, saved under tests/artifacts/ for people to look at."""
    ARTIFACTS.mkdir(exist_ok=True)
    context = browser.new_context(viewport=viewport)
    page = context.new_page()
    pages = {"home": "/en/", "alliance": "/zh-hans/alliances/new-silk-road/", "country": "/en/countries/RUS/"}
    for name, path in pages.items():
        page.goto(f"{portal}{path}")
        if page.locator("[data-chart]").count():
            page.wait_for_selector("[data-chart-ready]")
        # nothing wider than the screen: no sideways scrolling on a phone
        assert page.evaluate("document.documentElement.scrollWidth") <= viewport["width"], path
        target = ARTIFACTS / f"{name}-{viewport['width']}.png"
        page.screenshot(path=target, full_page=True)
        assert target.stat().st_size > 10_000
    context.close()


def test_nothing_is_wider_than_a_360px_screen(browser, portal):
    context = browser.new_context(viewport={"width": 360, "height": 740})
    page = context.new_page()
    for path in (
        "/zh-hans/",
        "/en/trade/?country=KAZ,RUS,UKR,UZB,KGZ&flow=total",
        "/en/institutions/",
        "/zh-hans/problems/",
        "/en/cooperation/projects/hit-spbu-joint-campus/",
        "/en/sources/eurasian-practice-2022/",
    ):
        page.goto(f"{portal}{path}")
        assert page.evaluate("document.documentElement.scrollWidth") <= 360, path
    context.close()
