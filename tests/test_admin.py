"""The admin's rules for each role and its particular pages; every model's admin pages render for a curator
within a query bound in tests/models/test_generic.py."""

import pytest
from django.contrib import admin
from django.urls import reverse

from core.registry import domain_apps

DOMAIN_APPS = domain_apps()
REGISTERED = sorted(
    (model for model in admin.site._registry if model._meta.app_label in DOMAIN_APPS),
    key=lambda model: model._meta.label,
)


def admin_url(model, view, *args):
    return reverse(f"admin:{model._meta.app_label}_{model._meta.model_name}_{view}", args=args)


@pytest.mark.parametrize("model", REGISTERED, ids=lambda model: model._meta.label)
def test_anonymous_and_partner_cannot_change(client, django_user_model, model):
    record = model.objects.order_by("pk").first()
    assert client.get(admin_url(model, "change", record.pk)).status_code == 302
    from django.contrib.auth.models import Group

    partner = django_user_model.objects.create_user("partner", password="a-long-test-password", is_staff=True)
    partner.groups.add(Group.objects.get(name="Partners"))
    client.force_login(partner)
    assert client.get(admin_url(model, "changelist")).status_code == 200
    assert client.get(admin_url(model, "add")).status_code == 403
    response = client.post(admin_url(model, "change", record.pk), {})
    assert response.status_code == 403


def test_curator_edits_a_fact(curator_client):
    from trade.models import TradeRecord

    record = TradeRecord.objects.select_related("partner", "reporter", "source").get(
        partner__iso3="KAZ", year=2013, flow="total"
    )
    response = curator_client.post(
        admin_url(TradeRecord, "change", record.pk),
        {
            "reporter": record.reporter_id,
            "partner": record.partner_id,
            "year": 2013,
            "flow": "total",
            "value": "286.1",
            "unit": record.unit,
            "note_en": "corrected",
            "note_zh": "",
            "source": record.source_id,
            "source_locator": record.source_locator,
            "publication_status": "published",
        },
    )
    assert response.status_code == 302, response.content.decode()[:2000]
    record.refresh_from_db()
    assert str(record.value) == "286.1000"


def test_large_table_changelist_skips_the_full_count(curator_client, monkeypatch, django_assert_max_num_queries):
    from django.db import connection
    from django.test.utils import CaptureQueriesContext

    from core.admin import LargeTablePaginator
    from trade.models import TradeRecord

    monkeypatch.setattr(LargeTablePaginator, "EXACT_BELOW", 1)
    if connection.vendor == "postgresql":
        with connection.cursor() as cursor:
            cursor.execute("ANALYZE trade_traderecord")  # a never-analysed table has no estimate: counted exactly
    with CaptureQueriesContext(connection) as queries:
        response = curator_client.get(admin_url(TradeRecord, "changelist"))
    assert response.status_code == 200
    sqls = [query["sql"] for query in queries.captured_queries]
    counts = [sql for sql in sqls if "COUNT(" in sql and "trade_traderecord" in sql]  # not the notices' count
    assert bool(counts) == (connection.vendor != "postgresql"), counts
    filtered = curator_client.get(admin_url(TradeRecord, "changelist"), {"flow__exact": "total", "year": "2015"})
    assert filtered.context["cl"].result_count == 12


@pytest.mark.parametrize("model", REGISTERED, ids=lambda model: model._meta.label)
def test_changelist_columns_that_follow_a_relation_are_joined(model):
    """A foreign key shown in the list must be in list_select_related, or each row costs a query."""
    model_admin = admin.site._registry[model]
    relations = {field.name for field in model._meta.fields if field.is_relation}
    shown = relations.intersection(model_admin.list_display)
    if model_admin.list_select_related is not True:
        assert shown <= set(model_admin.list_select_related or ())


def test_admin_speaks_chinese(curator_client):
    response = curator_client.get("/zh-hans/admin/trade/traderecord/")
    content = response.content.decode()
    assert "贸易记录" in content
    assert "一带一路合作门户" in content


@pytest.mark.parametrize("term", ["KAZ", "kz", "Kazakh", "哈萨克"])
def test_trade_record_search_finds_a_partner_by_code_or_name(curator_client, term):
    from trade.models import TradeRecord

    response = curator_client.get(admin_url(TradeRecord, "changelist"), {"q": term})
    partners = {record.partner.iso3 for record in response.context["cl"].result_list}
    assert partners == {"KAZ"}


def test_publish_action_saves_each_record(curator_client):
    from core.cache import current_version
    from trade.models import TradeRecord

    record = TradeRecord.objects.order_by("pk").first()
    TradeRecord.objects.filter(pk=record.pk).update(publication_status="draft")
    before = current_version()
    curator_client.post(admin_url(TradeRecord, "changelist"), {"action": "publish", "_selected_action": [record.pk]})
    record.refresh_from_db()
    assert record.publication_status == "published" and current_version() != before
