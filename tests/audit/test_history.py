"""Every change to a domain record is kept: who, when, how (admin, import id, API token, undo) and what changed."""

from decimal import Decimal

import pytest
from django.apps import apps
from django.core.management import call_command
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.urls import reverse
from simple_history.models import HistoricalChanges

from alliances.models import Institution
from cooperation.models import CooperationProject
from core.choices import ChangedViaChoices
from core.history import HistoricalChange, history_context
from core.imports.history import undo_import
from core.imports.services import import_file
from core.models import ImportRecord
from core.registry import domain_apps
from reference.models import Country, Source
from trade.models import TradeRecord

pytestmark = pytest.mark.django_db

HEADER = "partner,year,flow,value,unit,source,source_locator,publication_status\n"


def trade_csv(*rows):
    return (HEADER + "".join(f"{row}\n" for row in rows)).encode()


def trade(iso3, year, flow="total"):
    return TradeRecord.objects.get(partner__iso3=iso3, year=year, flow=flow)


def history_url(model, pk, version=None):
    opts = model._meta
    if version is None:
        return reverse(f"admin:{opts.app_label}_{opts.model_name}_history", args=[pk])
    return reverse(f"admin:{opts.app_label}_{opts.model_name}_simple_history", args=[pk, version])


AUDITED = [
    model
    for model in apps.get_models()
    if model._meta.app_label in [*domain_apps(), "accounts"]
    and not model._meta.auto_created
    and not issubclass(model, HistoricalChanges)
    and model._meta.label != "accounts.APIToken"  # credentials, not records: the admin's log names who made one
]


@pytest.mark.parametrize("model", AUDITED, ids=lambda m: m._meta.label)
def test_every_domain_model_keeps_history_with_its_channel(model):
    assert hasattr(model._meta, "simple_history_manager_attribute"), f"{model._meta.label} keeps no history"
    assert issubclass(model.history.model, HistoricalChange)


def test_an_admin_edit_is_recorded_with_user_channel_and_diff(curator_client, curator):
    source = Source.objects.get(slug="eurasian-practice-2022")
    call_command("populate_history", "reference.Source")  # the seed's first version, as `make seed` records it
    url = reverse("admin:reference_source_change", args=[source.pk])
    form = curator_client.get(url).context["adminform"].form
    data = {name: ("" if value is None else value) for name, value in form.initial.items()}
    data.update(authors="A. Curator")
    response = curator_client.post(url, data)
    assert response.status_code == 302, response.context and response.context["adminform"].form.errors
    latest = source.history.latest()
    assert (latest.history_type, latest.history_user, latest.changed_via) == ("~", curator, ChangedViaChoices.ADMIN)
    assert latest.authors == "A. Curator"
    page = curator_client.get(history_url(Source, source.pk)).content.decode()
    assert "A. Curator" in page and "Authors:" in page and "Admin" in page and "curator" in page


def test_an_import_records_every_row_with_its_import_id(django_user_model):
    curator = django_user_model.objects.create_superuser("importer", password="x")
    call_command("populate_history", "trade.TradeRecord")  # the seed's first versions
    before = trade("KAZ", 2014).value
    rows = [f"NZL,{year},total,{year - 1900},100m-usd,eurasian-practice-2022,x,published" for year in range(1950, 1990)]
    report = import_file(
        TradeRecord,
        trade_csv("KAZ,2014,total,999,100m-usd,eurasian-practice-2022,x,published", *rows),
        "t.csv",
        user=curator,
    )
    assert report.ok and report.totals["new"] == 40 and report.totals["update"] == 1
    history = TradeRecord.history.filter(import_id=report.record.pk)
    assert history.count() == 41
    assert set(history.values_list("changed_via", "history_user__username").distinct()) == {("import", "importer")}
    assert history.filter(history_type="+").count() == 40
    updated = history.get(history_type="~")
    assert updated.value == Decimal("999") and updated.prev_record.value == before


def test_a_dry_run_records_no_history():
    count = TradeRecord.history.count()
    report = import_file(
        TradeRecord, trade_csv("NZL,1950,total,1,100m-usd,eurasian-practice-2022,x,"), "t.csv", dry_run=True
    )
    assert report.ok and TradeRecord.history.count() == count


def test_import_history_is_written_in_bulk():
    """History costs a few queries per batch, not one per row."""

    def queries(flow, rows):
        content = trade_csv(*(f"NZL,{y},{flow},1,100m-usd,eurasian-practice-2022,x," for y in range(1900, 1900 + rows)))
        with CaptureQueriesContext(connection) as captured:
            assert import_file(TradeRecord, content, "t.csv").ok
        return len(captured)

    assert queries("import", 200) < queries("export", 10) + 190 // 10  # not one more per row


def test_a_project_import_records_its_countries(django_user_model):
    curator = django_user_model.objects.create_superuser("importer", password="x")
    content = (
        b"slug,title_en,kind,sector,countries,participants,source,source_locator\n"
        b"audit-project,Audit project,project,higher-education,KAZ | RUS,"
        b"xi-an-jiaotong-university,bri-university-alliances,x\n"
    )
    report = import_file(CooperationProject, content, "p.csv", user=curator)
    assert report.ok, [str(p) for p in report.problems]
    latest = CooperationProject.objects.get(slug="audit-project").history.latest()
    assert latest.import_id == report.record.pk
    assert sorted(latest.countries.values_list("country__iso3", flat=True)) == ["KAZ", "RUS"]


def test_an_undo_is_recorded(django_user_model):
    curator = django_user_model.objects.create_superuser("undoer", password="x")
    before = trade("KAZ", 2014).value
    report = import_file(
        TradeRecord,
        trade_csv(
            "KAZ,2014,total,999,100m-usd,eurasian-practice-2022,x,published",
            "NZL,1950,total,4,100m-usd,eurasian-practice-2022,x,published",
        ),
        "t.csv",
        user=curator,
    )
    created_pk = TradeRecord.objects.get(partner__iso3="NZL", year=1950).pk
    undo_import(report.record, curator)
    undo = TradeRecord.history.filter(changed_via=ChangedViaChoices.UNDO, import_id=report.record.pk)
    assert {(h.history_type, h.history_user.username) for h in undo} == {("~", "undoer"), ("-", "undoer")}
    assert undo.get(history_type="-").id == created_pk
    assert undo.get(history_type="~").value == before


def test_api_writes_record_the_token_prefix(partner_a_api):
    token = partner_a_api._credentials["HTTP_AUTHORIZATION"].split()[1]
    url = "/api/v1/institutions/xi-an-jiaotong-university/"
    # A draft: the partner's change is written (to a published record it would wait as a pending change).
    Institution.objects.filter(slug="xi-an-jiaotong-university").update(publication_status="draft")
    response = partner_a_api.patch(url, {"city_en": "Xi'an (audited)"}, format="json")
    assert response.status_code == 200, response.content
    latest = Institution.objects.get(slug="xi-an-jiaotong-university").history.latest()
    assert (latest.changed_via, latest.token_prefix, latest.history_user.username) == ("api", token[:8], "partner-a")
    assert latest.import_id is not None and latest.city_en == "Xi'an (audited)"
    assert token not in str(vars(latest))


def test_api_create_and_delete_are_recorded(db):
    from django.contrib.auth.models import Group, User

    from core.roles import CURATORS
    from tests.api.conftest import token_client

    user = User.objects.create_user("api-curator", password="x")
    user.groups.add(Group.objects.get(name=CURATORS))
    client = token_client(user)
    token = client._credentials["HTTP_AUTHORIZATION"].split()[1]
    response = client.post(
        "/api/v1/trade/",
        {"partner": "NZL", "year": 1951, "value": "2", "source": "eurasian-practice-2022", "source_locator": "t"},
        format="json",
    )
    assert response.status_code == 201, response.content
    pk = trade("NZL", 1951).pk
    assert client.delete(response.json()["api_url"]).status_code == 204
    history = TradeRecord.history.filter(id=pk).order_by("history_date")
    assert [(h.history_type, h.changed_via, h.token_prefix) for h in history] == [
        ("+", "api", token[:8]),
        ("-", "api", token[:8]),
    ]


def test_history_page_shows_the_field_diff_in_bounded_queries(curator_client, django_assert_max_num_queries):
    project = CooperationProject.objects.order_by("pk").first()

    def edit(times):
        for i in range(times):
            with history_context(changed_via=ChangedViaChoices.OTHER):
                project.title_en = f"Title {i}"
                project.save()
                project.countries.add(Country.objects.order_by("pk")[i])

    edit(2)
    with django_assert_max_num_queries(20) as few:
        page = curator_client.get(history_url(CooperationProject, project.pk)).content.decode()
    assert "Title 0 → Title 1" in page.replace("&rarr;", "→")
    assert "Countries:" in page
    edit(20)
    with django_assert_max_num_queries(len(few.captured_queries)):
        assert curator_client.get(history_url(CooperationProject, project.pk)).status_code == 200


def test_revert_restores_the_values_and_is_recorded(curator_client, curator):
    kaz = trade("KAZ", 2015)
    original = kaz.value
    with history_context(changed_via=ChangedViaChoices.OTHER):
        kaz.save()  # a version with the original value
        version = kaz.history.latest()
        kaz.value = Decimal("1")
        kaz.save()
    url = history_url(TradeRecord, kaz.pk, version.pk)
    form = curator_client.get(url).context["adminform"].form
    data = {name: ("" if value is None else value) for name, value in form.initial.items()}
    response = curator_client.post(url, data)
    assert response.status_code == 302, response.context["adminform"].form.errors
    kaz.refresh_from_db()
    assert kaz.value == original
    latest = kaz.history.latest()
    assert (latest.history_user, latest.changed_via) == (curator, ChangedViaChoices.ADMIN)
    assert latest.history_change_reason.startswith("Reverted to the version of")


def test_partners_cannot_revert_nor_see_others_drafts_history(partner_admin, partner_b_user):
    kaz = trade("KAZ", 2015)
    with history_context(changed_via=ChangedViaChoices.OTHER):
        kaz.save()
    version = kaz.history.latest()
    url = history_url(TradeRecord, kaz.pk, version.pk)
    assert partner_admin.get(history_url(TradeRecord, kaz.pk)).status_code == 200  # a published record
    response = partner_admin.get(url)
    assert response.status_code == 200 and "Revert" not in response.context["title"]
    assert partner_admin.post(url, {"value": "5"}).status_code == 403
    kaz.refresh_from_db()
    assert kaz.value != Decimal("5")
    other = Institution.objects.get(slug="gansu-provincial-government")
    with history_context(changed_via=ChangedViaChoices.OTHER):
        other.publication_status = "draft"
        other.save()
    assert partner_admin.get(history_url(Institution, other.pk)).status_code == 404


def test_an_undo_writes_its_history_in_bulk(django_user_model):
    curator = django_user_model.objects.create_superuser("undoer", password="x")
    content = trade_csv(*(f"NZL,{y},import,1,100m-usd,eurasian-practice-2022,x," for y in range(1900, 2100)))
    report = import_file(TradeRecord, content, "t.csv", user=curator)
    with CaptureQueriesContext(connection) as captured:
        undo_import(report.record, curator)
    assert len(captured) < 80  # not one per deleted record (200): a fixed number, search re-indexing included
    assert TradeRecord.history.filter(history_type="-", import_id=report.record.pk, changed_via="undo").count() == 200


def test_the_import_data_command_records_its_user_and_import(tmp_path, django_user_model):
    django_user_model.objects.create_superuser("commander", password="x")
    path = tmp_path / "t.csv"
    path.write_bytes(trade_csv("NZL,1952,total,3,100m-usd,eurasian-practice-2022,x,"))
    call_command("import_data", "trade.TradeRecord", str(path), "--user", "commander", stdout=None)
    created = trade("NZL", 1952).history.get()
    assert (created.history_type, created.changed_via, created.history_user.username) == ("+", "import", "commander")
    assert created.import_id == ImportRecord.objects.latest("pk").pk


def test_an_api_bulk_write_records_token_and_import(partner_a_api):
    token = partner_a_api._credentials["HTTP_AUTHORIZATION"].split()[1]
    rows = [{"slug": "xi-an-jiaotong-university", "city_en": "Xi'an (bulk)"}]
    Institution.objects.filter(slug="xi-an-jiaotong-university").update(publication_status="rejected")
    response = partner_a_api.post("/api/v1/institutions/bulk/", rows, format="json")
    assert response.status_code == 200, response.content
    latest = Institution.objects.get(slug="xi-an-jiaotong-university").history.latest()
    assert (latest.city_en, latest.changed_via, latest.token_prefix) == ("Xi'an (bulk)", "api", token[:8])
    assert latest.import_id == ImportRecord.objects.latest("pk").pk and latest.publication_status == "draft"


def test_a_malformed_history_address_is_a_404_not_a_server_error(curator_client):
    pk = CooperationProject.objects.order_by("pk").values_list("pk", flat=True).first()
    history = history_url(CooperationProject, pk)
    assert curator_client.get(history.replace("/history/", "/change/history/")).status_code == 404
    assert curator_client.get(f"{history}not-a-version/").status_code == 404
    assert curator_client.get(history).status_code == 200
