"""Alliances, their figures and memberships: constraints and behaviour."""

import pytest
from django.core.exceptions import ValidationError
from django.db import IntegrityError, transaction

from alliances.models import AllianceFigure, Membership

from ..factories import make_alliance, make_institution, sourced

pytestmark = pytest.mark.django_db


def test_membership_is_unique_per_alliance_and_institution():
    alliance, institution = make_alliance(), make_institution()
    Membership.objects.create(**sourced(alliance=alliance, institution=institution))
    duplicate = Membership(**sourced(alliance=alliance, institution=institution, role="founder"))
    with pytest.raises(ValidationError, match="already a member"):
        duplicate.full_clean()
    with pytest.raises(IntegrityError), transaction.atomic():
        duplicate.save()


def test_alliance_founding_month_is_a_month():
    alliance = make_alliance()
    alliance.founded_month = 13
    with pytest.raises(ValidationError):
        alliance.full_clean()
    with pytest.raises(IntegrityError), transaction.atomic():
        alliance.save()


def test_founded_shows_the_precision_of_the_source():
    assert make_alliance(founded_month=5).founded == "2015-05"
    assert make_alliance(slug="other").founded == "2015"


def test_figures_are_kept_side_by_side_and_the_latest_is_shown():
    alliance = make_alliance()
    AllianceFigure.objects.create(
        **sourced(
            alliance=alliance, slug="founding", basis="founding", as_of_year=2015, member_count=46, country_count=8
        )
    )
    AllianceFigure.objects.create(
        **sourced(alliance=alliance, slug="now", member_count=170, member_count_is_minimum=True, country_count=25)
    )
    AllianceFigure.objects.create(**sourced(alliance=alliance, slug="2017", as_of_year=2017, member_count=100))
    assert alliance.figures.count() == 3
    assert alliance.latest_figure().slug == "now"
    assert "170+" in str(alliance.latest_figure())


def test_a_figure_states_a_count():
    figure = AllianceFigure(**sourced(alliance=make_alliance(), slug="empty"))
    with pytest.raises(ValidationError, match="states a member count"):
        figure.full_clean()
    with pytest.raises(IntegrityError), transaction.atomic():
        figure.save()


def test_figure_slug_is_unique_within_its_alliance():
    alliance = make_alliance()
    AllianceFigure.objects.create(**sourced(alliance=alliance, slug="f", member_count=1))
    with pytest.raises(IntegrityError), transaction.atomic():
        AllianceFigure.objects.create(**sourced(alliance=alliance, slug="f", member_count=2))
    AllianceFigure.objects.create(**sourced(alliance=make_alliance(slug="other"), slug="f", member_count=2))


def test_seed_alliances_match_source_000():
    from alliances.models import Alliance

    nsr = Alliance.objects.get(slug="new-silk-road")
    assert (nsr.founded_year, nsr.founded_month, nsr.initiator.slug) == (2015, 5, "xi-an-jiaotong-university")
    latest = nsr.latest_figure()
    assert (latest.member_count, latest.country_count, latest.country_count_unit) == (151, 38, "countries-and-regions")
    brusa = Alliance.objects.get(slug="belt-and-road-university-strategic-alliance")
    assert sorted((f.member_count, f.country_count) for f in brusa.figures.filter(country=None)) == [(46, 8), (170, 25)]
    assert brusa.latest_figure().member_count_is_minimum
    ccau = Alliance.objects.get(slug="china-central-asia-university-alliance")
    assert (ccau.founded_year, ccau.latest_figure().member_count, ccau.latest_figure().country_count) == (2016, 51, 7)
