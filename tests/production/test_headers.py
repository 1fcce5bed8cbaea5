"""Security headers on every response: the Content-Security-Policy, framing and the referrer."""

import pytest

pytestmark = pytest.mark.django_db

PAGES = ["/en/", "/zh-hans/trade/", "/en/alliances/new-silk-road/", "/en/admin/login/", "/api/v1/docs/", "/healthz"]
EMBEDS = ["/en/embed/trade/", "/zh-hans/embed/alliances/new-silk-road/"]


def directives(response):
    policy = response["Content-Security-Policy"]
    return {name: values for name, *values in (part.split() for part in policy.split(";") if part.strip())}


@pytest.mark.parametrize("url", PAGES)
def test_every_page_has_the_policy_and_may_not_be_framed(client, url):
    response = client.get(url)
    assert response.status_code == 200
    assert directives(response) == {
        "default-src": ["'self'"],
        "script-src": ["'self'"],
        "style-src": ["'self'"],
        "img-src": ["'self'", "data:"],
        "font-src": ["'self'"],
        "connect-src": ["'self'"],
        "object-src": ["'none'"],
        "base-uri": ["'self'"],
        "form-action": ["'self'"],
        "frame-ancestors": ["'none'"],
    }
    assert response["X-Frame-Options"] == "DENY"
    assert response["Referrer-Policy"] == "same-origin"
    assert response["X-Content-Type-Options"] == "nosniff"


@pytest.mark.parametrize("url", EMBEDS)
def test_embeds_may_be_framed_by_any_site_and_nothing_else_is_relaxed(client, url):
    response = client.get(url)
    assert response.status_code == 200
    policy = directives(response)
    assert policy["frame-ancestors"] == ["*"]
    assert policy["script-src"] == ["'self'"] and policy["style-src"] == ["'self'"]
    assert "X-Frame-Options" not in response


ADMIN_PAGES = [
    "/en/admin/",
    "/en/admin/alliances/alliance/",
    "/en/admin/alliances/alliance/add/",
    "/zh-hans/admin/trade/traderecord/",
    "/en/admin/trade/traderecord/import/",
]


def assert_no_inline_script_or_style(client, urls):
    """What the policy would block, caught before any browser: <script> with a body, <style>, style=."""
    for url in urls:
        response = client.get(url)
        assert response.status_code == 200, url
        html = response.content.decode()
        assert "<style" not in html, url
        assert " style=" not in html, url
        for chunk in html.split("<script")[1:]:
            opening, _, rest = chunk.partition(">")
            assert "src=" in opening or 'type="application/json"' in opening, (url, opening)
            assert rest.lstrip().startswith("</script>") or 'type="application/json"' in opening, (url, rest[:80])


def test_no_public_page_has_inline_script_or_style(client):
    assert_no_inline_script_or_style(client, [*PAGES[:-1], *EMBEDS, "/en/search/?q=silk"])


def test_no_admin_page_has_inline_script_or_style(curator_client):
    assert_no_inline_script_or_style(curator_client, ADMIN_PAGES)


def test_redoc_is_not_served(client):
    """Redoc needs inline style, blob: workers and a logo from its CDN: the API docs are Swagger UI only."""
    assert client.get("/api/v1/redoc/").status_code == 404


def test_report_only_mode_reports_and_blocks_nothing(client, settings):
    settings.CONTENT_SECURITY_POLICY_REPORT_ONLY = settings.CONTENT_SECURITY_POLICY
    del settings.CONTENT_SECURITY_POLICY
    response = client.get("/en/embed/trade/")
    assert "Content-Security-Policy" not in response
    assert "frame-ancestors *" in response["Content-Security-Policy-Report-Only"]
