"""Cooperation records: constraints and behaviour."""

import pytest
from django.core.exceptions import ValidationError
from django.db import IntegrityError, transaction

from cooperation.models import (
    CooperationForm,
    CooperationMode,
    CooperationProject,
    PartnershipMilestone,
    PolicyProblem,
    ProjectParticipant,
    Recommendation,
)

from ..factories import make_institution, sourced

pytestmark = pytest.mark.django_db


def make_project(slug="test-project", **fields):
    return CooperationProject.objects.create(
        **sourced(slug=slug, title_en="Test project", kind="project", sector="higher-education", **fields)
    )


def test_project_end_year_not_before_start():
    project = make_project(start_year=2016)
    project.end_year = 2015
    with pytest.raises(ValidationError, match="end year"):
        project.full_clean()
    with pytest.raises(IntegrityError), transaction.atomic():
        project.save()


def test_sub_form_must_belong_to_the_mode():
    modes = list(CooperationMode.objects.all()[:2])
    form = CooperationForm.objects.filter(mode=modes[1]).first()
    project = make_project(mode=modes[0], form=form)
    with pytest.raises(ValidationError, match="sub-form"):
        project.full_clean()


def test_participant_unique_per_project_and_institution():
    project, institution = make_project(), make_institution()
    ProjectParticipant.objects.create(**sourced(project=project, institution=institution, role="lead"))
    with pytest.raises(IntegrityError), transaction.atomic():
        ProjectParticipant.objects.create(**sourced(project=project, institution=institution, role="partner"))
    assert list(project.participants.all()) == [institution]


def test_title_is_required_in_one_language():
    with pytest.raises(ValidationError, match="title"):
        PolicyProblem(**sourced(slug="x", category="funding", scope="general")).full_clean()


def test_recommendations_link_to_the_problems_they_answer():
    problem = PolicyProblem.objects.create(**sourced(slug="p", title_en="P", category="funding", scope="general"))
    recommendation = Recommendation.objects.create(**sourced(slug="r", title_en="R", scope="general"))
    recommendation.problems.add(problem)
    assert list(problem.recommendations.all()) == [recommendation]


@pytest.mark.parametrize(
    "fields, message",
    [
        ({"country": None}, "counterpart"),
        ({"day": 5, "month": None}, "day needs a month"),
        ({"end_year": 2010}, "end year"),
    ],
)
def test_milestone_constraints(fields, message):
    from reference.models import Country

    milestone = PartnershipMilestone(
        **sourced(slug="m", title_en="M", kind="joint-statement", year=2014, country=Country.objects.get(iso3="RUS"))
    )
    for field, value in fields.items():
        setattr(milestone, field, value)
    with pytest.raises(ValidationError, match=message):
        milestone.full_clean()
    with pytest.raises(IntegrityError), transaction.atomic():
        milestone.save()


def test_milestone_date_shows_the_precision_of_the_source():
    milestone = PartnershipMilestone(year=2019, month=6, day=5)
    assert milestone.date_display == "2019-06-05"
    assert PartnershipMilestone(year=2016, end_year=2018).date_display == "2016–2018"


def test_seed_has_the_three_modes_of_source_001_and_their_sub_forms():
    modes = CooperationMode.objects.filter(source__slug="he-cooperation-modes")
    assert modes.count() == 3
    assert all(mode.forms.exists() for mode in modes)
    for slug in ["university-to-university", "industry-university-research", "academic-exchange"]:
        assert CooperationMode.objects.filter(slug=slug).exists()
