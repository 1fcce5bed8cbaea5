import django_filters
from django.utils.translation import gettext_lazy as _

from core.filtersets import NaturalKeyInFilter, PublishableFilterSet, country_filter

from .models import Alliance, AllianceFigure, Institution, Membership


class InstitutionFilterSet(PublishableFilterSet):
    search_fields = ("slug", "name_en", "name_zh", "city_en", "city_zh", "description_en", "description_zh", "aliases")
    slug = NaturalKeyInFilter(field_name="slug", label=_("slug"))
    country = country_filter("country", _("country"))
    alliance = NaturalKeyInFilter(field_name="memberships__alliance__slug", label=_("alliance"), distinct=True)

    class Meta:
        model = Institution
        fields = ["kind"]


class AllianceFilterSet(PublishableFilterSet):
    search_fields = (
        "slug",
        "name_en",
        "name_zh",
        "aliases",
        "acronym",
        "founding_city_en",
        "founding_city_zh",
        "mission_en",
        "mission_zh",
    )
    slug = NaturalKeyInFilter(field_name="slug", label=_("slug"))
    initiator = NaturalKeyInFilter(field_name="initiator__slug", label=_("initiator"))
    member = NaturalKeyInFilter(field_name="members__slug", label=_("member institution"), distinct=True)
    member_country = country_filter("memberships__institution__country", _("member country"), distinct=True)

    class Meta:
        model = Alliance
        fields = {"founded_year": ["exact", "gte", "lte"], "founded_month": ["exact"], "funding_basis": ["exact"]}


class AllianceFigureFilterSet(PublishableFilterSet):
    search_fields = ("slug", "alliance__name_en", "alliance__name_zh", "note_en", "note_zh")
    alliance = NaturalKeyInFilter(field_name="alliance__slug", label=_("alliance"))
    country = country_filter("country", _("members from country"))

    class Meta:
        model = AllianceFigure
        fields = {
            "basis": ["exact"],
            "as_of_year": ["exact", "gte", "lte"],
            "as_of_month": ["exact"],
            "member_count": ["exact", "gte", "lte"],
            "member_count_is_minimum": ["exact"],
            "country_count": ["exact", "gte", "lte"],
            "country_count_unit": ["exact"],
        }


class MembershipFilterSet(PublishableFilterSet):
    search_fields = ("institution__name_en", "institution__name_zh", "alliance__name_en", "alliance__name_zh")
    alliance = NaturalKeyInFilter(field_name="alliance__slug", label=_("alliance"))
    institution = NaturalKeyInFilter(field_name="institution__slug", label=_("institution"))
    country = country_filter("institution__country", _("country"))
    joined_year = django_filters.NumberFilter(label=_("joined (year)"))

    class Meta:
        model = Membership
        fields = ["role"]
