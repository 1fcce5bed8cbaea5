"""The seed data: complete, faithful to the sources, sourced, valid and idempotent."""

import re
import unicodedata
from decimal import Decimal
from pathlib import Path

import pytest
from django.apps import apps
from django.core import serializers
from django.core.management import call_command
from simple_history.models import HistoricalChanges

from core.models import SourcedModel
from core.registry import domain_apps
from reference.models import Country, Source
from trade.models import TradeRecord

from .conftest import SEED_FILES

SOURCES_DIR = Path(__file__).resolve().parent.parent / "sources"
DOMAIN_APPS = domain_apps()
TABLE_1_COUNTRIES = {
    "俄罗斯": "RUS",
    "哈萨克斯坦": "KAZ",
    "乌兹别克斯坦": "UZB",
    "吉尔吉尔斯斯坦": "KGZ",
    "塔吉克斯坦": "TJK",
    "土库曼斯坦": "TKM",
    "阿塞拜疆": "AZE",
    "亚美尼亚": "ARM",
    "格鲁吉亚": "GEO",
    "白俄罗斯": "BLR",
    "乌克兰": "UKR",
    "摩尔多瓦": "MDA",
}
TABLE_1_YEARS = range(2013, 2022)


def domain_models():
    # not the historical copies of the records (django-simple-history)
    return [m for m in apps.get_models() if m._meta.app_label in DOMAIN_APPS and not issubclass(m, HistoricalChanges)]


def parse_table_cells(groups, cells_left):
    """Split the digit groups of one Table 1 row into cells, each ``[1-3 digits] [3 digits]* [1 decimal digit]``.

    The extraction lost the decimal point and put spaces between thousands, so a row is a
    run of digit groups; the split that yields exactly one cell per year is the reading.
    """
    if not groups:
        return [] if cells_left == 0 else None
    if cells_left == 0 or not 1 <= len(groups[0]) <= 3:
        return None
    for thousands in range(len(groups) - 1):
        integer = groups[: thousands + 1]
        if any(len(group) != 3 for group in integer[1:]) or len(groups[thousands + 1]) != 1:
            continue
        rest = parse_table_cells(groups[thousands + 2 :], cells_left - 1)
        if rest is not None:
            return [Decimal(f"{''.join(integer)}.{groups[thousands + 1]}")] + rest
    return None


def read_table_1():
    """Table 1 of source 004, read straight from the source text: {(iso3, year): value}."""
    text = unicodedata.normalize("NFKC", (SOURCES_DIR / "004_59da03eeee0df17b.txt").read_text(encoding="utf-8"))
    table = {}
    for line in text.splitlines():
        match = re.match(r"^\s*(\S+?)\s+([\d ]+)$", line)
        if match and match.group(1) in TABLE_1_COUNTRIES:
            cells = parse_table_cells(match.group(2).split(), len(TABLE_1_YEARS))
            assert cells is not None, f"cannot read the Table 1 row {line!r}"
            for year, value in zip(TABLE_1_YEARS, cells, strict=True):
                table[(TABLE_1_COUNTRIES[match.group(1)], year)] = value
    return table


def test_table_1_reader_reads_every_cell():
    table = read_table_1()
    assert len(table) == 108
    assert table[("RUS", 2013)] == Decimal("892.5")
    assert table[("RUS", 2018)] == Decimal("1071.0")
    assert table[("ARM", 2013)] == Decimal("1.9")


@pytest.mark.django_db
@pytest.mark.parametrize("cell", sorted(read_table_1().items()), ids=lambda cell: f"{cell[0][0]}-{cell[0][1]}")
def test_table_1_value_equals_source(cell):
    (iso3, year), value = cell
    record = TradeRecord.objects.get(reporter__iso3="CHN", partner__iso3=iso3, year=year, flow="total")
    assert record.value == value
    assert record.unit == "100m-usd"
    assert record.source.slug == "eurasian-practice-2022"
    assert "1" in record.source_locator


@pytest.mark.django_db
def test_every_seed_record_cites_a_source_with_a_locator():
    for model in domain_models():
        if issubclass(model, SourcedModel):
            for record in model.objects.select_related("source"):
                assert record.source_id, f"{model.__name__} {record} has no source"
                assert record.source_locator.strip(), f"{model.__name__} {record} has no locator"


@pytest.mark.django_db
def test_one_source_per_seed_document():
    files = sorted(path.name for path in SOURCES_DIR.glob("*.txt"))
    assert sorted(Source.objects.values_list("file_name", flat=True)) == files


@pytest.mark.django_db
def test_every_source_is_cited():
    for source in Source.objects.all():
        cited = any(
            model.objects.filter(source=source).exists() for model in domain_models() if issubclass(model, SourcedModel)
        )
        assert cited, f"{source.slug} is cited by no record"


@pytest.mark.django_db
def test_every_seed_record_passes_validation():
    for model in domain_models():
        for record in model.objects.all():
            record.full_clean()


@pytest.mark.django_db
def test_seed_records_are_published():
    for model in domain_models():
        if any(field.name == "publication_status" for field in model._meta.fields):
            assert not model.objects.exclude(publication_status="published").exists(), model.__name__


@pytest.mark.django_db
def test_every_country_of_the_world_is_loaded_with_a_chinese_name():
    assert Country.objects.count() == 249
    assert not Country.objects.filter(name_zh="").exists()
    assert Country.objects.get(iso3="KGZ").name_zh == "吉尔吉斯斯坦"


@pytest.mark.django_db
def test_country_statuses_are_unknown_unless_a_source_states_them():
    stated = Country.objects.exclude(bri_status="unknown")
    assert list(stated.values_list("iso3", flat=True)) == ["TKM"]
    assert not Country.objects.exclude(recognition_status="unknown").exists()


def dump_domain_data():
    return {
        model._meta.label: serializers.serialize("json", model.objects.order_by("pk"), use_natural_foreign_keys=True)
        for model in domain_models()
    }


@pytest.mark.django_db
def test_loading_the_seed_data_twice_changes_nothing():
    before = dump_domain_data()
    call_command("loaddata", *SEED_FILES, verbosity=0)
    assert dump_domain_data() == before
