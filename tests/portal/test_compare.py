"""The compare page: two to four countries side by side, each number read from the records."""

import pytest

from alliances.models import Institution, Membership
from cooperation.models import CooperationProject, PartnershipMilestone
from trade.models import TradeRecord

from .helpers import get_page, page_text

pytestmark = pytest.mark.django_db


@pytest.mark.parametrize("language", ["en", "zh-hans"])
def test_countries_side_by_side(client, language):
    response = get_page(client, f"/{language}/compare/?country=KAZ,RUS,UZB")
    columns = response.context["columns"]
    assert [column["country"].iso3 for column in columns] == ["KAZ", "RUS", "UZB"]
    for column in columns:
        country = column["country"]
        latest = (
            TradeRecord.objects.public()
            .filter(reporter__iso3="CHN", partner=country, flow="total")
            .order_by("-year")
            .first()
        )
        assert (column["trade_year"], column["trade_value"]) == (latest.year, latest.value)
        assert column["institutions"] == Institution.objects.public().filter(country=country).count()
        assert column["projects"] == CooperationProject.objects.public().filter(countries=country).count()
        assert column["milestone_count"] == PartnershipMilestone.objects.public().filter(country=country).count()
    text = page_text(response)
    assert ("Partnership milestones" if language == "en" else "伙伴关系") in text


def test_columns_name_alliance_memberships_and_statistics(client):
    response = get_page(client, "/en/compare/?country=RUS&country=CHN")
    russia, china = response.context["columns"]
    assert russia["statistics_count"] > 5 and len(russia["statistics"]) == 5
    expected = Membership.objects.public().filter(institution__country__iso3="CHN")
    assert sorted(slug for slug, _name, _count in china["memberships"]) == sorted(
        expected.values_list("alliance__slug", flat=True)
    )
    assert sum(count for _slug, _name, count in china["memberships"]) == expected.count()
    assert "New Silk Road" in page_text(response)


def test_one_country_asks_for_another_and_the_country_page_links_here(client):
    response = get_page(client, "/en/compare/?country=KAZ")
    assert "Choose at least 2 countries." in page_text(response)
    assert '<option value="KAZ" selected>' in response.content.decode()
    country_page = get_page(client, "/en/countries/KAZ/").content.decode()
    assert 'href="/en/compare/?country=KAZ"' in country_page


def test_more_than_four_are_cut_and_unknown_codes_named(client):
    response = get_page(client, "/en/compare/?country=KAZ,RUS,UZB,KGZ,TJK,XXX")
    assert len(response.context["columns"]) == 4
    text = page_text(response)
    assert "At most 4 countries" in text and "XXX" in text


def table_html(response):
    html = response.content.decode()
    return html[html.index('<table class="data-table compare"') : html.index("</table>")]


@pytest.mark.parametrize("language", ["en", "zh-hans"])
def test_the_comparison_is_cited_and_embeddable_with_the_same_table(client, language):
    page = get_page(client, f"/{language}/compare/?country=KAZ,RUS")
    cite = page.context["cite"]
    assert cite["url"] == f"http://testserver/{language}/compare/?country=KAZ,RUS"
    assert "eurasian-practice-2022" in {source.slug for source, _locators in cite["sources"]}
    html = page.content.decode()
    embed_url = f"http://testserver/{language}/embed/compare/?country=KAZ,RUS"
    assert f'&lt;iframe src="{embed_url}"' in html and f'title="{page.context["title"]}"' in html
    assert ("Cite this" if language == "en" else "引用") in page_text(page)
    assert f'<a href="/{language}/institutions/?country=KAZ">' in html
    embed = get_page(client, embed_url)
    assert "X-Frame-Options" not in embed.headers
    assert table_html(embed) == table_html(page)
    assert cite["text"] in page_text(embed)
    assert f'<link rel="canonical" href="{cite["url"]}">' in embed.content.decode()


def test_the_citation_names_the_sources_of_counted_records():
    """Institutions are counted, not listed: their sources are cited all the same, without their places."""
    from django.test import Client

    from reference.models import Source
    from tests.factories import make_institution

    source = Source.objects.create(slug="test-campus-survey", title_original="Campus survey 2024", language="en")
    make_institution("test-steppe-college", country="UZB", source=source, publication_status="published")
    response = get_page(Client(), "/en/compare/?country=KAZ,UZB")
    assert ("test-campus-survey", []) in [
        (cited.slug, locators) for cited, locators in response.context["cite"]["sources"]
    ]
    assert "Campus survey 2024" in response.context["cite"]["text"]


def test_an_embed_needs_two_countries(client):
    get_page(client, "/en/embed/compare/?country=KAZ", status=404)
    get_page(client, "/en/embed/compare/", status=404)
