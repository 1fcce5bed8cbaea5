from django.utils.translation import gettext_lazy as _

from core.filtersets import NaturalKeyInFilter, PublishableFilterSet, country_filter

from .models import Indicator, Observation, TradeRecord


class TradeRecordFilterSet(PublishableFilterSet):
    search_fields = ("partner__iso3", "partner__name_en", "partner__name_zh", "note_en", "note_zh")
    sparse_search_fields = ("note_en", "note_zh")  # searched through the partial index traderecord_with_note
    country = country_filter("partner", _("partner"))
    reporter = country_filter("reporter", _("reporter"))

    class Meta:
        model = TradeRecord
        fields = {"flow": ["exact"], "unit": ["exact"], "year": ["exact", "gte", "lte"], "value": ["gte", "lte"]}


class IndicatorFilterSet(PublishableFilterSet):
    search_fields = ("slug", "name_en", "name_zh", "unit_en", "unit_zh", "description_en", "description_zh")
    slug = NaturalKeyInFilter(field_name="slug", label=_("slug"))

    class Meta:
        model = Indicator
        fields = []


class ObservationFilterSet(PublishableFilterSet):
    search_fields = ("indicator__name_en", "indicator__name_zh", "country__name_en", "country__name_zh")
    indicator = NaturalKeyInFilter(field_name="indicator__slug", label=_("indicator"))
    country = country_filter("country", _("partner country"))
    reported_by = NaturalKeyInFilter(field_name="reported_by__slug", label=_("reported by"))

    class Meta:
        model = Observation
        fields = {
            "qualifier": ["exact"],
            "year": ["exact", "gte", "lte"],
            "month": ["exact"],
            "value": ["gte", "lte"],
            "value_high": ["gte", "lte"],
        }
