"""The OpenAPI schema: valid, every field and parameter described, and the API keeps to it
(schemathesis generates requests for every GET operation and checks each response against it).
The examples are derandomized: CI runs the same bounded set each time, so a failure is reproducible."""

import importlib
import io
import os
import re
import subprocess
import sys
from pathlib import Path

import httpx
import pytest
import schemathesis
import yaml
from django.contrib.auth.models import User
from django.core.signals import request_finished, request_started
from django.db import close_old_connections
from hypothesis import HealthCheck, Phase, settings
from openapi_spec_validator import validate
from schemathesis.checks import not_a_server_error
from schemathesis.specs.openapi.checks import (
    content_type_conformance,
    response_schema_conformance,
    status_code_conformance,
)

from accounts.models import APIToken
from bri_portal.wsgi import application
from trade.models import TradeRecord


@pytest.fixture
def schema_document(anonymous):
    response = anonymous.get("/api/v1/schema/")
    assert response.status_code == 200
    return yaml.safe_load(response.content)


def test_the_schema_is_valid_openapi_3(schema_document):
    assert schema_document["openapi"].startswith("3.")
    validate(schema_document)


def test_every_endpoint_is_in_the_schema(schema_document, anonymous):
    root = anonymous.get("/api/v1/").json()
    paths = set(schema_document["paths"])
    for name, url in root.items():
        if name not in ("schema", "docs"):
            assert url.split("testserver", 1)[1] in paths, name


def descriptions(schema_document):
    """Every field's, operation's and parameter's description, by where it is."""
    for name, component in schema_document["components"]["schemas"].items():
        for field, schema in component.get("properties", {}).items():
            yield f"{name}.{field}", schema.get("description", "")
    for path, operations in schema_document["paths"].items():
        for method, operation in operations.items():
            yield f"{method} {path}", operation.get("description", "")
            for parameter in operation.get("parameters", []):
                yield f"{method} {path} ?{parameter['name']}", parameter.get("description", "")


def test_every_field_and_parameter_is_described(schema_document):
    assert [where for where, text in descriptions(schema_document) if not text] == []


def test_the_schema_speaks_the_readers_language(anonymous):
    response = anonymous.get("/api/v1/schema/", HTTP_ACCEPT_LANGUAGE="zh-hans")
    chinese = yaml.safe_load(response.content)
    assert [where for where, text in descriptions(chinese) if not re.search("[\u4e00-\u9fff]", text)] == []


def test_the_docs_are_served_from_local_static_files(anonymous):
    response = anonymous.get("/api/v1/docs/")
    assert response.status_code == 200
    page = response.content.decode()
    assert "/static/drf_spectacular_sidecar/swagger-ui-dist/" in page
    assert "cdn" not in page.lower() and "unpkg" not in page.lower()


# -- property-based: schemathesis over the WSGI application -------------------------------------


@pytest.fixture
def fuzzing(db, settings):
    """Requests served in the test's transaction, unthrottled."""
    settings.REST_FRAMEWORK = {
        **settings.REST_FRAMEWORK,
        "DEFAULT_THROTTLE_RATES": {"anon": "1000000/min", "user": "1000000/min"},
    }
    # Django's test client keeps the test transaction's connection open across requests; so do we.
    request_started.disconnect(close_old_connections)
    request_finished.disconnect(close_old_connections)
    yield
    request_started.connect(close_old_connections)
    request_finished.connect(close_old_connections)


# The schema is read from the application itself, as a client would (no database needed for it).
schema = schemathesis.openapi.from_wsgi("/api/v1/schema/", application)


@schema.include(method="GET").parametrize()
@settings(max_examples=10, deadline=None, derandomize=True, suppress_health_check=list(HealthCheck))
def test_the_api_keeps_to_its_schema(case, fuzzing):
    case.call_and_validate()


@pytest.fixture
def curator_token(fuzzing):
    user = User.objects.create_superuser("fuzzing-curator", password="a-long-test-password")
    return APIToken.objects.issue(user)


@schema.exclude(method="GET").parametrize()
@settings(
    max_examples=5, phases=[Phase.generate], deadline=None, derandomize=True, suppress_health_check=list(HealthCheck)
)
def test_writes_never_fail_the_server(case, curator_token):
    """Writes as a curator, with generated bodies: refused or done, in the documented shape, never a 500.

    Only these checks: the writes read lenient spellings on purpose (``"year": "2015年"``), as the
    spreadsheet import does, so a value outside the schema's types is not always an error.
    """
    case.call_and_validate(
        headers={"Authorization": f"Token {curator_token}"},
        checks=[not_a_server_error, status_code_conformance, content_type_conformance, response_schema_conformance],
    )


# -- a generated client (openapi-python-client) works against the API -----------------------------


@pytest.fixture
def generated_client(tmp_path, anonymous, monkeypatch):
    """The schema → a Python client package (as a client's developer makes one), imported."""
    document = tmp_path / "schema.yaml"
    document.write_bytes(anonymous.get("/api/v1/schema/").content)
    venv_bin = Path(sys.executable).parent
    result = subprocess.run(
        [str(venv_bin / "openapi-python-client"), "generate", "--path", str(document), "--meta", "none"],
        cwd=tmp_path,
        capture_output=True,
        text=True,
        env={**os.environ, "PATH": f"{venv_bin}{os.pathsep}{os.environ.get('PATH', '')}"},
        timeout=300,
    )
    assert result.returncode == 0, result.stdout + result.stderr
    assert "Warning" not in result.stdout + result.stderr, result.stdout + result.stderr
    monkeypatch.syspath_prepend(str(tmp_path))
    package = next(path.name for path in tmp_path.iterdir() if (path / "client.py").exists())
    yield lambda name: importlib.import_module(f"{package}.{name}")
    for name in [name for name in sys.modules if name == package or name.startswith(f"{package}.")]:
        del sys.modules[name]


def test_a_generated_client_reads_and_writes(generated_client, curator_token):
    """Lists (several values as a generated client sends them), and both bulk bodies: JSON records, a file."""
    client_module = generated_client("client")
    transport = httpx.WSGITransport(app=application)
    anonymous = client_module.Client(base_url="http://testserver", httpx_args={"transport": transport})
    curator = client_module.AuthenticatedClient(
        base_url="http://testserver", token=curator_token, prefix="Token", httpx_args={"transport": transport}
    )

    listing = generated_client("api.trade.trade_list").sync_detailed(client=anonymous, country=["KAZ", "RUS"])
    assert listing.status_code == 200, listing.content
    expected = TradeRecord.objects.published().filter(partner__iso3__in=["KAZ", "RUS"]).count()
    assert listing.parsed.count == expected

    record = {"partner": "NZL", "year": 2013, "flow": "export", "value": "1.5", "unit": "100m-usd"}
    record |= {"source": "eurasian-practice-2022", "source_locator": "test"}
    item = generated_client("models.trade_bulk_create_body_item").TradeBulkCreateBodyItem.from_dict(record)
    report = generated_client("api.trade.trade_bulk_create").sync_detailed(client=curator, body=[item], dry_run=True)
    assert report.status_code == 200, report.content
    assert report.parsed.totals.new == 1

    types = generated_client("types")
    body_module = generated_client("models.trade_bulk_file_create_body")
    columns = ",".join(record)
    upload = types.File(payload=io.BytesIO(f"{columns}\n{','.join(map(str, record.values()))}\n".encode()))
    upload.file_name = "trade.csv"
    body = body_module.TradeBulkFileCreateBody(file=upload)
    report = generated_client("api.trade.trade_bulk_file_create").sync_detailed(client=curator, body=body, dry_run=True)
    assert report.status_code == 200, report.content
    assert report.parsed.totals.new == 1


def test_a_held_change_is_documented_on_updates(schema_document):
    operation = schema_document["paths"]["/api/v1/institutions/{slug}/"]["patch"]
    held = operation["responses"]["202"]
    assert "held for a curator's review" in held["description"]
    reference = held["content"]["application/json"]["schema"]["$ref"].rsplit("/", 1)[1]
    properties = schema_document["components"]["schemas"][reference]["properties"]
    assert set(properties) == {"detail", "record"}
    assert properties["record"]["allOf"] == [{"$ref": "#/components/schemas/Institution"}]
    assert "202" not in schema_document["paths"]["/api/v1/countries/{iso3}/"].get("patch", {}).get("responses", {})
