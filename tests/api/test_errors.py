"""Everything under /api/ answers in JSON, whatever goes wrong: DRF's standard shape, and located
errors for bulk writes."""

import pytest
from rest_framework.test import APIClient

from trade.api.views import TradeRecordViewSet


def test_an_unknown_address_is_a_json_404(anonymous):
    for url in ("/api/v1/nowhere/", "/api/v2/", "/api/v1/trade/not-a-key/"):
        response = anonymous.get(url)
        assert response.status_code == 404, url
        assert response.json() == {"detail": response.json()["detail"]} and response.json()["detail"]


def test_a_method_not_allowed_is_json(curator_api):
    response = curator_api.post("/api/v1/trade/series/", {})
    assert response.status_code == 405
    assert "not allowed" in response.json()["detail"]


def test_a_server_error_is_json_and_says_nothing_of_the_code(monkeypatch, db):
    def broken(self, request, *args, **kwargs):
        raise RuntimeError("secret detail")

    monkeypatch.setattr(TradeRecordViewSet, "list", broken)
    client = APIClient(raise_request_exception=False)
    response = client.get("/api/v1/trade/")
    assert response.status_code == 500
    assert response["Content-Type"] == "application/json"
    assert "logged" in response.json()["detail"]
    assert b"secret" not in response.content


def test_a_bad_host_is_json(anonymous, settings):
    settings.ALLOWED_HOSTS = ["portal.example.org"]
    response = anonymous.get("/api/v1/", HTTP_HOST="evil.example.com")
    assert response.status_code == 400
    assert response.json()["detail"]


@pytest.mark.parametrize("params", [{"page": "x"}, {"page_size": "-1"}, {"ordering": "nonsense,-"}, {"search": "\x00"}])
def test_odd_query_parameters_never_fail_the_server(anonymous, params):
    response = anonymous.get("/api/v1/institutions/", params)
    assert response.status_code in (200, 400, 404)
    assert response.json()


def test_the_browsable_api_still_serves_browsers(anonymous):
    response = anonymous.get("/api/v1/", HTTP_ACCEPT="text/html")
    assert response.status_code == 200
    assert b"BRI Cooperation Portal API" in response.content
    assert b"trade-series" in response.content


def test_an_unknown_parameter_is_refused_in_the_readers_language(anonymous):
    response = anonymous.get("/api/v1/trade/", {"contry": "KAZ"}, HTTP_ACCEPT_LANGUAGE="zh-hans")
    assert response.status_code == 400
    assert "未知参数" in response.json()["contry"][0]
