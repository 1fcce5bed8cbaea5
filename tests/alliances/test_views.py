"""Public pages of the alliances and institutions, in both languages, from the seed data."""

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext

from alliances.models import Alliance, Institution, Membership
from tests.factories import make_alliance, make_institution, sourced
from tests.portal.helpers import assert_shows, data_island, get_page, page_text, uncached  # noqa: F401

pytestmark = [pytest.mark.django_db, pytest.mark.usefixtures("uncached")]


@pytest.mark.parametrize(
    "language, expected",
    [
        ("en", ["Universities Alliance of the New Silk Road", "151 universities from 38 countries and regions"]),
        ("zh-hans", ["新丝绸之路大学联盟", "来自38个国家和地区的151所大学"]),
    ],
)
def test_alliance_list_shows_the_latest_reported_figure_with_its_source(client, language, expected):
    text = page_text(get_page(client, f"/{language}/alliances/"))
    for snippet in expected:
        assert snippet in text
    assert "Dunhuang" in text or "甘肃敦煌" in text
    assert '"大学联盟" (University alliances) para 1' in text  # the figure's locator


def test_alliance_list_reports_the_latest_of_several_figures(client):
    text = page_text(get_page(client, "/en/alliances/"))
    # The strategic alliance was founded by 46 universities from 8 countries and now reports 170+ from 25.
    assert "More than 170 universities from 25 countries" in text
    assert "46 universities from 8 countries" not in text


def test_alliance_list_filters_by_member_country(client):
    text = page_text(get_page(client, "/en/alliances/", member_country="CHN"))
    assert "1 alliance" not in text and "2 alliances" in text
    assert "China–Central Asia University Alliance" not in text


@pytest.mark.parametrize("language", ["en", "zh-hans"])
def test_alliance_page(client, language):
    response = assert_shows(
        client,
        "alliances/new-silk-road/",
        language,
        ("Xi'an Jiaotong University", "西安交通大学"),
        ("Mission and goals", "使命与目标"),
        ("Silk Road academic belt", "丝绸之路学术带"),
        ("151 universities from 38 countries and regions", "来自38个国家和地区的151所大学"),
        ("Cite this", "引用"),
    )
    zh = language == "zh-hans"
    chart = data_island(response, "alliance-members-chart-data")
    assert chart["kind"] == "bar" and chart["locale"] == ("ZH" if zh else "EN")
    reported = dict(zip(chart["categories"], chart["series"][0]["data"], strict=True))
    assert reported[("俄罗斯" if zh else "Russia")] == 20
    assert reported[("中国" if zh else "China")] == 40
    assert f"/{language}/embed/alliances/new-silk-road/" in response.content.decode()


def test_alliance_page_counts_listed_members_by_country(client):
    alliance = Alliance.objects.get(slug="new-silk-road")
    for i in range(3):
        institution = make_institution(f"test-kazakh-university-{i}", country="KAZ", publication_status="published")
        Membership.objects.create(**sourced(alliance=alliance, institution=institution, publication_status="published"))
    draft = make_institution("test-draft-university", country="KAZ")
    Membership.objects.create(**sourced(alliance=alliance, institution=draft, publication_status="published"))
    response = get_page(client, "/en/alliances/new-silk-road/")
    chart = data_island(response, "alliance-members-chart-data")
    listed = dict(zip(chart["categories"], chart["series"][1]["data"], strict=True))
    assert listed["Kazakhstan"] == 3  # the draft institution is not counted
    assert "Test Draft University" not in page_text(response)


def test_draft_alliance_is_not_public(client):
    make_alliance("test-draft-alliance")
    get_page(client, "/en/alliances/test-draft-alliance/", status=404)
    assert "Test alliance" not in page_text(get_page(client, "/en/alliances/"))


@pytest.mark.parametrize(
    "params, present, absent",
    [
        ({"country": "RUS"}, ["Saint Petersburg University"], ["Harbin Institute of Technology"]),
        ({"kind": "enterprise"}, ["Railway company of Georgia"], ["Xi'an Jiaotong University"]),
        ({"alliance": "new-silk-road"}, ["Xi'an Jiaotong University"], ["Harbin Institute of Technology"]),
        ({"country": "CHN", "kind": "university"}, ["Harbin Institute of Technology"], ["Ministry of Education"]),
        ({"q": "西安"}, ["Xi'an Jiaotong University"], ["Harbin Institute of Technology"]),
    ],
)
def test_institution_list_filters(client, params, present, absent):
    response = get_page(client, "/en/institutions/", **params)
    text = page_text(response)
    for name in present:
        assert name in text
    for name in absent:
        assert name not in text
    assert "Remove the filter" in text  # each filter in force can be taken off


def test_institution_filter_form_offers_the_filtersets_parameters(client):
    html = get_page(client, "/en/institutions/").content.decode()
    for name in ("q", "country", "kind", "alliance"):
        assert f'name="{name}"' in html
    assert '<option value="RUS">Russia</option>' in html
    assert '<option value="new-silk-road">' in html


def test_institution_list_keeps_filters_it_does_not_show(client):
    html = get_page(client, "/en/institutions/", source="eurasian-practice-2022").content.decode()
    assert '<input type="hidden" name="source" value="eurasian-practice-2022">' in html
    assert "Railway company of Kazakhstan" in html
    assert "Xi&#x27;an Jiaotong University" not in html


def test_institution_list_paginates_keeping_the_filters(client):
    for i in range(55):
        make_institution(f"test-university-{i:02d}", country="UZB", publication_status="published")
    response = get_page(client, "/en/institutions/", country="UZB")
    html = response.content.decode()
    assert "55 institutions" in page_text(response)
    assert "?country=UZB&amp;page=2" in html
    page_two = page_text(get_page(client, "/en/institutions/", country="UZB", page=2))
    assert "Test University 54" in page_two and "Page 2 of 2" in page_two
    get_page(client, "/en/institutions/", country="UZB", page=3, status=404)


def test_a_deeper_page_finds_its_keys_first_and_lists_them_in_the_list_s_order(client):
    for i in range(55):
        make_institution(f"test-university-{54 - i:02d}", country="UZB", publication_status="published")
    make_institution("test-university-draft", country="UZB", publication_status="draft")
    listed = Institution.objects.filter(country__iso3="UZB", publication_status="published")
    expected = list(listed.order_by("name_en", "name_zh").values_list("slug", flat=True))
    get_page(client, "/en/institutions/", country="UZB")  # the filter menus, kept once per version of the records
    with CaptureQueriesContext(connection) as first_queries:
        first = get_page(client, "/en/institutions/", country="UZB")
    with CaptureQueriesContext(connection) as second_queries:
        second = get_page(client, "/en/institutions/", country="UZB", page=2)
    assert [record.slug for record in first.context["page_obj"]] == expected[:50]
    assert [record.slug for record in second.context["page_obj"]] == expected[50:]
    assert second.context["paginator"].count == 55
    assert len(second_queries) == len(first_queries) + 1  # the page's keys, then its records


@pytest.mark.parametrize("language", ["en", "zh-hans"])
def test_institution_page(client, language):
    assert_shows(
        client,
        "institutions/harbin-institute-of-technology/",
        language,
        ("Harbin Institute of Technology", "哈尔滨工业大学"),
        ("China", "中国"),
        ("Cooperation projects", "合作项目"),
        ("joint campus", "哈尔滨工业大学和圣彼得堡大学联合校园"),
    )


def test_institution_page_lists_its_alliances(client):
    text = page_text(get_page(client, "/en/institutions/xi-an-jiaotong-university/"))
    assert "Initiator of Universities Alliance of the New Silk Road" in text
    assert "Belt and Road University Strategic Alliance — Founder, since 2015" in text


def test_draft_institution_is_not_public(client):
    make_institution("test-hidden-university")
    get_page(client, "/en/institutions/test-hidden-university/", status=404)
    assert "Test Hidden University" not in page_text(get_page(client, "/en/institutions/", country="KAZ"))
    assert Institution.objects.filter(slug="test-hidden-university").exists()
