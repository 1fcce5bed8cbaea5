"""The filters of the reference models (bases in ``core.filtersets``)."""

from django.utils.translation import gettext_lazy as _

from core.filtersets import NaturalKeyInFilter, PortalFilterSet, SourcedFilterSet, country_filter

from .models import Country, CountryGroup, Source


class SourceFilterSet(PortalFilterSet):
    search_fields = ("slug", "title_original", "title_en", "title_zh", "authors", "publication")
    slug = NaturalKeyInFilter(field_name="slug", label=_("slug"))

    class Meta:
        model = Source
        fields = {"language": ["exact"], "year": ["exact", "gte", "lte"], "publication_status": ["exact"]}


class CountryFilterSet(PortalFilterSet):
    search_fields = ("iso3", "iso2", "name_en", "name_zh", "official_name_en", "aliases")
    iso3 = NaturalKeyInFilter(field_name="iso3", upper=True, label=_("ISO 3166 alpha-3"))
    iso2 = NaturalKeyInFilter(field_name="iso2", upper=True, label=_("ISO 3166 alpha-2"))

    class Meta:
        model = Country
        fields = ["region", "bri_status", "recognition_status"]

    bri_status_source = NaturalKeyInFilter(field_name="bri_status_source__slug", label=_("source of the BRI status"))
    recognition_status_source = NaturalKeyInFilter(
        field_name="recognition_status_source__slug", label=_("source of the recognition status")
    )


class CountryGroupFilterSet(SourcedFilterSet):
    search_fields = ("slug", "name_en", "name_zh", "note_en", "note_zh")
    slug = NaturalKeyInFilter(field_name="slug", label=_("slug"))
    member = country_filter("members", _("member country"), distinct=True)

    class Meta:
        model = CountryGroup
        fields = ["basis"]
