"""Every kind of page works in Chromium under the Content-Security-Policy, with nothing blocked.

Each page is checked twice: the browser's ``securitypolicyviolation`` events (recorded from before
the page's own scripts run) must be none, and the page must have done its work (a chart drawn,
Swagger UI built), so a policy that silently broke a script would fail here too.
"""

import html
from http.server import BaseHTTPRequestHandler, HTTPServer
from threading import Thread
from urllib.parse import parse_qs, urlencode, urlsplit

import pytest
from django.contrib.auth.models import Group

from alliances.models import Alliance

pytestmark = pytest.mark.django_db(transaction=True)

RECORD_VIOLATIONS = """
window.cspViolations = [];
document.addEventListener("securitypolicyviolation", (event) => {
  window.cspViolations.push(`${event.violatedDirective} ${event.blockedURI} ${event.sourceFile}:${event.lineNumber}`);
});
"""


@pytest.fixture
def guarded(page):
    """The page, recording CSP violations; each test ends by asserting there were none."""
    page.add_init_script(RECORD_VIOLATIONS)
    yield page
    assert page.evaluate("window.cspViolations") == []


def visit(page, url):
    response = page.goto(url)
    assert response.status == 200, url
    assert "script-src 'self'" in response.headers["content-security-policy"]
    page.wait_for_load_state("networkidle")
    return response


@pytest.mark.parametrize("language", ["en", "zh-hans"])
def test_home_and_search(guarded, portal, language):
    visit(guarded, f"{portal}/{language}/")
    assert guarded.locator("h1").count() == 1
    visit(guarded, f"{portal}/{language}/search/?q=silk")
    assert guarded.locator("main").inner_text()


@pytest.mark.parametrize("language", ["en", "zh-hans"])
def test_alliance_chart_is_drawn(guarded, portal, language):
    slug = Alliance.objects.filter(figures__isnull=False).values_list("slug", flat=True).first()
    visit(guarded, f"{portal}/{language}/alliances/{slug}/")
    chart = guarded.wait_for_selector(".chart[data-chart-ready]")
    assert int(chart.get_attribute("data-chart-ready")) >= 1
    assert guarded.locator(".chart svg path").count() > 0


@pytest.mark.parametrize("language", ["en", "zh-hans"])
def test_trade_explorer_chart_is_drawn(guarded, portal, language):
    visit(guarded, f"{portal}/{language}/trade/?country=KAZ,RUS&flow=total")
    guarded.wait_for_selector('#trade-chart[data-chart-ready="2"]')
    assert guarded.locator("#trade-chart svg path").count() > 2


def hover_across(page, selector):
    """Move the pointer over the chart as a reader does, so its tooltip and axis pointer are drawn."""
    chart = page.locator(selector)
    chart.scroll_into_view_if_needed()
    box = chart.bounding_box()
    for fraction in (0.2, 0.4, 0.5, 0.6, 0.8):
        chart.hover(position={"x": box["width"] * fraction, "y": box["height"] * 0.6})
        page.wait_for_timeout(150)


@pytest.mark.parametrize("language", ["en", "zh-hans"])
def test_hovering_a_chart_shows_its_tooltip_without_a_policy_violation(guarded, portal, language):
    visit(guarded, f"{portal}/{language}/trade/?country=KAZ,RUS&flow=total")
    guarded.wait_for_selector('#trade-chart[data-chart-ready="2"]')
    texts = guarded.locator("#trade-chart svg text").count()
    hover_across(guarded, "#trade-chart")
    assert guarded.locator("#trade-chart svg text").count() > texts  # the tooltip, drawn in the SVG
    guarded.wait_for_timeout(500)  # violations are reported asynchronously
    slug = Alliance.objects.filter(figures__isnull=False).values_list("slug", flat=True).first()
    visit(guarded, f"{portal}/{language}/alliances/{slug}/")
    guarded.wait_for_selector(".chart[data-chart-ready]")
    hover_across(guarded, ".chart[data-chart-ready]")


@pytest.fixture
def other_site():
    """Another site on this machine (a different origin from the live server) whose page frames ``?src=``."""

    class FramingPage(BaseHTTPRequestHandler):
        def do_GET(self):
            framed = html.escape(parse_qs(urlsplit(self.path).query)["src"][0])
            body = (
                '<!DOCTYPE html><title>Other site</title><link rel="icon" href="data:,">'
                f'<iframe src="{framed}" width="800" height="600"></iframe>'
            )
            self.send_response(200)
            self.send_header("Content-Type", "text/html; charset=utf-8")
            self.end_headers()
            self.wfile.write(body.encode())

        def log_message(self, *args):
            pass

    server = HTTPServer(("127.0.0.1", 0), FramingPage)
    Thread(target=server.serve_forever, daemon=True).start()
    yield f"http://127.0.0.1:{server.server_port}/"
    server.shutdown()


def host_page(page, other_site, framed):
    page.goto(f"{other_site}?{urlencode({'src': framed})}")
    return page.frame_locator("iframe")


@pytest.mark.parametrize("url", ["/en/embed/trade/?country=KAZ,RUS", "/zh-hans/embed/alliances/{slug}/"])
def test_embeds_draw_their_chart_inside_another_site_s_frame(guarded, portal, other_site, url):
    slug = Alliance.objects.filter(figures__isnull=False).values_list("slug", flat=True).first()
    address = portal + url.format(slug=slug)
    response = visit(guarded, address)
    assert "frame-ancestors *" in response.headers["content-security-policy"]
    guarded.wait_for_selector(".chart[data-chart-ready]")
    frame = host_page(guarded, other_site, address)
    frame.locator(".chart[data-chart-ready]").wait_for()
    assert frame.locator(".chart svg path").count() > 0


def test_other_pages_are_refused_in_another_site_s_frame(browser, portal, other_site):
    context = browser.new_context()
    page = context.new_page()
    messages = []
    page.on("console", lambda message: messages.append(message.text))
    host_page(page, other_site, f"{portal}/en/")
    page.wait_for_timeout(1000)
    context.close()
    assert any("frame-ancestors 'none'" in message for message in messages), messages


def test_api_docs_swagger_ui_is_built(guarded, portal):
    visit(guarded, f"{portal}/api/v1/docs/")
    guarded.wait_for_selector(".swagger-ui .info .title")
    assert "BRI Cooperation Portal API" in guarded.locator(".swagger-ui .info .title").inner_text()
    assert guarded.locator(".opblock").count() > 10


@pytest.mark.parametrize("language", ["en", "zh-hans"])
def test_admin_changelist_change_form_and_import(guarded, portal, language, django_user_model, tmp_path):
    curator = django_user_model.objects.create_user("csp-curator", password="a-long-test-password", is_staff=True)
    curator.groups.add(Group.objects.get(name="Curators"))
    admin = f"{portal}/{language}/admin"
    visit(guarded, f"{admin}/login/?next=/{language}/admin/")
    guarded.fill("#id_username", "csp-curator")
    guarded.fill("#id_password", "a-long-test-password")
    guarded.click("input[type=submit]")
    guarded.wait_for_url(f"{admin}/")

    visit(guarded, f"{admin}/alliances/alliance/")
    assert guarded.locator("#result_list tbody tr").count() >= 1
    guarded.locator("#result_list tbody tr th a").first.click()
    guarded.wait_for_selector("form#alliance_form")
    visit(guarded, f"{admin}/alliances/institution/add/")
    guarded.locator("#id_name_en").press_sequentially("CSP Test University")
    assert guarded.input_value("#id_slug") == "csp-test-university"  # the admin's prepopulate script ran

    upload = tmp_path / "trade.csv"
    upload.write_text("partner,year,value,source,source_locator\nNZL,2019,7.5,eurasian-practice-2022,x\n")
    visit(guarded, f"{admin}/trade/traderecord/import/")
    guarded.set_input_files("#id_import_file", str(upload))
    guarded.click("form input[type=submit]")
    guarded.wait_for_selector("input[name=confirm]")
    assert guarded.inner_text(".import-new") == "1"
    guarded.click("input[name=confirm]")
    guarded.wait_for_url(f"{admin}/trade/traderecord/")


@pytest.mark.parametrize("language", ["en", "zh-hans"])
@pytest.mark.parametrize("width", [1280, 375])
def test_map_year_slider_play_and_click_without_violation(guarded, portal, language, width):
    guarded.set_viewport_size({"width": width, "height": 900})
    visit(guarded, f"{portal}/{language}/trade/")
    guarded.wait_for_selector("#trade-map[data-map-ready]")
    slider = guarded.locator("#trade-map-year")
    first = slider.get_attribute("min")
    slider.focus()
    guarded.keyboard.press("Home")
    assert guarded.locator("#trade-map").get_attribute("data-map-year") == first
    guarded.locator(".map-play").first.click()
    guarded.wait_for_timeout(800)
    guarded.locator(".map-play").first.click()
    guarded.locator("#trade-map").screenshot(path=f"/tmp/map-{language}-{width}.png")
