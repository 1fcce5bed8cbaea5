"""The access rules are written once (``core.roles`` and the querysets' ``public()``, ``visible_to()`` and
``for_organisation()``); every door must give the answer they give, for every role.

Also the findings of the attack on the partner scope: an alliance partner taking over an institution
through a draft membership, a Partners-group user without a profile seeing drafts (fail-open), and
drafts leaking through admin inlines, list filters, import hints and the public country page.
"""

from decimal import Decimal

import pytest
from django.contrib.auth.models import Group, User
from django.core.files.uploadedfile import SimpleUploadedFile
from django.test import Client

from accounts.models import PartnerProfile
from alliances.models import Alliance, Institution, Membership
from reference.models import Country, Source
from tests.hostile.fingerprint import fingerprint
from trade.models import Indicator, Observation

from .conftest import INDICATOR, ROLES, observation

SOURCE = "bri-university-alliances"
# Distinct values, so that each door's output shows which of the three records it let through.
DRAFT_A, DRAFT_B, PUBLISHED_B = "7031.5", "7032.5", "7033.5"


@pytest.fixture
def records(db):
    return {
        DRAFT_A: observation(2031, "xi-an-jiaotong-university", value=DRAFT_A),
        DRAFT_B: observation(2032, "gansu-provincial-government", value=DRAFT_B),
        PUBLISHED_B: observation(2033, "gansu-provincial-government", status="published", value=PUBLISHED_B),
    }


EXPECTED = {
    "anonymous": {PUBLISHED_B},
    "partner A": {PUBLISHED_B, DRAFT_A},
    "partner B": {PUBLISHED_B, DRAFT_B},
    "curator": {PUBLISHED_B, DRAFT_A, DRAFT_B},
    "superuser": {PUBLISHED_B, DRAFT_A, DRAFT_B},
}


def shown(text):
    return {value for value in (DRAFT_A, DRAFT_B, PUBLISHED_B) if value in text.replace(",", "")}


def body(response):
    if response.status_code != 200:
        return ""
    if response.streaming:
        return b"".join(response.streaming_content).decode()
    return response.content.decode()


def doors(role, users, browsers, apis):
    """What each door shows ``role`` of the indicator's observations (text in which the values appear)."""
    indicator = Indicator.objects.get(slug=INDICATOR)
    user = users[role]
    values = Observation.objects.visible_to(user).values_list("value", flat=True)
    api = f"/api/v1/observations/?indicator={INDICATOR}"
    answers = {
        "queryset": " ".join(str(value) for value in values),
        "api list": body(apis[role].get(f"{api}&page_size=1000")),
        "api csv": body(apis[role].get(f"{api}&format=csv")),
    }
    if user is not None:  # the admin's doors: staff only
        admin = "/en/admin/trade/observation/"
        answers["admin list"] = body(browsers[role].get(f"{admin}?indicator__id__exact={indicator.pk}"))
        answers["admin export"] = body(
            browsers[role].get(f"{admin}export/?format=csv&indicator__id__exact={indicator.pk}")
        )
    return answers


@pytest.mark.parametrize("role", ROLES)
def test_every_door_gives_the_same_visibility_answer(role, records, users, browsers, apis):
    for door, text in doors(role, users, browsers, apis).items():
        assert shown(text) == EXPECTED[role], (role, door)


@pytest.mark.parametrize("role", ROLES)
def test_public_pages_show_public_records_only_whoever_asks(role, records, browsers):
    page = browsers[role].get(f"/en/statistics/{INDICATOR}/").content.decode()
    assert shown(page) == {PUBLISHED_B}


# -- the partner scope is built from published links only ----------------------------------------------


@pytest.fixture
def alliance_partner(db):
    user = User.objects.create_user("alliance-partner", password="a-long-test-password", is_staff=True)
    user.groups.add(Group.objects.get(name="Partners"))
    PartnerProfile.objects.create(user=user, alliance=Alliance.objects.get(slug="new-silk-road"))
    client = Client()
    client.force_login(user)
    return user, client


RENAME = (
    "slug,name_en,kind,country,source,source_locator\n"
    f"gansu-provincial-government,Taken over,government-body,CHN,{SOURCE},x\n"
)


def upload(client, url, content):
    return client.post(url, {"import_file": SimpleUploadedFile("rows.csv", content.encode()), "format": ""})


@pytest.mark.parametrize("status", ["draft", "rejected"])
def test_a_draft_or_rejected_membership_gives_an_alliance_partner_no_hold_on_an_institution(status, alliance_partner):
    user, client = alliance_partner
    institution = Institution.objects.get(slug="gansu-provincial-government")
    Membership.objects.filter(institution=institution, alliance__slug="new-silk-road").delete()
    Membership.objects.create(
        alliance=Alliance.objects.get(slug="new-silk-road"),
        institution=institution,
        source=Source.objects.get(slug=SOURCE),
        source_locator="x",
        publication_status=status,
    )
    assert not Institution.objects.for_organisation(user.partner_profile).filter(pk=institution.pk).exists()
    before = fingerprint()
    page = upload(client, "/en/admin/alliances/institution/import/", RENAME).content.decode()
    assert "outside your organisation" in page and 'name="token"' not in page
    assert fingerprint() == before


def test_a_published_membership_does_give_it(alliance_partner):
    user, _client = alliance_partner
    members = Institution.objects.for_organisation(user.partner_profile)
    published = Membership.objects.published().filter(alliance__slug="new-silk-road").values("institution")
    assert set(members.values_list("pk", flat=True)) >= set(
        Institution.objects.filter(pk__in=published).values_list("pk", flat=True)
    )


def test_a_partner_sees_and_corrects_the_institution_they_created(alliance_partner):
    user, client = alliance_partner
    header = "slug,name_en,kind,country,source,source_locator\n"
    create = f"{header}new-partner-university,New University,university,KAZ,{SOURCE},x\n"
    from core.imports.services import import_file

    report = import_file(Institution, create.encode(), "rows.csv", user=user, via="admin")
    assert not report.problems
    created = Institution.objects.get(slug="new-partner-university")
    assert created.publication_status == "draft"
    assert Institution.objects.visible_to(user).filter(pk=created.pk).exists()
    report = import_file(
        Institution, create.replace("New University", "Newer University").encode(), "rows.csv", user=user, via="admin"
    )
    assert not report.problems
    created.refresh_from_db()
    assert created.name_en == "Newer University"


# -- no profile, no partner access (fail closed) --------------------------------------------------------


def test_the_partners_group_without_a_profile_sees_no_drafts(records):
    user = User.objects.create_user("left-partner", password="a-long-test-password", is_staff=True)
    user.groups.add(Group.objects.get(name="Partners"))
    client = Client()
    client.force_login(user)
    indicator = Indicator.objects.get(slug=INDICATOR)
    changelist = client.get(f"/en/admin/trade/observation/?indicator__id__exact={indicator.pk}").content.decode()
    export = client.get(f"/en/admin/trade/observation/export/?format=csv&indicator__id__exact={indicator.pk}")
    assert shown(changelist) <= {PUBLISHED_B}
    assert shown(export.content.decode() if export.status_code == 200 else "") <= {PUBLISHED_B}
    assert client.get("/en/admin/alliances/institution/import/").status_code == 403


# -- drafts do not leak through the admin's side doors, import hints or public pages ---------------------


def test_admin_inlines_show_only_what_the_user_may_see(records, browsers):
    indicator = Indicator.objects.get(slug=INDICATOR)
    page = browsers["partner A"].get(f"/en/admin/trade/indicator/{indicator.pk}/change/").content.decode()
    assert page and DRAFT_B not in page.replace(",", "")
    assert PUBLISHED_B in page.replace(",", "")


def draft_alliance():
    return Alliance.objects.create(
        slug="secret-draft-alliance",
        name_en="Secret Draft Alliance",
        founded_year=2024,
        source=Source.objects.get(slug=SOURCE),
        source_locator="x",
        publication_status="draft",
    )


def test_list_filters_name_no_draft_the_user_may_not_see(browsers):
    draft_alliance()
    partner_page = browsers["partner A"].get("/en/admin/alliances/membership/").content.decode()
    curator_page = browsers["curator"].get("/en/admin/alliances/membership/").content.decode()
    assert "Secret Draft Alliance" in curator_page
    assert "Secret Draft Alliance" not in partner_page


def test_import_hints_name_no_draft_the_user_may_not_see(users):
    draft_alliance()
    from core.imports.services import import_file

    header = "alliance,institution,role,source,source_locator\n"
    row = f"{header}secret-draft-allianc,xi-an-jiaotong-university,member,{SOURCE},x\n"
    partner_report = import_file(Membership, row.encode(), "rows.csv", user=users["partner A"], dry_run=True)
    curator_report = import_file(Membership, row.encode(), "rows.csv", user=users["curator"], dry_run=True)
    assert "secret-draft-alliance" in " ".join(p.message for p in curator_report.problems)
    assert "secret-draft-alliance" not in " ".join(p.message for p in partner_report.problems)


def test_the_country_page_shows_no_draft_indicator(client, db):
    indicator = Indicator.objects.create(
        slug="draft-indicator",
        name_en="Draft Indicator Name",
        unit_en="x",
        source=Source.objects.get(slug=SOURCE),
        source_locator="x",
        publication_status="draft",
    )
    Observation.objects.create(
        indicator=indicator,
        country=Country.objects.get(iso3="KAZ"),
        year=2020,
        value=Decimal("4242.5"),
        source=Source.objects.get(slug=SOURCE),
        source_locator="x",
        publication_status="published",
    )
    page = client.get("/en/countries/KAZ/").content.decode()
    assert "Draft Indicator Name" not in page and "4242" not in page.replace(",", "")
