"""``make run`` runs ``manage.py seed`` at every start: a restart must keep every curator's edit."""

from decimal import Decimal

import pytest
from django.core.management import call_command

from trade.models import TradeRecord


def edited_record():
    record = TradeRecord.objects.get(reporter__iso3="CHN", partner__iso3="RUS", year=2013, flow="total")
    record.value = Decimal("80.9")
    record.save()
    return record


@pytest.mark.django_db
def test_a_restart_keeps_a_curators_edit(capsys):
    record = edited_record()
    call_command("seed")
    record.refresh_from_db()
    assert record.value == Decimal("80.9")
    assert record.history.first().value == Decimal("80.9")  # history and record agree
    assert "nothing was changed" in capsys.readouterr().out


@pytest.mark.django_db
def test_force_reloads_the_seed_data():
    record = edited_record()
    call_command("seed", "--force", verbosity=0)
    record.refresh_from_db()
    assert record.value == Decimal("892.5")


@pytest.mark.django_db
def test_an_empty_database_gets_the_seed_data_and_a_first_version_of_each_record():
    from django.apps import apps

    from reference.models import Country, CountryGroup, Source

    # An empty database: nothing that cites a source, no sources, no countries.
    for label in ("trade", "cooperation", "alliances"):
        for model in reversed(list(apps.get_app_config(label).get_models())):
            model._default_manager.all().delete()
    CountryGroup.objects.all().delete()
    Country.objects.all().delete()
    Source.objects.all().delete()
    call_command("seed", verbosity=0)
    record = TradeRecord.objects.get(reporter__iso3="CHN", partner__iso3="RUS", year=2013, flow="total")
    assert record.value == Decimal("892.5")
    assert record.history.count() == 1
