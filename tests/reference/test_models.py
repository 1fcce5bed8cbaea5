"""Reference models: constraints, natural keys, language fallbacks."""

import pytest
from django.apps import apps
from django.core.exceptions import ValidationError
from django.db import IntegrityError, transaction
from django.utils import translation
from django.utils.functional import Promise
from simple_history.models import HistoricalChanges

from core.registry import domain_apps
from reference.models import Country, Source

DOMAIN_APPS = domain_apps()
NATURAL_KEY_MODELS = [
    model for model in apps.get_models() if model._meta.app_label in DOMAIN_APPS and hasattr(model, "natural_key")
]


def test_every_domain_model_has_a_natural_key():
    missing = [
        model._meta.label
        for model in apps.get_models()
        if model._meta.app_label in DOMAIN_APPS
        and not model._meta.auto_created
        and not issubclass(model, HistoricalChanges)
        and not (hasattr(model, "natural_key") and hasattr(model._default_manager, "get_by_natural_key"))
    ]
    assert missing == []


@pytest.mark.django_db
@pytest.mark.parametrize("model", NATURAL_KEY_MODELS, ids=lambda model: model._meta.label)
def test_natural_key_finds_every_seed_record(model):
    records = list(model.objects.all())
    assert records, f"no seed record of {model._meta.label}"
    for record in records:
        assert model._default_manager.get_by_natural_key(*record.natural_key()) == record


def test_every_concrete_model_has_ordering_translated_verbose_name_and_str():
    for model in apps.get_models():
        if (
            model._meta.app_label in DOMAIN_APPS
            and not model._meta.auto_created
            and not issubclass(model, HistoricalChanges)
        ):
            assert model._meta.ordering, model._meta.label
            assert isinstance(model._meta.original_attrs.get("verbose_name"), Promise), model._meta.label
            assert "__str__" in {name for klass in model.__mro__[:-1] for name in vars(klass)}, model._meta.label


@pytest.mark.django_db
@pytest.mark.parametrize(
    "changes",
    [{"iso3": "kaz"}, {"iso3": "KA1"}, {"iso2": "K"}, {"bri_status": "signed"}, {"recognition_status": "agreement"}],
)
def test_country_constraints_refuse_bad_values(changes):
    country = Country.objects.get(iso3="KAZ")
    for field, value in changes.items():
        setattr(country, field, value)
    with pytest.raises(ValidationError):
        country.full_clean()
    with pytest.raises(IntegrityError), transaction.atomic():
        country.save()


@pytest.mark.django_db
def test_country_iso_codes_are_unique():
    with pytest.raises(IntegrityError), transaction.atomic():
        Country.objects.create(iso3="KAZ", iso2="QQ", name_en="Duplicate")


@pytest.mark.django_db
def test_country_status_with_source_is_valid():
    country = Country.objects.get(iso3="KAZ")
    country.bri_status = "signed"
    country.bri_status_source = Source.objects.first()
    country.bri_status_locator = "p. 1"
    country.full_clean()


@pytest.mark.django_db
def test_names_follow_the_active_language_and_fall_back():
    country = Country(iso3="QQQ", iso2="QQ", name_en="Somewhere", name_zh="")
    with translation.override("zh-hans"):
        assert country.name == "Somewhere"
        country.name_zh = "某地"
        assert str(country) == "某地"
    with translation.override("en"):
        assert str(country) == "Somewhere"


def test_a_name_is_required_in_one_language():
    with pytest.raises(ValidationError):
        Country(iso3="QQQ", iso2="QQ").clean()
