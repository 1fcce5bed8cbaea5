"""Every domain model has one FilterSet, and every field a reader may ask about has a filter."""

import pytest
from django.apps import apps
from django.db import models
from simple_history.models import HistoricalChanges

from core.registry import domain_apps, entry_for

DOMAIN_APPS = domain_apps()
# Fields no one filters on: record-keeping and the locator; text fields are reached by ``q``.
EXEMPT = {"id", "created_at", "updated_at", "source_locator", "website", "url", "file_name", "sort_order"}
MODELS = [
    m
    for m in apps.get_models()
    if m._meta.app_label in DOMAIN_APPS and not m._meta.auto_created and not issubclass(m, HistoricalChanges)
]


def filterset_for(model):
    return entry_for(model).filterset_class


@pytest.mark.parametrize("model", MODELS, ids=lambda model: model._meta.label)
def test_every_field_has_a_filter(model):
    filterset = filterset_for(model)
    assert filterset._meta.model is model
    covered = {flt.field_name.split("__")[0] for flt in filterset.base_filters.values()}
    covered |= set(filterset.search_fields)
    missing = [
        field.name
        for field in model._meta.get_fields()
        if field.concrete
        and field.name not in EXEMPT
        and not field.name.endswith("_locator")
        and field.name not in covered
        and not isinstance(field, models.TextField)
    ]
    assert missing == []


@pytest.mark.django_db
@pytest.mark.parametrize(
    "params, expected",
    [
        ({"country": "kaz,RUS", "year__gte": "2020"}, 4),
        ({"country": "KAZ", "year": "2013"}, 1),
        ({"q": "Kazakh"}, 9),
        ({"q": "哈萨克"}, 9),
    ],
)
def test_trade_records_filter_by_natural_keys(params, expected):
    from trade.filtersets import TradeRecordFilterSet
    from trade.models import TradeRecord

    assert TradeRecordFilterSet(params, queryset=TradeRecord.objects.all()).qs.count() == expected


@pytest.mark.django_db
def test_many_to_many_filters_return_each_record_once():
    from cooperation.filtersets import CooperationProjectFilterSet
    from cooperation.models import CooperationProject

    project = CooperationProject.objects.filter(countries__isnull=False).first()
    countries = ",".join(project.countries.values_list("iso3", flat=True))
    results = CooperationProjectFilterSet({"country": countries}, queryset=CooperationProject.objects.all()).qs
    assert len(results) == len(set(results))
