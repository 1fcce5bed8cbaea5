"""generate_demo_data: deterministic, fast, clearly fake, and never mixed with the seed facts."""

import pytest
from django.core.management import CommandError, call_command

from alliances.models import Alliance, AllianceFigure, Institution, Membership
from cooperation.models import (
    CooperationProject,
    PartnershipMilestone,
    PolicyProblem,
    ProjectParticipant,
    Recommendation,
)
from trade.models import Indicator, Observation, TradeRecord

pytestmark = pytest.mark.django_db
SMALL = {"trade_records": 3000, "institutions": 200, "projects": 50, "verbosity": 0}


def snapshot():
    return {
        "trade": list(
            TradeRecord.objects.order_by("reporter", "partner", "year", "flow").values_list(
                "partner__iso3", "year", "flow", "value"
            )
        ),
        "institutions": list(Institution.objects.order_by("slug").values_list("slug", "country__iso3", "kind")),
        "projects": list(CooperationProject.objects.order_by("slug").values_list("slug", "start_year", "form__slug")),
    }


def test_same_options_same_records():
    call_command("generate_demo_data", **SMALL)
    first = snapshot()
    call_command("generate_demo_data", **SMALL)
    assert snapshot() == first


def test_demo_records_are_published_cite_the_demo_source_and_leave_the_seed_alone():
    seed_trade = set(TradeRecord.objects.values_list("pk", "value", "updated_at"))
    seed_institutions = Institution.objects.count()
    call_command("generate_demo_data", **SMALL)
    demo = TradeRecord.objects.filter(source__slug="demo-data")
    assert demo.count() == 3000 and not demo.exclude(publication_status="published").exists()
    assert seed_trade <= set(TradeRecord.objects.values_list("pk", "value", "updated_at"))
    assert Institution.objects.count() == seed_institutions + 200
    assert not Institution.objects.filter(source__slug="demo-data").exclude(slug__startswith="demo-").exists()
    assert Membership.objects.filter(source__slug="demo-data").count() == 100
    assert not Membership.objects.filter(source__slug="demo-data").exclude(alliance__slug__startswith="demo-").exists()

    call_command("generate_demo_data", delete=True, verbosity=0)
    assert set(TradeRecord.objects.values_list("pk", "value", "updated_at")) == seed_trade
    assert Institution.objects.count() == seed_institutions


def test_each_makes_that_many_of_every_kind():
    call_command("generate_demo_data", each=30, verbosity=0)
    for model in (
        Alliance,
        AllianceFigure,
        Institution,
        Membership,
        CooperationProject,
        ProjectParticipant,
        PolicyProblem,
        Recommendation,
        PartnershipMilestone,
        Indicator,
        Observation,
        TradeRecord,
    ):
        assert model.objects.filter(source__slug="demo-data").count() == 30, model


def test_refuses_to_run_in_production(settings):
    settings.PRODUCTION = True
    with pytest.raises(CommandError, match="production"):
        call_command("generate_demo_data", **SMALL)
    assert not TradeRecord.objects.filter(source__slug="demo-data").exists()
