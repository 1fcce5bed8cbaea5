"""The portal's own pages, and what every page's frame carries."""

from decimal import Decimal

import pytest
from django.test import override_settings
from django.urls import Resolver404, resolve

from alliances.models import Alliance
from reference.models import Source
from tests.factories import make_institution
from tests.portal.helpers import (  # noqa: F401
    assert_shows,
    data_island,
    get_page,
    page_head,
    page_text,
    uncached,
)

pytestmark = [pytest.mark.django_db, pytest.mark.usefixtures("uncached")]


@pytest.mark.parametrize("language", ["en", "zh-hans"])
def test_home_figures_are_computed_from_the_data(client, language):
    response = get_page(client, f"/{language}/")
    figures = response.context["figures"]
    assert figures["alliances"] == 3
    assert figures["members"] == 151 + 170 + 51 and figures["members_minimum"]
    assert figures["projects"] == 30 and figures["problems"] == 32 and figures["recommendations"] == 30
    assert figures["trade_year"] == 2021 and figures["trade_partners"] == 12
    assert figures["trade_total"] == Decimal("2241.1")
    text = page_text(response)
    assert "372+" in text
    assert ("2241.1" if language == "zh-hans" else "2,241.1") in text


def test_home_grows_with_the_data(client):
    Alliance.objects.filter(slug="new-silk-road").update(publication_status="draft")
    figures = get_page(client, "/en/").context["figures"]
    assert figures["alliances"] == 2 and figures["members"] == 170 + 51


def test_home_links_into_every_section_and_shows_the_newest_records(client):
    make_institution("test-newest-university", publication_status="published")
    response = get_page(client, "/en/")
    html = response.content.decode()
    for path in (
        "/en/alliances/",
        "/en/institutions/",
        "/en/cooperation/",
        "/en/problems/",
        "/en/trade/",
        "/en/statistics/",
        "/en/countries/",
        "/en/sources/",
        "/en/data/",
    ):
        assert f'href="{path}"' in html
    assert "Test Newest University" in page_text(response)


@pytest.mark.parametrize(
    "language, query, expected_types, expected_text",
    [
        ("en", "silk road", {"alliance"}, "Universities Alliance of the New Silk Road"),
        ("en", "Kazakhstan", {"country", "institution"}, "Railway company of Kazakhstan"),
        ("zh-hans", "丝绸之路", {"alliance", "institution"}, "新丝绸之路大学联盟"),
        ("zh-hans", "哈萨克斯坦", {"country"}, "哈萨克斯坦"),
        ("en", "研究基金", {"problem", "recommendation"}, "Establish a research fund pool"),
    ],
)
def test_search_finds_records_of_every_type_in_both_languages(client, language, query, expected_types, expected_text):
    response = get_page(client, f"/{language}/search/", q=query)
    found = {group.record_type.key for group in response.context["groups"]}
    assert expected_types <= found
    assert expected_text in page_text(response)


def test_search_needs_every_word(client):
    groups = get_page(client, "/en/search/", q="university alliance xyzzy").context["groups"]
    assert groups == []
    assert "Nothing matches" in page_text(get_page(client, "/en/search/", q="xyzzy"))


def test_search_stems_english_titles(client):
    """ "campuses" finds the "joint campus" by its stem, on both databases (the index stems in Python)."""
    groups = get_page(client, "/en/search/", q="campuses").context["groups"]
    slugs = {record.slug for group in groups for record in group.results}
    assert "hit-spbu-joint-campus" in slugs


def test_search_ignores_drafts(client):
    make_institution("test-secret-academy")
    assert "Test Secret Academy" not in page_text(get_page(client, "/en/search/", q="Secret Academy"))


def test_search_groups_are_in_order_and_link_to_the_filtered_list(client):
    for i in range(12):
        make_institution(f"test-silk-college-{i:02d}", publication_status="published")
    response = get_page(client, "/en/search/", q="silk college")
    group = response.context["groups"][0]
    assert group.record_type.key == "institution" and group.count == 12 and len(group.results) == 10
    assert "/en/institutions/?q=silk%20college" in response.content.decode()


@pytest.mark.parametrize("language", ["en", "zh-hans"])
def test_country_list_has_every_country_with_a_record(client, language):
    response = get_page(client, f"/{language}/countries/")
    iso3 = {country.iso3 for country in response.context["countries"]}
    assert {"CHN", "RUS", "KAZ", "NZL", "FRA", "GEO"} <= iso3
    assert "BRA" not in iso3  # no record names Brazil
    assert ("俄罗斯" if language == "zh-hans" else "Russia") in page_text(response)


@pytest.mark.parametrize("language", ["en", "zh-hans"])
def test_country_profile(client, language):
    response = assert_shows(
        client,
        "countries/RUS/",
        language,
        ("Partnership milestones", "伙伴关系里程碑"),
        ("strategic partnership of coordination", "中俄确立战略协作伙伴关系"),
        ("Saint Petersburg University", "圣彼得堡大学"),
        ("more than 20 universities", "20多所大学"),
        ("Cite this", "引用"),
    )
    chart = data_island(response, "country-trade-chart-data")
    assert chart["series"][0]["data"][0] == 892.5
    # the milestone timeline is in date order
    years = [milestone.year for milestone in response.context["milestones"]]
    assert years == sorted(years)


def test_country_without_records_and_lower_case_codes(client):
    get_page(client, "/en/countries/BRA/", status=404)
    response = client.get("/en/countries/rus/")
    assert response.status_code == 301 and response["Location"] == "/en/countries/RUS/"


@pytest.mark.parametrize("language", ["en", "zh-hans"])
def test_sources_list_each_with_the_records_citing_it(client, language):
    response = get_page(client, f"/{language}/sources/")
    text = page_text(response)
    assert ("构建更紧密的命运共同体" if language == "zh-hans" else "Building a Closer Community") in text
    counts = {source.slug: dict((t.key, n) for t, n in types) for source, types in response.context["sources"]}
    assert counts["eurasian-practice-2022"]["trade"] == 108
    assert counts["bri-university-alliances"]["alliance"] == 3


def test_source_page_lists_the_records_citing_it(client):
    response = get_page(client, "/en/sources/bri-university-alliances/")
    text = page_text(response)
    assert "Universities Alliance of the New Silk Road" in text
    assert '"大学联盟" (University alliances) para 1' in text
    groups = {group["type"].key: group["count"] for group in response.context["groups"]}
    assert groups["alliance"] == 3 and groups["figure"] == 8


def test_source_page_links_to_the_filtered_list_when_there_are_many(client):
    source = Source.objects.get(slug="eurasian-practice-2022")
    response = get_page(client, f"/en/sources/{source.slug}/")
    trade = next(group for group in response.context["groups"] if group["type"].key == "trade")
    assert trade["count"] == 108 and len(trade["records"]) == 20
    milestones = next(group for group in response.context["groups"] if group["type"].key == "milestone")
    assert milestones["list_url"] == ""
    get_page(client, "/en/sources/no-such-source/", status=404)


def test_data_page_links_to_the_import_templates_dictionary_and_what_else_exists(client):

    html = get_page(client, "/zh-hans/data/").content.decode()
    assert 'href="/zh-hans/data/templates/"' in html and 'href="/zh-hans/data/dictionary/"' in html
    assert 'href="/zh-hans/trade/"' in html and 'href="/sitemap.xml"' in html
    try:
        api_docs = bool(resolve("/api/v1/docs/"))
    except Resolver404:
        api_docs = False
    assert ('href="/api/v1/docs/"' in html) == api_docs


@override_settings(ROOT_URLCONF="tests.portal.urls_with_api_docs")
def test_data_page_links_to_the_api_docs_when_served(client):
    assert 'href="/api/v1/docs/"' in get_page(client, "/en/data/").content.decode()


def test_embeds_can_be_framed_and_nothing_else_can(client):
    page = get_page(client, "/en/trade/?country=RUS&flow=total")
    assert page["X-Frame-Options"] == "DENY"
    embed = get_page(client, "/en/embed/trade/?country=RUS&flow=total")
    assert "X-Frame-Options" not in embed
    assert data_island(embed, "embed-trade-chart-data")["series"][0]["name"] == "Russia"
    alliance = get_page(client, "/zh-hans/embed/alliances/new-silk-road/")
    assert "X-Frame-Options" not in alliance
    assert '<meta name="robots" content="noindex">' in alliance.content.decode()
    assert "新丝绸之路大学联盟" in page_text(alliance)
    get_page(client, "/en/embed/alliances/no-such-alliance/", status=404)


def test_trade_page_offers_its_embed_and_stable_link(client):
    html = get_page(client, "/en/trade/?country=RUS&flow=total&year__gte=2013&year__lte=2021").content.decode()
    assert "http://testserver/en/embed/trade/?country=RUS&amp;flow=total&amp;year__gte=2013&amp;year__lte=2021" in html
    assert "http://testserver/en/trade/?country=RUS&amp;flow=total&amp;year__gte=2013&amp;year__lte=2021" in html


@pytest.mark.parametrize("language", ["en", "zh-hans"])
def test_cite_this_names_the_source_and_the_retrieval_date(client, language):
    text = page_text(get_page(client, f"/{language}/trade/?country=RUS&flow=total"))
    if language == "en":
        assert "Building a Closer Community with a Shared Future: the Belt and Road in Eurasian Practice" in text
        assert "(data retrieved Nov. 23, 2026)" in text
    else:
        assert "构建更紧密的命运共同体：“一带一路”建设的欧亚实践（表1 (Table 1)）" in text
        assert "数据获取日期：2026年11月23日" in text


PAGES = [
    "/{lang}/",
    "/{lang}/alliances/",
    "/{lang}/alliances/new-silk-road/",
    "/{lang}/institutions/",
    "/{lang}/institutions/xi-an-jiaotong-university/",
    "/{lang}/cooperation/",
    "/{lang}/cooperation/projects/",
    "/{lang}/cooperation/projects/hit-spbu-joint-campus/",
    "/{lang}/cooperation/milestones/",
    "/{lang}/problems/",
    "/{lang}/problems/no-research-fund-in-university-alliances/",
    "/{lang}/recommendations/build-research-fund-pool-for-university-alliances/",
    "/{lang}/trade/?country=KAZ,RUS&flow=total",
    "/{lang}/statistics/",
    "/{lang}/statistics/international-students-in-china/",
    "/{lang}/countries/",
    "/{lang}/countries/RUS/",
    "/{lang}/sources/",
    "/{lang}/sources/bri-university-alliances/",
    "/{lang}/data/",
    "/{lang}/search/?q=silk",
]


@pytest.mark.parametrize("page", PAGES)
def test_every_page_has_its_title_description_canonical_and_alternates(client, page):
    heads = {}
    for language in ("en", "zh-hans"):
        response = get_page(client, page.format(lang=language))
        head = page_head(response)
        heads[language] = head
        assert head.html_lang == ("zh-Hans" if language == "zh-hans" else "en")
        name, site = head.title.rsplit(" · ", 1)
        assert site == ("一带一路合作门户" if language == "zh-hans" else "BRI Cooperation Portal") and name
        assert len(head.meta["description"]) > 20
        links = {(link.get("rel"), link.get("hreflang")): link["href"] for link in head.links if "href" in link}
        assert links[("canonical", None)] == "http://testserver" + page.format(lang=language)
        assert links[("alternate", "en")] == "http://testserver" + page.format(lang="en")
        assert links[("alternate", "zh-Hans")] == "http://testserver" + page.format(lang="zh-hans")
        assert links[("alternate", "x-default")] == "http://testserver" + page.format(lang="en")
    assert heads["en"].title != heads["zh-hans"].title


def test_language_switch_keeps_the_page_and_its_selection(client):
    html = get_page(client, "/en/trade/?country=KAZ,RUS&flow=total").content.decode()
    assert 'href="/zh-hans/trade/?country=KAZ,RUS&amp;flow=total" hreflang="zh-Hans" lang="zh-Hans"' in html
    html = get_page(client, "/zh-hans/alliances/new-silk-road/").content.decode()
    assert 'href="/en/alliances/new-silk-road/" hreflang="en" lang="en"' in html


def test_navigation_marks_the_current_section(client):
    html = get_page(client, "/en/recommendations/build-research-fund-pool-for-university-alliances/").content.decode()
    assert '<a href="/en/problems/" aria-current="page">' in html
    assert html.count('aria-current="page"') == 1


def test_root_redirects_to_a_language(client):
    response = client.get("/")
    assert response.status_code == 302 and response["Location"] == "/en/"
    response = client.get("/", HTTP_ACCEPT_LANGUAGE="zh-CN,zh;q=0.9")
    assert response["Location"] == "/zh-hans/"


def test_admin_stays_under_the_language_prefix(client):
    response = client.get("/en/admin/")
    assert response.status_code == 302 and response["Location"].startswith("/en/admin/login/")


def test_not_found_page_is_translated(client):
    response = get_page(client, "/zh-hans/no-such-page/", status=404)
    assert "页面不存在" in page_text(response)


def test_sitemap_lists_every_public_page_in_both_languages(client):
    index = get_page(client, "/sitemap.xml").content.decode()
    sections = [f"http://testserver/sitemap-{name}.xml" for name in ("pages-en", "alliance-zh-hans", "country-en")]
    for section in sections:
        assert section in index
    locations = ""
    for line in index.split("<loc>")[1:]:
        locations += get_page(client, line.split("</loc>")[0].replace("http://testserver", "")).content.decode()
    for path in (
        "/en/",
        "/zh-hans/alliances/new-silk-road/",
        "/en/institutions/xi-an-jiaotong-university/",
        "/zh-hans/cooperation/projects/hit-spbu-joint-campus/",
        "/en/problems/no-research-fund-in-university-alliances/",
        "/en/recommendations/build-research-fund-pool-for-university-alliances/",
        "/zh-hans/statistics/international-students-in-china/",
        "/en/countries/RUS/",
        "/zh-hans/sources/eurasian-practice-2022/",
        "/en/trade/",
    ):
        assert f"<loc>http://testserver{path}</loc>" in locations


def test_sitemap_leaves_out_drafts(client):
    make_institution("test-unlisted-university")
    text = get_page(client, "/sitemap-institution-en.xml").content.decode()
    assert "test-unlisted-university" not in text and "xi-an-jiaotong-university" in text


def test_robots_txt_names_the_sitemap(client):
    text = get_page(client, "/robots.txt").content.decode()
    assert "Sitemap: http://testserver/sitemap.xml" in text and "Disallow: /en/admin/" in text


def test_static_files_are_our_own(client):
    html = get_page(client, "/en/alliances/new-silk-road/").content.decode()
    assert '<script src="/static/vendor/echarts/echarts.min.js" defer></script>' in html
    assert "cdn" not in html.lower()
    assert "<script>" not in html and "style=" not in html


def test_the_group_and_source_lists_narrow_to_the_search_pages_query(client):
    groups = client.get("/en/groups/", {"q": "caucasus"}).content.decode()
    assert 'id="group-south-caucasus"' in groups and 'id="group-central-asia"' not in groups
    everything = client.get("/en/groups/").content.decode()
    assert 'id="group-south-caucasus"' in everything and 'id="group-central-asia"' in everything
    sources = client.get("/en/sources/", {"q": "Eurasian Practice"}).content.decode()
    assert "/en/sources/eurasian-practice-2022/" in sources
    assert "/en/sources/bri-university-alliances/" not in sources
    assert "/en/sources/bri-university-alliances/" in client.get("/en/sources/").content.decode()
