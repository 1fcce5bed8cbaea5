"""The seed data: complete, faithful to the sources, sourced, valid and idempotent."""

import csv
import io
import re
import unicodedata
from decimal import Decimal
from pathlib import Path

import openpyxl
import pytest
import yaml
from django.apps import apps
from django.core import serializers
from django.core.exceptions import ValidationError
from django.db import IntegrityError, transaction
from django.db.models import CharField, TextField
from django.utils.text import capfirst
from simple_history.models import HistoricalChanges

from alliances.models import Alliance, Institution
from alliances.resources import AllianceResource
from cooperation.models import CooperationProject, PartnershipMilestone, Recommendation
from cooperation.resources import CooperationProjectResource, RecommendationResource
from core.models import SourcedModel
from core.registry import domain_apps
from portal.seed import load_seed
from reference.models import Country, Source
from trade.models import Indicator, Observation, TradeRecord
from trade.resources import ObservationResource
from trade.views import observation_table

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
    load_seed()  # the seed is the fixtures, then their aliases
    assert dump_domain_data() == before


@pytest.mark.django_db
def test_every_alias_names_a_seed_record():
    for path in sorted((SOURCES_DIR.parent / "fixtures" / "aliases").glob("*.yaml")):
        for label, aliases in yaml.safe_load(path.read_text(encoding="utf-8")).items():
            model = apps.get_model(label)
            assert set(model.objects.filter(slug__in=aliases).values_list("slug", flat=True)) == set(aliases), label


# ---------------------------------------------------------------------------------------------
# Issue 15: the figures and events that were missing, read from the source text the way Table 1 is
# ---------------------------------------------------------------------------------------------

SOURCE_PUNCTUATION = str.maketrans({"ꎬ": "，", "ꎮ": "。", "ꎻ": "；", "«": "《", "»": "》", "‹": "〈", "›": "〉"})


def source_text(file_name):
    """A source as one run of text: its own punctuation mapped, footnote markers dropped, NFKC, no line breaks."""
    text = (SOURCES_DIR / file_name).read_text(encoding="utf-8").translate(SOURCE_PUNCTUATION)
    text = re.sub("[①-⑳]", "", text)
    return re.sub(r"\s*\n\s*", "", unicodedata.normalize("NFKC", text))


def comparable(text):
    """Text compared character for character: NFKC, the source's punctuation mapped, no whitespace at all."""
    return re.sub(r"\s+", "", unicodedata.normalize("NFKC", text.translate(SOURCE_PUNCTUATION)))


def search(pattern, text):
    """``re.search`` with the pattern normalised as the text is (a full-width comma in the pattern is a comma)."""
    return re.search(unicodedata.normalize("NFKC", pattern), text)


def lost_point(digits):
    """A 004 figure whose decimal point the extraction lost: ``6 1`` is 6.1, ``634 5`` is 634.5."""
    integer, decimal = digits.split()
    return Decimal(f"{integer}.{decimal}")


def read_imf_growth():
    """004 三（一）“第二”: {(indicator slug, year): percent}, parsed from the sentence that gives them."""
    text = source_text("004_59da03eeee0df17b.txt")
    subjects = {
        "全球经济增速预计": "imf-world-economic-growth",
        "其中发达经济体": "imf-advanced-economies-growth",
        "新兴市场和发展中经济体": "imf-emerging-developing-economies-growth",
    }
    figures = {}
    for subject, slug in subjects.items():
        match = search(
            subject
            + r"将从\s*(\d{4})\s*年的\s*(\d+ \d)\s*%\s*下降至\s*(\d{4})\s*年(?:和\s*(\d{4})\s*年)?的\s*(\d+ \d)\s*%",
            text,
        )
        assert match, f"cannot read the IMF figures of {subject!r}"
        first_year, first, year, other_year, then = match.groups()
        figures[(slug, int(first_year))] = lost_point(first)
        for later in filter(None, (year, other_year)):
            figures[(slug, int(later))] = lost_point(then)
    return figures


def test_imf_reader_reads_seven_values():
    figures = read_imf_growth()
    assert len(figures) == 7
    assert figures[("imf-world-economic-growth", 2023)] == Decimal("3.6")
    assert figures[("imf-emerging-developing-economies-growth", 2021)] == Decimal("6.8")


@pytest.mark.django_db
@pytest.mark.parametrize(
    "figure", sorted(read_imf_growth().items()), ids=lambda figure: f"{figure[0][0]}-{figure[0][1]}"
)
def test_imf_growth_equals_source(figure):
    (slug, year), value = figure
    observation = Observation.objects.get(indicator__slug=slug, country=None, year=year, month=None)
    assert observation.value == value
    assert observation.qualifier == "exact" and observation.value_high is None
    assert observation.source.slug == "eurasian-practice-2022"
    assert "三（一）" in observation.source_locator and "第二" in observation.source_locator
    assert ("预计" in observation.note_zh) == (year > 2021)


@pytest.mark.django_db
def test_who_pandemic_figures_equal_source():
    text = source_text("004_59da03eeee0df17b.txt")
    match = search(
        r"截至\s*(\d{4})\s*年\s*(\d+)\s*月\s*(\d+)\s*日的统计，\s*全球感染新冠肺炎的人数已高达\s*(\d+ \d+)\s*亿人，"
        r"\s*其中\s*(\d+ \d)\s*万人死亡",
        text,
    )
    assert match
    year, month, day, cases, deaths = match.groups()
    expected = {
        "who-covid-19-cases-worldwide": lost_point(cases) * 100_000_000,
        "who-covid-19-deaths-worldwide": lost_point(deaths) * 10_000,
    }
    for slug, value in expected.items():
        observation = Observation.objects.get(indicator__slug=slug)
        assert (observation.year, observation.month, observation.value) == (int(year), int(month), value)
        assert f"{year}年{month}月{day}日" in observation.note_zh  # the day, which the period cannot hold
        assert observation.country is None and "三（二）" in observation.source_locator


@pytest.mark.django_db
def test_global_gateway_figure_and_event_equal_source():
    text = source_text("004_59da03eeee0df17b.txt")
    match = search(
        r"(\d{4})\s*年\s*(\d+)\s*月，\s*欧盟宣布启动\s*“全球门户”\s*计划.{0,30}?将斥资\s*([\d ]+?)\s*亿\s*欧元", text
    )
    assert match
    year, month, amount = int(match.group(1)), int(match.group(2)), Decimal(match.group(3).replace(" ", ""))
    observation = Observation.objects.get(indicator__slug="eu-global-gateway-planned-spending")
    assert (observation.year, observation.month, observation.value) == (year, month, amount)
    assert observation.indicator.unit_zh == "亿欧元"
    milestone = PartnershipMilestone.objects.get(slug="eu-2021-12-global-gateway-launched")
    assert (milestone.year, milestone.month, milestone.day) == (year, month, None)


@pytest.mark.django_db
def test_freight_price_is_the_range_the_source_gives():
    text = source_text("004_59da03eeee0df17b.txt")
    match = search(r"价位维持在\s*([\d ]+?)\s*美元\s*/\s*40\s*尺大箱到\s*([\d ]+?)\s*美元\s*/\s*40\s*尺大箱", text)
    assert match
    low, high = (Decimal(group.replace(" ", "")) for group in match.groups())
    observation = Observation.objects.get(indicator__slug="cr-express-freight-price", year=None)
    assert (observation.value, observation.value_high, observation.qualifier) == (low, high, "range")
    assert observation.value_text == "3000.0000–5000.0000"
    assert observation.chart_value == (low + high) / 2


@pytest.mark.django_db
def test_sco_years_of_development_equal_source():
    assert comparable("经过二十多年的发展，上合组织多边合作机制趋于完善") in comparable(
        source_text("004_59da03eeee0df17b.txt")
    )
    observation = Observation.objects.get(indicator__slug="sco-years-of-development")
    assert (observation.value, observation.qualifier, observation.year) == (Decimal(20), "minimum", None)
    assert "二（四）" in observation.source_locator and "第一段" in observation.source_locator


@pytest.mark.django_db
def test_chinese_students_abroad_paragraph_is_transcribed_exactly():
    lines = (SOURCES_DIR / "001_ad81c7ffa7c98972.txt").read_text(encoding="utf-8").splitlines()
    start = next(i for i, line in enumerate(lines) if line.startswith("There are a large number of Chinese students"))
    end = next(i for i in range(start, len(lines)) if lines[i].rstrip().endswith("is the largest."))
    paragraph = " ".join(" ".join(lines[start : end + 1]).split())
    indicator = Indicator.objects.get(slug="chinese-students-abroad-bri-destination-rank")
    assert indicator.description_en == paragraph
    assert indicator.source.slug == "he-cooperation-modes" and "§2.2" in indicator.source_locator
    observation = indicator.observations.get()
    assert (observation.country.iso3, observation.value) == ("MYS", 1)


@pytest.mark.django_db
def test_alliances_joining_conditions_are_transcribed_exactly():
    text = comparable(source_text("000_d0bc6b95e43f493b.txt"))
    for alliance in Alliance.objects.all():
        assert alliance.joining_conditions_zh and comparable(alliance.joining_conditions_zh) in text
        assert alliance.joining_conditions_en
        assert "para 4" in alliance.source_locator


# (slug, pattern of the body text giving its date: year, then month and day where the body gives them)
DATED_EVENTS = {
    "kazakhstan-2014-bright-road-plan": r"(\d{4})\s*年，\s*时任哈萨克斯坦总统纳扎尔巴耶夫提出\s*“光明之路”\s*计划",
    "china-belarus-2015-state-visit": r"(\d{4})\s*年习近平也对白俄罗斯进行了国事访问",
    "sco-2013-09-13-silk-road-spirit-first-proposed": (
        r"(\d{4})\s*年\s*(\d+)\s*月\s*(\d+)\s*日，\s*习近平在吉尔吉斯斯坦比什凯克举行的上海合作组织成员国元首理事会第十三次会议上首次提出"
    ),
    "uzbekistan-2016-06-22-speech-legislative-chamber": (
        r"(\d{4})\s*年\s*(\d+)\s*月\s*(\d+)\s*日，\s*习近平在乌兹别克斯坦最高会议立法院的演讲中"
    ),
    "sco-2018-qingdao-summit-sco-community-with-shared-future": r"(\d{4})\s*年青岛峰会上，\s*习近平提出构建",
    "sco-2021-21st-heads-of-state-council-four-communities": r"(\d{4})\s*年在上合组织成员国元首理事会第二十一次会议上",
    "china-2021-11-third-belt-and-road-construction-symposium": (
        r"(\d{4})\s*年\s*(\d+)\s*月，\s*习近平在第三次\s*“一带一路”\s*建设座谈会上"
    ),
    "china-2015-vision-and-actions": (
        r"(\d{4})\s*年中国发布\s*《推动共建丝绸之路经济带和\s*21\s*世纪海上丝绸之路的愿景与行动》"
    ),
    "eu-2021-12-global-gateway-launched": r"(\d{4})\s*年\s*(\d+)\s*月，\s*欧盟宣布启动\s*“全球门户”\s*计划",
    "us-2019-blue-dot-network": r"(\d{4})\s*年，\s*为抗衡中国的“一带一路”倡议，\s*美国提出“蓝点网络”计划",
    # (above: the events added for issue 15; below: dates the body gives to the month only, whose
    # footnotes' news dates are in the notes)
    "china-russia-2014-05-new-stage-comprehensive-strategic-partnership": (
        r"第一次是\s*(\d{4})\s*年\s*(\d+)\s*月，\s*中俄两国元首发表联合声明"
    ),
    "china-russia-2019-06-new-era-comprehensive-strategic-partnership": r"第二次在\s*(\d{4})\s*年\s*(\d+)\s*月，",
    "china-russia-2017-07-joint-statement-four-mutual-firm-supports": (
        r"(\d{4})\s*年\s*(\d+)\s*月，\s*两国元首在\s*“三不原则”"
    ),
    "china-belarus-2022-01-new-stage-ironclad-brotherly-relations": (
        r"(\d{4})\s*年\s*(\d+)\s*月，\s*两国元首共同提出\s*“白中关系进入了新阶段"
    ),
}


NEW_EVENTS = 10


@pytest.mark.django_db
@pytest.mark.parametrize("slug", sorted(DATED_EVENTS))
def test_milestone_date_has_the_precision_of_the_body_text(slug):
    milestone = PartnershipMilestone.objects.select_related("source").get(slug=slug)
    match = search(DATED_EVENTS[slug], source_text(milestone.source.file_name))
    assert match, f"the source does not date {slug} as expected"
    parts = [int(group) for group in match.groups()] + [None] * (3 - len(match.groups()))
    assert [milestone.year, milestone.month, milestone.day] == parts


@pytest.mark.django_db
@pytest.mark.parametrize(
    ("slug", "footnote_date"),
    [
        ("china-russia-2014-05-new-stage-comprehensive-strategic-partnership", "2014年5月20日"),
        ("china-russia-2017-07-joint-statement-four-mutual-firm-supports", "2017年7月5日"),
        ("china-russia-2019-06-new-era-comprehensive-strategic-partnership", "2019年6月5日"),
        ("china-belarus-2022-01-new-stage-ironclad-brotherly-relations", "2022年1月20日"),
    ],
)
def test_footnote_dates_are_kept_as_such_in_the_note(slug, footnote_date):
    milestone = PartnershipMilestone.objects.get(slug=slug)
    assert milestone.day is None
    assert footnote_date in milestone.note_zh and "footnote" in milestone.note_en.lower()


@pytest.mark.django_db
def test_new_events_transcribe_the_source_sentence_by_sentence():
    for slug in list(DATED_EVENTS)[:NEW_EVENTS]:
        milestone = PartnershipMilestone.objects.select_related("source").get(slug=slug)
        text = comparable(source_text(milestone.source.file_name))
        for sentence in filter(None, comparable(milestone.description_zh).split("。")):
            assert sentence in text, f"{slug}: {sentence!r} is not in the source"
        assert milestone.description_en and milestone.title_en and milestone.title_zh


@pytest.mark.django_db
def test_lianyungang_transit_is_recorded_undated():
    project = CooperationProject.objects.get(slug="kazakhstan-lianyungang-port-transit")
    sentence = "哈萨克斯坦利用中国连云港来装卸和运输同东南亚、南北美洲国家间的过境货物"
    assert comparable(sentence) in comparable(source_text("004_59da03eeee0df17b.txt"))
    assert project.start_year is None and set(project.countries.values_list("iso3", flat=True)) == {"KAZ", "CHN"}


@pytest.mark.django_db
def test_trade_records_cite_table_1s_own_sources():
    line = "资料来源：笔者根据“一带一路”网、商务部网站、中国海关网站相关数据汇总而成"
    assert comparable(line) in comparable(source_text("004_59da03eeee0df17b.txt"))
    for record in TradeRecord.objects.all():
        assert record.note_zh.endswith("表1资料来源：笔者根据“一带一路”网、商务部网站、中国海关网站相关数据汇总而成。")
        assert "Ministry of Commerce" in record.note_en and "Customs" in record.note_en


SOURCED_REGIONS = {
    "KAZ": "central-asia",
    "KGZ": "central-asia",
    "TJK": "central-asia",
    "TKM": "central-asia",
    "UZB": "central-asia",
    "ARM": "south-caucasus",
    "AZE": "south-caucasus",
    "GEO": "south-caucasus",
    "MDA": "western-eurasia",
}


@pytest.mark.django_db
def test_regions_are_only_those_a_source_gives():
    assert dict(Country.objects.exclude(region="").values_list("iso3", "region")) == SOURCED_REGIONS
    text = comparable(source_text("004_59da03eeee0df17b.txt"))
    for phrase in map(
        comparable,
        (
            "在中亚方向",
            "在外高加索地区方向，中国与阿塞拜疆、亚美尼亚、格鲁吉亚",
            "在欧亚西部地区方向，中国与摩尔多瓦",
        ),
    ):
        assert phrase in text


@pytest.mark.django_db
def test_every_record_numbers_the_paragraphs_of_2_4_and_4_2_alike():
    """二（四） and 四（二） of 004 are one paragraph each: every locator says so."""
    for model in domain_models():
        if not issubclass(model, SourcedModel):
            continue
        for locator in model.objects.filter(source__slug="eurasian-practice-2022").values_list(
            "source_locator", flat=True
        ):
            for part in locator.split(";"):
                if "二（四）" in part or "四（二）" in part:
                    assert "第二段" not in part and "para 2" not in part, locator


@pytest.mark.django_db
def test_names_agree_with_the_source():
    for model in domain_models():
        text_fields = [  # not the aliases: other spellings readers search for, kept on purpose
            field.attname
            for field in model._meta.fields
            if isinstance(field, CharField | TextField) and field.name != "aliases"
        ]
        for values in model.objects.values_list(*text_fields):
            for value in values:
                assert "International Transit" not in value and "St Petersburg" not in value
                assert "Petersburg State University" not in value
    university = Institution.objects.get(name_zh="圣彼得堡大学")
    assert university.name_en == "Saint Petersburg University"


# ---------------------------------------------------------------------------------------------
# Editorial links and classifications: marked, shown on the pages, exported
# ---------------------------------------------------------------------------------------------

EDITORIAL = {
    CooperationProject: (
        "mode_basis",
        {
            "shenzhen-msu-bit-joint-university",
            "hit-spbu-joint-campus",
            "sco-university-network",
            "china-russia-st-forum-harbin",
        },
    ),
    Recommendation: ("problems_basis", {"digital-economy-policy-docking", "train-digital-economy-talent-jointly"}),
    Alliance: ("funding_basis", {"belt-and-road-university-strategic-alliance"}),
}


@pytest.mark.django_db
@pytest.mark.parametrize("model", list(EDITORIAL), ids=lambda model: model.__name__)
def test_editorial_links_are_marked_and_the_rest_stated(model):
    field, editorial = EDITORIAL[model]
    assert set(model.objects.filter(**{field: "editorial"}).values_list("slug", flat=True)) == editorial
    assert not model.objects.exclude(**{f"{field}__in": ["editorial", "stated"]}).exists()


@pytest.mark.django_db
def test_every_cross_source_link_is_editorial():
    for recommendation in Recommendation.objects.prefetch_related("problems"):
        if any(problem.source_id != recommendation.source_id for problem in recommendation.problems.all()):
            assert recommendation.problems_basis == "editorial", recommendation.slug
    for project in CooperationProject.objects.select_related("mode").exclude(mode=None):
        if project.mode.source_id != project.source_id:
            assert project.mode_basis == "editorial", project.slug


@pytest.mark.django_db
@pytest.mark.parametrize(
    ("path", "marks"),
    [
        ("/en/cooperation/projects/hit-spbu-joint-campus/", ["basis--editorial", "Editorial (made by the portal"]),
        ("/zh-hans/cooperation/projects/hit-spbu-joint-campus/", ["basis--editorial", "编辑所加"]),
        (
            "/en/cooperation/projects/cup-oil-gas-exploration-research-institution/",
            ["basis--stated", "Stated by the source"],
        ),
        ("/en/cooperation/projects/", ["editorial classification"]),
        ("/en/recommendations/digital-economy-policy-docking/", ["basis--editorial"]),
        ("/en/problems/host-country-barriers-to-new-infrastructure/", ["basis--editorial"]),
        ("/en/problems/", ["editorial link"]),
        ("/en/alliances/belt-and-road-university-strategic-alliance/", ["basis--editorial", "Joining conditions"]),
        ("/en/alliances/new-silk-road/", ["basis--stated", "are not limited to the countries along the Belt and Road"]),
    ],
)
def test_pages_show_stated_or_editorial(client, path, marks):
    response = client.get(path)
    assert response.status_code == 200
    content = response.content.decode()
    for mark in marks:
        assert mark in content, mark


@pytest.mark.django_db
def test_pages_print_the_range_and_the_footnote_date(client):
    content = client.get("/en/statistics/cr-express-freight-price/").content.decode()
    assert "3,000–5,000" in content and "more than 3,000" not in content
    milestones = client.get("/en/cooperation/milestones/").content.decode()
    assert "20 May 2014" in milestones


@pytest.mark.django_db
@pytest.mark.parametrize(
    ("path", "slug", "column", "value"),
    [
        ("/api/v1/projects/", "hit-spbu-joint-campus", "mode_basis", "editorial"),
        ("/api/v1/recommendations/", "digital-economy-policy-docking", "problems_basis", "editorial"),
        ("/api/v1/alliances/", "belt-and-road-university-strategic-alliance", "funding_basis", "editorial"),
        ("/api/v1/alliances/", "new-silk-road", "funding_basis", "stated"),
    ],
)
def test_api_and_csv_export_the_basis(client, path, slug, column, value):
    rows = list(
        csv.DictReader(io.StringIO(b"".join(client.get(path, {"format": "csv"}).streaming_content).decode("utf-8-sig")))
    )
    assert {row["slug"]: row[column] for row in rows}[slug] == value
    records = client.get(path, {"page_size": 100}).json()["results"]
    assert {record["slug"]: record[column] for record in records}[slug] == value


@pytest.mark.django_db
def test_api_and_csv_export_the_range(client):
    query = {"indicator": "cr-express-freight-price"}
    rows = list(
        csv.DictReader(
            io.StringIO(
                b"".join(client.get("/api/v1/observations/", {**query, "format": "csv"}).streaming_content).decode(
                    "utf-8-sig"
                )
            )
        )
    )
    (row,) = [row for row in rows if row["year"] == ""]
    assert (Decimal(row["value"]), Decimal(row["value_high"]), row["qualifier"]) == (3000, 5000, "range")
    (record,) = [
        record for record in client.get("/api/v1/observations/", query).json()["results"] if record["year"] is None
    ]
    assert (Decimal(record["value"]), Decimal(record["value_high"])) == (3000, 5000)


@pytest.mark.django_db
@pytest.mark.parametrize(
    ("resource", "model", "slug", "column", "value"),
    [
        (CooperationProjectResource, CooperationProject, "hit-spbu-joint-campus", "mode_basis", "editorial"),
        (RecommendationResource, Recommendation, "train-digital-economy-talent-jointly", "problems_basis", "editorial"),
        (AllianceResource, Alliance, "belt-and-road-university-strategic-alliance", "funding_basis", "editorial"),
    ],
)
def test_spreadsheet_exports_carry_the_basis(resource, model, slug, column, value):
    label = capfirst(str(model._meta.get_field(column).verbose_name))  # the export's header
    dataset = resource().export(queryset=model.objects.filter(slug=slug))
    assert dataset.dict[0][label] == value
    workbook = openpyxl.load_workbook(io.BytesIO(dataset.xlsx))
    header, row = list(workbook.active.values)[:2]
    assert dict(zip(header, row, strict=True))[label] == value


@pytest.mark.django_db
def test_spreadsheet_export_carries_the_range():
    dataset = ObservationResource().export(
        queryset=Observation.objects.filter(indicator__slug="cr-express-freight-price", year=None)
    )
    (row,) = dataset.dict
    assert (Decimal(str(row["Value"])), Decimal(str(row["High value"])), row["Qualifier"]) == (3000, 5000, "range")


@pytest.mark.django_db
def test_a_range_is_charted_at_its_midpoint_and_the_api_series_agrees(client):
    freight = Observation.objects.get(indicator__slug="cr-express-freight-price", year=None)
    Observation.objects.create(
        indicator=freight.indicator,
        year=2019,
        value=Decimal(3000),
        value_high=Decimal(5001),
        qualifier="range",
        source=freight.source,
        source_locator=freight.source_locator,
        publication_status="published",
    )
    series = client.get("/api/v1/observations/series/", {"indicator": "cr-express-freight-price"}).json()
    points = [point for item in series for point in item["points"]]
    assert [2019, None, 4000.5] in points
    table = observation_table(freight.indicator, freight.indicator.observations.filter(year=2019))
    assert table.series[0][1] == {2019: Decimal("4000.5")}


@pytest.mark.django_db
@pytest.mark.parametrize(
    ("value_high", "qualifier"),
    [(Decimal(2999), "range"), (None, "range"), (Decimal(5000), "exact")],
    ids=["high-below-low", "range-without-high", "high-without-range"],
)
def test_a_range_must_be_well_formed(value_high, qualifier):
    freight = Observation.objects.get(indicator__slug="cr-express-freight-price", year=None)
    freight.value_high, freight.qualifier = value_high, qualifier
    with pytest.raises(ValidationError):
        freight.full_clean()
    with pytest.raises(IntegrityError), transaction.atomic():
        freight.save()
