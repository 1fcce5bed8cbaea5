"""The registry of domain models is checked at start-up: ``manage.py check`` fails on a missing part."""

import dataclasses

import pytest
from django.core.exceptions import ImproperlyConfigured
from django.core.management import call_command
from django.core.management.base import SystemCheckError

from core import registry
from core.checks import check_registry
from trade.models import Indicator, TradeRecord


def replaced(monkeypatch, model, **changes):
    """The registry with the model's entry changed as a mistaken declaration would have it."""
    entry = dataclasses.replace(registry.entry_for(model), **changes)
    monkeypatch.setitem(registry._ENTRIES, model, entry)
    return entry


def check_ids(entries=None):
    return {error.id for error in check_registry(entries=entries)}


def test_the_registry_passes_its_checks():
    assert check_registry() == []
    call_command("check")


def test_check_fails_for_a_model_declared_importable_without_a_resource(monkeypatch):
    replaced(monkeypatch, Indicator, resource=None)
    with pytest.raises(SystemCheckError) as failed:
        call_command("check")
    assert "core.E001" in str(failed.value)
    assert "trade.Indicator is declared importable but has no resource." in str(failed.value)


def test_check_fails_for_a_domain_model_missing_from_the_registry(monkeypatch):
    monkeypatch.delitem(registry._ENTRIES, Indicator)
    with pytest.raises(SystemCheckError) as failed:
        call_command("check")
    assert "core.E002" in str(failed.value)
    assert "trade.Indicator is a domain model missing from the registry." in str(failed.value)


@pytest.mark.parametrize(
    "changes, error_id",
    [
        ({"resource": "trade.resources.NoSuchResource"}, "core.E003"),
        ({"filterset": "trade.filtersets.TradeRecordFilterSet"}, "core.E004"),
        ({"serializer": "trade.api.serializers.TradeRecordSerializer"}, "core.E004"),
        ({"viewset": "trade.api.views.TradeRecordViewSet"}, "core.E004"),
        ({"url": None}, "core.E005"),
        ({"url": lambda record: "/", "in_sitemap": True}, "core.E005"),
        ({"filterset": None}, "core.E005"),  # searchable: its FilterSet names the fields searched
        ({"list_url": "trade:no_such_page"}, "core.E006"),
    ],
)
def test_check_names_each_missing_or_wrong_part(changes, error_id):
    entry = dataclasses.replace(registry.entry_for(Indicator), **changes)
    entries = [other for other in registry.entries() if other.model is not Indicator] + [entry]
    assert check_ids(entries) == {error_id}


def test_a_model_is_declared_once():
    with pytest.raises(ImproperlyConfigured):
        registry.register(TradeRecord, key="trade-again", position=0)


def test_the_domain_apps_are_the_apps_that_declare_models():
    assert registry.domain_apps() == ("reference", "alliances", "cooperation", "trade")


def test_lists_of_record_types_keep_their_order():
    searched = [entry.key for entry in registry.entries() if entry.searchable]
    assert searched == [
        "alliance", "institution", "project", "mode", "form", "problem",
        "recommendation", "milestone", "indicator", "country", "country-group", "source",
    ]  # fmt: skip
    cited = [entry.key for entry in registry.entries() if entry.cites_sources]
    assert cited == searched[:-3] + ["country-group", "figure", "membership", "participant", "observation", "trade"]
    in_sitemap = [entry.key for entry in registry.entries() if entry.in_sitemap]
    assert in_sitemap == [
        "alliance",
        "institution",
        "project",
        "problem",
        "recommendation",
        "indicator",
        "country",
        "country-group",
        "source",
    ]


def test_unknown_label_names_the_importable_models():
    with pytest.raises(LookupError, match="importable models: reference.Source, reference.Country"):
        registry.model_from_label("cooperation.ProjectParticipant")
    assert registry.model_from_label("trade.TRADERECORD") is TradeRecord
