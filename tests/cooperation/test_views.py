"""Public pages of cooperation: modes, projects, problems, recommendations, milestones."""

import pytest

from cooperation.models import CooperationProject, PolicyProblem, Recommendation
from tests.factories import sourced
from tests.portal.helpers import assert_shows, get_page, page_text, uncached  # noqa: F401

pytestmark = [pytest.mark.django_db, pytest.mark.usefixtures("uncached")]

RESEARCH_FUND = "no-research-fund-in-university-alliances"
FUND_POOL = "build-research-fund-pool-for-university-alliances"


@pytest.mark.parametrize(
    "language, expected",
    [
        ("en", ["The model of “colleges & universities”", "University unions", "Sino-foreign joint", "Sub-forms"]),
        ("zh-hans", ["“院校合作”模式（高校与高校）", "高校联盟", "子形式"]),
    ],
)
def test_modes_page_shows_each_mode_with_its_sub_forms(client, language, expected):
    response = get_page(client, f"/{language}/cooperation/")
    text = page_text(response)
    for snippet in expected:
        assert snippet in text
    html = response.content.decode()
    assert 'id="mode-university-to-university"' in html and 'id="form-university-unions"' in html
    assert f"/{language}/cooperation/projects/?form=sino-foreign-joint-education" in html


@pytest.mark.parametrize(
    "params, present, absent",
    [
        ({"mode": "university-to-university"}, ["joint campus"], ["Space Awareness"]),
        ({"form": "sino-foreign-joint-education"}, ["Shenzhen MSU-BIT"], ["China–ASEAN"]),
        ({"country": "RUS"}, ["joint campus", "Shenzhen MSU-BIT"], ["China–ASEAN"]),
        ({"institution": "harbin-institute-of-technology"}, ["joint campus"], ["Shenzhen MSU-BIT"]),
        ({"start_year__gte": "2017"}, ["joint campus"], ["Space Awareness"]),
        ({"start_year__lte": "2015", "start_year__gte": "2015"}, ["Space Awareness"], ["joint campus"]),
    ],
)
def test_project_list_filters(client, params, present, absent):
    text = page_text(get_page(client, "/en/cooperation/projects/", **params))
    for snippet in present:
        assert snippet in text
    for snippet in absent:
        assert snippet not in text


def test_project_list_names_a_chosen_institution(client):
    text = page_text(get_page(client, "/zh-hans/cooperation/projects/", institution="harbin-institute-of-technology"))
    assert "机构: 哈尔滨工业大学" in text


def test_project_list_shows_invalid_filters_and_ignores_them(client):
    response = get_page(client, "/en/cooperation/projects/", start_year__gte="soon")
    assert "Enter a number." in page_text(response)
    assert response.context["paginator"].count == CooperationProject.objects.published().count()


@pytest.mark.parametrize("language", ["en", "zh-hans"])
def test_project_page(client, language):
    assert_shows(
        client,
        "cooperation/projects/hit-spbu-joint-campus/",
        language,
        ("Saint Petersburg University joint campus", "哈尔滨工业大学和圣彼得堡大学联合校园"),
        ("Saint Petersburg University", "圣彼得堡大学"),
        ("Russia", "俄罗斯"),
        ("Source", "来源"),
    )


def test_draft_project_is_not_public(client):
    CooperationProject.objects.create(
        **sourced(slug="test-draft-project", title_en="Secret draft project", kind="project", sector="trade")
    )
    get_page(client, "/en/cooperation/projects/test-draft-project/", status=404)
    assert "Secret draft project" not in page_text(get_page(client, "/en/cooperation/projects/", sector="trade"))


@pytest.mark.parametrize("language", ["en", "zh-hans"])
def test_problems_grouped_by_scope_and_category_with_their_recommendations(client, language):
    assert_shows(
        client,
        "problems/",
        language,
        ("Higher education", "高等教育"),
        ("Standards and recognition", "标准与互认"),
        ("No common standards yet established", "大学联盟尚未建立或阐明共同的标准"),
        ("Establish a research fund pool for the university alliances", "建立研究基金库"),
    )


def test_problem_list_filters_by_scope(client):
    text = page_text(get_page(client, "/en/problems/", scope="trade"))
    assert "No common standards yet established" not in text
    expected = PolicyProblem.objects.published().filter(scope="trade").count()
    assert f"{expected} problems" in text or f"{expected} problem" in text


def test_problem_page_lists_the_recommendations_answering_it(client):
    text = page_text(get_page(client, f"/en/problems/{RESEARCH_FUND}/"))
    assert "Establish a research fund pool for the university alliances" in text
    assert "Recommendations answering it" in text


@pytest.mark.parametrize("language", ["en", "zh-hans"])
def test_recommendation_page_lists_the_problems_it_addresses(client, language):
    problem = PolicyProblem.objects.get(slug=RESEARCH_FUND)
    assert_shows(
        client,
        f"recommendations/{FUND_POOL}/",
        language,
        (problem.title_en, problem.title_zh),
        ("Problems it addresses", "针对的问题"),
    )


def test_draft_recommendation_is_hidden_from_its_problem(client):
    draft = Recommendation.objects.create(
        **sourced(slug="test-draft-recommendation", title_en="Unpublished advice", scope="higher-education")
    )
    draft.problems.add(PolicyProblem.objects.get(slug=RESEARCH_FUND))
    assert "Unpublished advice" not in page_text(get_page(client, f"/en/problems/{RESEARCH_FUND}/"))
    assert "Unpublished advice" not in page_text(get_page(client, "/en/problems/"))
    get_page(client, "/en/recommendations/test-draft-recommendation/", status=404)


@pytest.mark.parametrize("language", ["en", "zh-hans"])
def test_milestones_timeline(client, language):
    pair = ("strategic partnership of coordination", "中俄确立战略协作伙伴关系")
    response = assert_shows(client, "cooperation/milestones/", language, pair, country="RUS")
    assert 'id="milestone-china-russia-1996-strategic-partnership-of-coordination"' in response.content.decode()
    years = [milestone.year for milestone in response.context["object_list"]]
    assert years == sorted(years)
