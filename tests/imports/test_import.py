"""Bulk import through ``core.imports.services``: what partners and curators are promised."""

from decimal import Decimal

import pytest
from django.contrib.auth.models import Group
from django.core.exceptions import PermissionDenied
from django.utils import translation

from alliances.models import Alliance, Institution
from cooperation.models import CooperationProject
from core.imports.services import export_file, import_file
from core.models import ImportRecord
from reference.models import Country
from trade.models import Indicator, Observation, TradeRecord

pytestmark = pytest.mark.django_db

HEADER = "partner,year,flow,value,unit,source,source_locator,publication_status\n"


def csv(text, encoding="utf-8"):
    return text.encode(encoding)


def trade_csv(*rows):
    return csv(HEADER + "".join(f"{row}\n" for row in rows))


def record(iso3, year, flow="total"):
    return TradeRecord.objects.get(partner__iso3=iso3, year=year, flow=flow)


# The round trip of every importable model (export, then import: nothing changes) is in tests/models/test_generic.py.


@pytest.mark.parametrize(
    "header",
    [
        HEADER,
        "Partner,Year,Flow,Value,Unit,Source,Source locator,Publication status\n",
        "贸易伙伴,年份,贸易流向,数值,单位,来源,来源位置,发布状态\n",
    ],
    ids=["field-names", "english", "chinese"],
)
def test_headers_in_three_spellings(header):
    content = csv(header + "NZL,2015,total,12.5,100m-usd,eurasian-practice-2022,test,published\n")
    report = import_file(TradeRecord, content, "trade.csv")
    assert report.ok, [str(p) for p in report.problems]
    assert record("NZL", 2015).value == Decimal("12.5")


@pytest.mark.parametrize("encoding", ["utf-8", "utf-8-sig", "gb18030"])
def test_csv_encodings_are_detected(encoding):
    content = csv("贸易伙伴,年份,数值,来源,来源位置\n哈萨克斯坦,2022,１２３．５,eurasian-practice-2022,表1\n", encoding)
    report = import_file(TradeRecord, content, "trade.csv")
    assert report.ok, [str(p) for p in report.problems]
    assert report.encoding.replace("-sig", "").replace("_", "-").lower() in {"utf-8", "gb18030"}
    assert record("KAZ", 2022).value == Decimal("123.5")


@pytest.mark.parametrize("cell", ["KAZ", "KZ", "Kazakhstan", "哈萨克斯坦", "kaz", " KAZ "])
def test_country_cell_accepts_codes_and_names(cell):
    report = import_file(
        TradeRecord,
        trade_csv(f'"{cell}",2013,total,286.0,100m-usd,eurasian-practice-2022,表1 (Table 1),published'),
        "t.csv",
    )
    assert report.ok, [str(p) for p in report.problems]
    assert report.totals["skip"] == 1  # matched the seed record by its natural key, unchanged


def test_unknown_country_suggests_the_closest():
    report = import_file(TradeRecord, trade_csv("Kazakstan,2013,total,1,100m-usd,eurasian-practice-2022,x,"), "t.csv")
    assert not report.ok
    problem = report.problems[0]
    assert (problem.row, problem.column, problem.value) == (2, "partner", "Kazakstan")
    assert "KAZ" in str(problem.message)


def test_natural_key_match_updates_in_place():
    before = TradeRecord.objects.count()
    report = import_file(
        TradeRecord, trade_csv('KAZ,2013,total,"1,071.0",100m-usd,eurasian-practice-2022,x,published'), "t.csv"
    )
    assert report.ok and report.totals["update"] == 1 and report.totals["new"] == 0
    assert TradeRecord.objects.count() == before
    assert record("KAZ", 2013).value == Decimal("1071.0")


def test_a_bad_last_row_writes_nothing_and_is_located():
    before = TradeRecord.objects.count()
    rows = [
        f"NZL,{year},total,{year - 2000}.5,100m-usd,eurasian-practice-2022,x,published" for year in range(2000, 2010)
    ]
    rows.append("NZL,2010,total,NaN,100m-usd,eurasian-practice-2022,x,published")
    report = import_file(TradeRecord, trade_csv(*rows), "t.csv")
    assert not report.ok
    assert TradeRecord.objects.count() == before
    assert [(p.row, p.column, p.value) for p in report.problems] == [(12, "value", "NaN")]
    assert "finite" in str(report.problems[0].message)


@pytest.mark.parametrize(
    "value, reason",
    [("1.9", "whole number"), ("abc", "not a number"), ("1e309", "digits"), ("-inf", "finite"), ("NaN", "finite")],
)
def test_bad_numbers_are_refused_not_coerced(value, reason):
    content = csv("slug,name_en,unit_en,source,source_locator\nx,X,persons,eurasian-practice-2022,x\n")
    assert import_file(Indicator, content, "i.csv").ok
    observation = csv(f"indicator,year,value,source,source_locator\nx,{value},1,eurasian-practice-2022,x\n")
    year_report = import_file(Observation, observation, "o.csv")
    value_report = import_file(
        Observation,
        csv(f"indicator,year,value,source,source_locator\nx,2015,{value},eurasian-practice-2022,x\n"),
        "o.csv",
    )
    if reason == "whole number":
        assert not year_report.ok and year_report.problems[0].column == "year"
    else:
        assert not value_report.ok and reason in str(value_report.problems[0].message)


def test_text_longer_than_the_field_is_refused():
    content = csv(f"slug,name_en,kind,source,source_locator\nlong,{'x' * 300},university,eurasian-practice-2022,x\n")
    report = import_file(Institution, content, "i.csv")
    assert not report.ok and report.problems[0].column == "name_en"


def test_yes_no_in_chinese_and_wrong_words_refused():
    header = "alliance,slug,member_count,member_count_is_minimum,source,source_locator\n"
    ok = import_file(
        Alliance.figures.rel.related_model, csv(header + "new-silk-road,t,5,是,bri-university-alliances,x\n"), "f.csv"
    )
    assert ok.ok, [str(p) for p in ok.problems]
    bad = import_file(
        Alliance.figures.rel.related_model,
        csv(header + "new-silk-road,u,5,maybe,bri-university-alliances,x\n"),
        "f.csv",
    )
    assert not bad.ok and bad.problems[0].column == "member_count_is_minimum"


def test_year_and_month_from_a_chinese_date():
    content = csv(
        "slug,name_en,founded_year,source,source_locator\nt-alliance,T,2015年5月,bri-university-alliances,x\n"
    )
    report = import_file(Alliance, content, "a.csv")
    assert report.ok, [str(p) for p in report.problems]
    alliance = Alliance.objects.get(slug="t-alliance")
    assert (alliance.founded_year, alliance.founded_month) == (2015, 5)


def test_many_to_many_by_separator():
    content = csv(
        "slug,title_en,kind,sector,countries,source,source_locator\n"
        "t-project,T,project,energy,KAZ | 俄罗斯,eurasian-practice-2022,x\n"
    )
    report = import_file(CooperationProject, content, "p.csv")
    assert report.ok, [str(p) for p in report.problems]
    project = CooperationProject.objects.get(slug="t-project")
    assert sorted(project.countries.values_list("iso3", flat=True)) == ["KAZ", "RUS"]


def test_reimporting_the_same_file_changes_nothing():
    content = trade_csv("NZL,2016,total,3.5,100m-usd,eurasian-practice-2022,x,published")
    assert import_file(TradeRecord, content, "t.csv").totals["new"] == 1
    again = import_file(TradeRecord, content, "t.csv")
    assert again.ok and again.totals == {"new": 0, "update": 0, "skip": 1, "pending": 0}


def test_dry_run_and_real_import_report_the_same():
    content = trade_csv(
        "NZL,2017,total,3.5,100m-usd,eurasian-practice-2022,x,published",
        "KAZ,2013,total,300,100m-usd,eurasian-practice-2022,x,published",
    )
    dry = import_file(TradeRecord, content, "t.csv", dry_run=True)
    assert not TradeRecord.objects.filter(partner__iso3="NZL", year=2017).exists()
    real = import_file(TradeRecord, content, "t.csv")
    assert dry.totals == real.totals == {"new": 1, "update": 1, "skip": 0, "pending": 0}


def test_errors_speak_the_users_language():
    with translation.override("zh-hans"):
        report = import_file(TradeRecord, trade_csv("NZL,2013,total,NaN,100m-usd,eurasian-practice-2022,x,"), "t.csv")
    assert not report.ok
    assert any("\u4e00" <= char <= "\u9fff" for char in str(report.problems[0]))


def test_unknown_header_is_refused_with_its_name():
    content = csv("partner,year,value,colour\nNZL,2013,1,red\n")
    report = import_file(TradeRecord, content, "t.csv")
    assert not report.ok
    assert any(p.column == "colour" and p.row == 1 for p in report.problems)


def test_every_real_import_is_recorded_and_can_be_undone(django_user_model):
    curator = django_user_model.objects.create_superuser("boss", password="x")
    kaz = record("KAZ", 2014)
    content = trade_csv(
        "KAZ,2014,total,999,100m-usd,eurasian-practice-2022,x,published",
        "NZL,2018,total,4,100m-usd,eurasian-practice-2022,x,published",
    )
    report = import_file(TradeRecord, content, "t.csv", user=curator)
    history = report.record
    assert (history.user, history.created, history.updated, history.status) == (curator, 1, 1, "completed")
    assert history.sha256 == report.sha256 and history.file_format == "csv"
    from core.imports.history import undo_import

    undo_import(history, curator)
    assert record("KAZ", 2014).value == kaz.value
    assert not TradeRecord.objects.filter(partner__iso3="NZL", year=2018).exists()
    history.refresh_from_db()
    assert history.status == "undone"


def test_a_failed_import_is_recorded_as_failed():
    report = import_file(TradeRecord, trade_csv("XXX,2013,total,1,100m-usd,eurasian-practice-2022,x,"), "bad.csv")
    assert ImportRecord.objects.filter(file_name="bad.csv", status="failed", errors=len(report.problems)).exists()


@pytest.mark.parametrize("text", ["=1+1", "+cmd", "-2+3", "@SUM(A1)", "\tx", "＝1"])
def test_exports_escape_formulae(text):
    kaz = record("KAZ", 2015)
    kaz.note_en = text
    kaz.save()
    for file_format in ("csv", "json"):
        exported = export_file(TradeRecord, file_format).decode()
        assert text not in exported.replace("'" + text, "")


def test_exports_use_the_active_languages_labels():
    with translation.override("zh-hans"):
        assert export_file(TradeRecord, "csv").decode().splitlines()[0].count("贸易伙伴") == 1
    assert "Partner" in export_file(TradeRecord, "csv").decode().splitlines()[0]


def test_table_1_in_its_original_layout_imports():
    """Source 004's Table 1 as printed: Chinese country names, full-width digits, one column per year."""
    from pathlib import Path

    TradeRecord.objects.all().delete()
    content = (Path(__file__).parent / "files" / "table1_original.csv").read_bytes()
    report = import_file(TradeRecord, content, "table1_original.csv")
    assert report.ok, [str(p) for p in report.problems[:5]]
    assert report.totals["new"] == 108
    assert record("RUS", 2018).value == Decimal("1071.0")
    assert record("KGZ", 2020).value == Decimal("29.0")


# -- partners ---------------------------------------------------------------------------------


def observation_csv(reported_by, indicator="international-students-in-china", year=2030):
    return csv(
        "indicator,year,value,reported_by,source,source_locator\n"
        f"{indicator},{year},10,{reported_by},bri-university-alliances,x\n"
    )


def test_partner_imports_their_rows_as_drafts(partner):
    report = import_file(Observation, observation_csv("xi-an-jiaotong-university"), "o.csv", user=partner)
    assert report.ok, [str(p) for p in report.problems]
    assert Observation.objects.get(year=2030).publication_status == "draft"


def test_partner_cannot_write_another_organisations_rows(partner):
    report = import_file(Observation, observation_csv("gansu-provincial-government"), "o.csv", user=partner)
    assert not report.ok and "outside your organisation" in str(report.problems[0].message)
    assert not Observation.objects.filter(year=2030).exists()


def test_partner_cannot_publish(partner):
    content = csv(
        "indicator,year,value,reported_by,source,source_locator,publication_status\n"
        "international-students-in-china,2031,1,xi-an-jiaotong-university,bri-university-alliances,x,"
        "published\n"
    )
    report = import_file(Observation, content, "o.csv", user=partner)
    assert not report.ok and report.problems[0].column == "publication_status"


def test_partner_cannot_change_seed_records(partner):
    content = csv(
        "slug,name_en,kind,source,source_locator\n"
        "gansu-provincial-government,Renamed,government-body,bri-university-alliances,x\n"
    )
    report = import_file(Institution, content, "i.csv", user=partner)
    assert not report.ok
    assert Institution.objects.get(slug="gansu-provincial-government").name_en != "Renamed"


def test_partner_cannot_import_or_export_unscoped_models(partner):
    with pytest.raises(PermissionDenied):
        import_file(
            TradeRecord, trade_csv("NZL,2013,total,1,100m-usd,eurasian-practice-2022,x,"), "t.csv", user=partner
        )
    with pytest.raises(PermissionDenied):
        export_file(TradeRecord, "csv", user=partner)


def test_partner_exports_only_their_rows(partner):
    import_file(Observation, observation_csv("xi-an-jiaotong-university"), "o.csv", user=partner)
    lines = export_file(Observation, "csv", user=partner).decode().strip().splitlines()
    assert len(lines) == 2


def test_staff_without_permission_cannot_import(django_user_model):
    user = django_user_model.objects.create_user("viewer", password="x", is_staff=True)
    with pytest.raises(PermissionDenied):
        import_file(Country, b"iso3\nKAZ\n", "c.csv", user=user)


# -- limits ---------------------------------------------------------------------------------


def test_row_limit(settings):
    settings.IMPORT_MAX_ROWS = 3
    rows = [f"NZL,{year},total,1,100m-usd,eurasian-practice-2022,x," for year in range(2000, 2004)]
    report = import_file(TradeRecord, trade_csv(*rows), "t.csv")
    assert not report.ok and "3" in str(report.problems[0])


def test_size_limit(settings):
    settings.IMPORT_MAX_FILE_SIZE = 100
    report = import_file(TradeRecord, trade_csv(*["NZL,2000,total,1,100m-usd,eurasian-practice-2022,x,"] * 5), "t.csv")
    assert not report.ok


def test_partners_see_their_drafts_and_not_others(partner, client, django_user_model):
    from accounts.models import PartnerProfile

    import_file(Observation, observation_csv("xi-an-jiaotong-university"), "o.csv", user=partner)
    other = django_user_model.objects.create_user("partner-b", password="x", is_staff=True)
    other.groups.add(Group.objects.get(name="Partners"))
    PartnerProfile.objects.create(user=other, institution=Institution.objects.get(slug="gansu-provincial-government"))
    draft = Observation.objects.get(year=2030)
    url = f"/en/admin/trade/observation/{draft.pk}/change/"
    client.force_login(partner)
    assert client.get(url).status_code == 200
    client.force_login(other)
    assert client.get(url).status_code == 302  # not found for them: redirected to the index with a message
    listing = client.get("/en/admin/trade/observation/").content.decode()
    assert f"/observation/{draft.pk}/change/" not in listing


def test_an_id_column_is_refused_never_used():
    first = record("KAZ", 2013)
    content = csv(f"id,partner,year,value,source,source_locator\n{first.pk},NZL,2013,1,eurasian-practice-2022,x\n")
    report = import_file(TradeRecord, content, "t.csv")
    assert not report.ok and report.problems[0].column == "id"
    assert record("KAZ", 2013).partner.iso3 == "KAZ"


def test_an_import_and_its_undo_refresh_the_public_pages(django_user_model):
    from core.cache import current_version
    from core.imports.history import undo_import

    before = current_version()
    report = import_file(
        TradeRecord, trade_csv("NZL,2011,total,2,100m-usd,eurasian-practice-2022,x,published"), "t.csv"
    )
    after_import = current_version()
    assert after_import != before
    undo_import(report.record, None)
    assert current_version() != after_import


def test_a_key_twice_in_one_file_names_the_first_row():
    content = trade_csv(
        "NZL,2012,total,1,100m-usd,eurasian-practice-2022,x,",
        "kz,2013,total,2,100m-usd,x,x,",
        "新西兰,2012,total,3,100m-usd,eurasian-practice-2022,x,",
    )
    report = import_file(TradeRecord, content, "t.csv")
    duplicate = [p for p in report.problems if "Same key" in str(p.message)]
    assert [(p.row, str(p.message)) for p in duplicate] == [(4, "Same key as row 2 of this file.")]
    assert not TradeRecord.objects.filter(partner__iso3="NZL").exists()
