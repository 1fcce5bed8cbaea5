"""Country groups: curated records with their source, stated or editorial, one selection on the pages."""

import pytest
from django.core.exceptions import ValidationError

from core.imports.services import import_file
from reference.models import CountryGroup

pytestmark = pytest.mark.django_db


def test_seed_groups_cite_the_source_and_mark_what_it_does_not_state():
    groups = {group.slug: group for group in CountryGroup.objects.prefetch_related("members")}
    assert {iso3 for iso3 in groups["central-asia"].members.values_list("iso3", flat=True)} == {
        "KAZ", "KGZ", "TJK", "TKM", "UZB",
    }  # fmt: skip
    assert set(groups["south-caucasus"].members.values_list("iso3", flat=True)) == {"ARM", "AZE", "GEO"}
    assert groups["eurasian-economic-union"].basis == "editorial"
    assert all(group.basis == "stated" for slug, group in groups.items() if slug != "eurasian-economic-union")
    assert all(group.source.slug == "eurasian-practice-2022" and group.source_locator for group in groups.values())


def test_the_regions_the_source_gives_agree_with_its_groups():
    from reference.models import Country

    for slug in ("central-asia", "south-caucasus"):
        members = set(CountryGroup.objects.get(slug=slug).members.values_list("iso3", flat=True))
        assert members == set(Country.objects.filter(region=slug).values_list("iso3", flat=True))


def test_a_group_needs_a_name():
    group = CountryGroup(slug="nameless", source_id=1, source_locator="p. 1")
    with pytest.raises(ValidationError):
        group.full_clean()


def test_a_group_imports_with_its_members_by_name_or_code():
    rows = (
        "slug,name_en,name_zh,members,basis,note_en,note_zh,source,source_locator\n"
        "caspian,Caspian states,里海国家,KAZ|Russia|土库曼斯坦|AZE,editorial,,,eurasian-practice-2022,p. 3\n"
    )
    report = import_file(CountryGroup, rows.encode(), "groups.csv")
    assert report.ok, [str(problem) for problem in report.problems]
    group = CountryGroup.objects.get(slug="caspian")
    assert set(group.members.values_list("iso3", flat=True)) == {"KAZ", "RUS", "TKM", "AZE"}


def test_an_unknown_member_fails_the_whole_import_naming_the_cell():
    rows = (
        "slug,name_en,name_zh,members,basis,note_en,note_zh,source,source_locator\n"
        "good,Good,好,KAZ,stated,,,eurasian-practice-2022,p. 1\n"
        "bad,Bad,坏,KAZ|Atlantis,stated,,,eurasian-practice-2022,p. 1\n"
    )
    report = import_file(CountryGroup, rows.encode(), "groups.csv")
    assert not report.ok
    problem = " ".join(str(problem) for problem in report.problems)
    assert "Atlantis" in problem and "3" in problem
    assert not CountryGroup.objects.filter(slug__in=["good", "bad"]).exists()


@pytest.mark.parametrize("language", ["en", "zh-hans"])
def test_group_pages_show_the_members_the_source_and_the_basis(client, language):
    listing = client.get(f"/{language}/groups/")
    assert listing.status_code == 200
    page = client.get(f"/{language}/groups/eurasian-economic-union/")
    html = page.content.decode()
    assert "basis--editorial" in html and f"/{language}/sources/eurasian-practice-2022/" in html
    assert f"/{language}/trade/?group=eurasian-economic-union" in html
    assert f"/{language}/rankings/?group=eurasian-economic-union" in html


def test_the_explorer_selects_a_groups_countries(client):
    response = client.get("/en/trade/?group=south-caucasus")
    assert [country.iso3 for country in response.context["selection"].countries] == ["ARM", "AZE", "GEO"]
    assert "group=south-caucasus" in response.context["cite"]["url"]
    unknown = client.get("/en/trade/?group=atlantis")
    assert unknown.status_code == 200 and "No country group “atlantis”" in unknown.content.decode()


def test_the_api_lists_the_groups_with_their_members(client):
    data = client.get("/api/v1/country-groups/").json()
    central = next(group for group in data["results"] if group["slug"] == "central-asia")
    assert sorted(central["members"]) == ["KAZ", "KGZ", "TJK", "TKM", "UZB"]
    assert client.get("/api/v1/country-groups/?member=ARM").json()["count"] == 3
