"""Search as readers search: the names they use, in either language, find the record they mean."""

import pytest

from alliances.models import Institution
from core.imports.history import undo_import
from core.imports.services import import_file
from portal.models import SearchEntry
from portal.search import search
from reference.models import Country, CountryGroup
from tests.factories import make_institution, sourced

from .helpers import get_page, page_text

pytestmark = pytest.mark.django_db

# (query, record type, slug or ISO3 of the record meant): the queries, then the seed's own names.
QUERIES = [
    ("Xian Jiaotong", "institution", "xi-an-jiaotong-university"),
    ("xian jiaotong", "institution", "xi-an-jiaotong-university"),
    ("Xi'an Jiaotong University", "institution", "xi-an-jiaotong-university"),
    ("XI’AN", "institution", "xi-an-jiaotong-university"),
    ("西安交大", "institution", "xi-an-jiaotong-university"),
    ("西安交通大学", "institution", "xi-an-jiaotong-university"),
    ("西安交通大學", "institution", "xi-an-jiaotong-university"),
    ("jiaotong daxue", "institution", "xi-an-jiaotong-university"),
    ("交通大学", "institution", "xi-an-jiaotong-university"),
    ("新丝路大学联盟", "alliance", "new-silk-road"),
    ("新丝绸之路大学联盟", "alliance", "new-silk-road"),
    ("新絲綢之路大學聯盟", "alliance", "new-silk-road"),
    ("丝路联盟", "alliance", "new-silk-road"),
    ("丝绸之路 联盟", "alliance", "new-silk-road"),
    ("New Silk Road", "alliance", "new-silk-road"),
    ("universities alliance silk", "alliance", "new-silk-road"),
    ("UANSR", "alliance", "new-silk-road"),
    ("Kazakstan", "country", "KAZ"),
    ("Kazakhstan", "country", "KAZ"),
    ("哈萨克斯坦", "country", "KAZ"),
    ("哈薩克斯坦", "country", "KAZ"),
    ("KAZ", "country", "KAZ"),
    ("Rusia", "country", "RUS"),
    ("俄罗斯", "country", "RUS"),
    ("一带一路大学战略联盟", "alliance", "belt-and-road-university-strategic-alliance"),
    ("一带一路高校联盟", "alliance", "belt-and-road-university-strategic-alliance"),
    ("belt road university strategic", "alliance", "belt-and-road-university-strategic-alliance"),
    ("中亚大学联盟", "alliance", "china-central-asia-university-alliance"),
    ("Central Asia University Alliance", "alliance", "china-central-asia-university-alliance"),
    ("哈工大", "institution", "harbin-institute-of-technology"),
    ("Harbin Institute", "institution", "harbin-institute-of-technology"),
    ("St Petersburg University", "institution", "saint-petersburg-university"),
    ("中欧班列", "project", "china-europe-railway-express"),
    ("China Europe railway", "project", "china-europe-railway-express"),
    ("陆海新通道", "project", "land-sea-new-corridor"),
    ("Yamal LNG", "project", "yamal-lng"),
    ("亚马尔", "project", "yamal-lng"),
    ("joint campuses", "project", "hit-spbu-joint-campus"),
    ("Zhanatas wind", "project", "zhanatas-wind-farm"),
    ("研究基金", "recommendation", "build-research-fund-pool-for-university-alliances"),
    ("research fund pool", "recommendation", "build-research-fund-pool-for-university-alliances"),
    ("Eurasian Economic Forum", "project", "eurasian-economic-forum-xian"),
    ("South Caucasus", "country-group", "south-caucasus"),
    ("外高加索", "country-group", "south-caucasus"),
    ("Central Asia", "country-group", "central-asia"),
    ("中亚", "country-group", "central-asia"),
    ("Eurasian Economic Union", "country-group", "eurasian-economic-union"),
    ("欧亚经济联盟", "country-group", "eurasian-economic-union"),
    ("歐亞經濟聯盟成員國", "country-group", "eurasian-economic-union"),
]


def keys_found(results, record_type):
    for group in results.groups:
        if group.record_type.key == record_type:
            return {getattr(record, "slug", None) or getattr(record, "iso3", None) for record in group.results}
    return set()


@pytest.mark.parametrize("query, record_type, key", QUERIES)
def test_readers_find_the_record_they_mean(query, record_type, key):
    assert key in keys_found(search(query), record_type)


def test_facet_counts_equal_the_results():
    results = search("university")
    assert results.total > 0
    assert sum(n for _value, _label, n in results.facets["type"]) == results.total
    for name in ("country", "year", "source"):
        for value, _label, count in results.facets[name]:
            assert search("university", {name: value}).total == count


def test_facets_narrow_the_results(client):
    response = get_page(client, "/en/search/", q="university", type="institution")
    assert [group.record_type.key for group in response.context["groups"]] == ["institution"]
    narrowed = get_page(client, "/en/search/", q="university", country="RUS").context
    assert all(group.count <= 20 for group in narrowed["groups"]) and narrowed["total"] > 0


def test_matched_words_are_marked(client):
    html = get_page(client, "/en/search/", q="jiaotong").content.decode()
    assert "<mark>Jiaotong</mark>" in html
    html = get_page(client, "/zh-hans/search/", q="西安交通").content.decode()
    assert "<mark>西安</mark><mark>交通</mark>" in html or "<mark>西安交通</mark>" in html


def test_the_index_follows_edits_and_deletes():
    institution = make_institution("test-quokka-college", publication_status="published")
    assert "test-quokka-college" in keys_found(search("quokka"), "institution")
    institution.name_en, institution.aliases = "Test Wombat College", "袋熊学院"
    institution.save()
    assert not search("quokka").groups
    assert "test-quokka-college" in keys_found(search("袋熊"), "institution")
    institution.publication_status = "draft"
    institution.save()
    assert not search("wombat").groups
    institution.publication_status = "published"
    institution.save()
    institution.delete()
    assert not SearchEntry.objects.filter(record_type="institution", object_id=institution.pk).exists()


IMPORTS = [
    (
        Institution,
        "slug,name_en,name_zh,aliases,kind,country,source,source_locator,publication_status\n"
        "test-numbat-institute,Numbat Institute,袋食蚁兽研究所,NBI|Numbat,university,KAZ,eurasian-practice-2022,p. 1,"
        "published\n",
        "institution",
        "test-numbat-institute",
        [("numbat", {}), ("NBI", {})],
    ),
    (
        CountryGroup,
        "slug,name_en,name_zh,members,basis,note_en,note_zh,source,source_locator\n"
        "test-caspian,Caspian littoral states,里海沿岸国家,KAZ|RUS|TKM|AZE,editorial,,,eurasian-practice-2022,p. 3\n",
        "country-group",
        "test-caspian",
        [("Caspian", {}), ("里海", {"country": "TKM"})],
    ),
]


@pytest.mark.parametrize("model, rows, record_type, slug, queries", IMPORTS)
def test_the_index_follows_imports_and_undo(django_user_model, model, rows, record_type, slug, queries):
    curator = django_user_model.objects.create_superuser("searcher", password="x")
    report = import_file(model, rows.encode(), "records.csv", user=curator)
    assert report.ok, report.problems
    for query, facets in queries:
        assert slug in keys_found(search(query, facets), record_type), query
    undo_import(report.record, curator)
    for query, facets in queries:
        assert slug not in keys_found(search(query, facets), record_type), query


def test_search_page_shows_a_near_spelling(client):
    response = get_page(client, "/en/search/", q="Kazakstan")
    assert "kazakhstan" in response.context["corrected"]
    assert "Kazakhstan" in page_text(response)


def test_long_queries_are_bounded():
    results = search(" ".join(f"word{i}" for i in range(500)))
    assert results.total == 0


def test_country_groups_are_a_record_type_and_their_members_a_country_facet(client):
    response = get_page(client, "/en/search/", q="Caucasus")
    types = {value: count for value, _label, count in response.context["facets"]["type"]}
    assert types["country-group"] == 1
    assert {"ARM", "AZE", "GEO"} <= {value for value, _label, _n in response.context["facets"]["country"]}
    html = response.content.decode()
    assert 'href="/en/groups/south-caucasus/"' in html and "South <mark>Caucasus</mark>" in html
    narrowed = get_page(client, "/zh-hans/search/", q="外高加索", type="country-group", country="GEO")
    assert [group.record_type.key for group in narrowed.context["groups"]] == ["country-group"]
    assert 'href="/zh-hans/groups/south-caucasus/"' in narrowed.content.decode()


def test_the_index_follows_country_group_edits_members_and_deletes():
    group = CountryGroup.objects.create(**sourced(slug="test-steppe", name_en="Steppe states", name_zh="草原国家"))
    assert "test-steppe" in keys_found(search("steppe"), "country-group")
    assert "test-steppe" in keys_found(search("草原国家"), "country-group")
    group.members.set(Country.objects.filter(iso3__in=["KAZ", "MNG"]))
    assert search("steppe", {"country": "MNG"}).total == 1
    group.members.remove(Country.objects.get(iso3="MNG"))
    assert search("steppe", {"country": "MNG"}).total == 0
    group.name_en = "Grassland states"
    group.save()
    assert not search("steppe").groups and "test-steppe" in keys_found(search("grassland"), "country-group")
    group.delete()
    assert not SearchEntry.objects.filter(record_type="country-group", object_id=group.pk).exists()


def test_migrate_indexes_a_record_type_newly_made_searchable():
    from portal.apps import fill_search_index

    SearchEntry.objects.filter(record_type="country-group").delete()
    others = SearchEntry.objects.count()
    fill_search_index(sender=None)
    assert "central-asia" in keys_found(search("中亚"), "country-group")
    assert SearchEntry.objects.exclude(record_type="country-group").count() == others


def test_the_change_history_is_not_watched(django_assert_max_num_queries):
    """A past version changes no search row: saving or deleting one indexes nothing."""
    institution = Institution.objects.filter(publication_status="published").first()
    institution.save()  # a new version in the change history, and the record indexed again
    before = list(SearchEntry.objects.order_by("pk").values_list("pk", "names"))
    versions = institution.history.all()
    with django_assert_max_num_queries(4):  # the versions' delete only, no index work for each
        versions.delete()
    assert list(SearchEntry.objects.order_by("pk").values_list("pk", "names")) == before
