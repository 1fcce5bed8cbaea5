"""Generic tests every registered domain model gets (as NetBox's ``ViewTestCases``): the registry
(``core.registry``) says which parts a model has, and each part is tested from it, over the seed data.

A new model declared in its app's ``registry.py`` gets these tests without a line of its own:
admin pages, import round trip, export, API read and write, public page and their query bounds.
"""

import csv
import io

import pytest
from django.contrib import admin
from django.urls import reverse

from core.imports.services import EXPORT_FORMATS, export_file, import_file
from core.registry import entries, importable_models, record_url, resource_class_for
from portal.records import public_records

pytestmark = pytest.mark.django_db

ENTRIES = entries()
ADMIN_MODELS = [entry.model for entry in ENTRIES if entry.model in admin.site._registry]
API_ENTRIES = [entry for entry in ENTRIES if entry.viewset]
PUBLIC_ENTRIES = [entry for entry in ENTRIES if entry.public]
ADMIN_QUERIES = 25  # a page of the admin, whatever the model
API_QUERIES = 8  # a list or a record: count, page, nested prefetches, role and visibility
PAGE_QUERIES = 40  # a public page


def label(item):
    model = getattr(item, "model", item)
    return model._meta.label


def admin_url(model, view, *args):
    return reverse(f"admin:{model._meta.app_label}_{model._meta.model_name}_{view}", args=args)


def api_list_url(model):
    return reverse(f"api:{model._meta.model_name}-list")


# -- the admin ---------------------------------------------------------------------------------


def test_every_model_in_the_registry_has_an_admin_or_is_edited_with_its_record():
    inlined = {inline.model for model_admin in admin.site._registry.values() for inline in model_admin.inlines}
    assert {entry.model for entry in ENTRIES} <= set(ADMIN_MODELS) | inlined


@pytest.mark.parametrize("model", ADMIN_MODELS, ids=label)
def test_admin_changelist_renders(curator_client, model, django_assert_max_num_queries):
    with django_assert_max_num_queries(ADMIN_QUERIES):
        response = curator_client.get(admin_url(model, "changelist"))
    assert response.status_code == 200


@pytest.mark.parametrize("model", ADMIN_MODELS, ids=label)
def test_admin_changelist_search_and_filters_render(curator_client, model):
    response = curator_client.get(admin_url(model, "changelist"), {"q": "中国"})
    assert response.status_code == 200
    assert "errornote" not in response.content.decode()


@pytest.mark.parametrize("model", ADMIN_MODELS, ids=label)
def test_admin_add_page_renders(curator_client, model, django_assert_max_num_queries):
    with django_assert_max_num_queries(ADMIN_QUERIES):
        response = curator_client.get(admin_url(model, "add"))
    assert response.status_code == 200


@pytest.mark.parametrize("model", ADMIN_MODELS, ids=label)
def test_admin_change_page_renders_for_a_seed_record(curator_client, model, django_assert_max_num_queries):
    record = model.objects.order_by("pk").first()
    assert record is not None, f"no seed record of {model._meta.label}"
    with django_assert_max_num_queries(ADMIN_QUERIES + 15):
        response = curator_client.get(admin_url(model, "change", record.pk))
    assert response.status_code == 200


# -- import and export -------------------------------------------------------------------------


def test_importable_models_are_the_registered_ones_with_a_resource():
    assert importable_models() == [model for model in importable_models() if resource_class_for(model)]
    assert {entry.model for entry in ENTRIES if entry.importable} == set(importable_models())


@pytest.mark.parametrize("model", importable_models(), ids=label)
def test_import_round_trip_changes_nothing(model):
    exported = export_file(model, "csv")
    report = import_file(model, exported, "export.csv")
    assert report.ok, [str(p) for p in report.problems[:5]]
    assert report.totals["new"] == report.totals["update"] == 0
    assert report.totals["skip"] == model.objects.count()


@pytest.mark.parametrize("model", importable_models(), ids=label)
def test_export_has_the_resources_columns_and_every_record(model):
    rows = list(csv.reader(io.StringIO(export_file(model, "csv").decode("utf-8-sig"))))
    assert rows[0] == [str(header) for header in resource_class_for(model)().get_export_headers()]
    assert len(rows) - 1 == model.objects.count()
    assert set(EXPORT_FORMATS) >= {"csv", "xlsx"}
    assert export_file(model, "xlsx").startswith(b"PK")  # a workbook (a zip file)


# -- the API -----------------------------------------------------------------------------------


@pytest.mark.parametrize("entry", API_ENTRIES, ids=label)
def test_api_list_and_detail_read(client, entry, django_assert_max_num_queries):
    with django_assert_max_num_queries(API_QUERIES):
        response = client.get(api_list_url(entry.model), {"page_size": 1000})
    assert response.status_code == 200, response.content
    data = response.json()
    assert data["count"] == entry.model.objects.public().count() > 0
    first = data["results"][0]
    assert set(first) == set(entry.serializer_class().fields)
    with django_assert_max_num_queries(API_QUERIES):
        detail = client.get(first["api_url"])
    assert detail.status_code == 200 and detail.json() == first


@pytest.mark.parametrize("entry", API_ENTRIES, ids=label)
def test_api_write_back_what_was_read_changes_nothing(curator_client, entry):
    """A curator's PUT of a record as the API gave it is accepted and leaves the record as it was."""
    first = curator_client.get(api_list_url(entry.model)).json()["results"][0]
    response = curator_client.put(first["api_url"], first, content_type="application/json")
    assert response.status_code == 200, response.content
    unchanged = {name: value for name, value in response.json().items() if name != "updated_at"}
    assert unchanged == {name: value for name, value in first.items() if name != "updated_at"}


# -- the public pages --------------------------------------------------------------------------


@pytest.mark.parametrize("entry", PUBLIC_ENTRIES, ids=label)
def test_public_page_shows_a_record(client, entry, django_assert_max_num_queries):
    record = public_records(entry).order_by("pk").first()
    assert record is not None, f"no public seed record of {label(entry)}"
    url = record_url(record)
    with django_assert_max_num_queries(PAGE_QUERIES):
        response = client.get(url)
    assert response.status_code == 200
    if "#" in url:  # shown on another page, at its anchor
        assert f'id="{url.split("#", 1)[1]}"' in response.content.decode()


@pytest.mark.parametrize("entry", [entry for entry in PUBLIC_ENTRIES if entry.in_sitemap], ids=label)
def test_sitemap_lists_the_public_records(client, entry):
    response = client.get(reverse("sitemap-section", args=[f"{entry.key}-en"]))
    assert response.status_code == 200
    content = response.content.decode()
    for record in public_records(entry)[:5]:
        assert record_url(record) in content
