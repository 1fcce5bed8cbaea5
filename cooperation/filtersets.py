from django.utils.translation import gettext_lazy as _

from core.filtersets import NaturalKeyInFilter, PublishableFilterSet, country_filter

from .models import (
    CooperationForm,
    CooperationMode,
    CooperationProject,
    PartnershipMilestone,
    PolicyProblem,
    ProjectParticipant,
    Recommendation,
)

TITLE_SEARCH = ("slug", "title_en", "title_zh", "description_en", "description_zh")


class CooperationModeFilterSet(PublishableFilterSet):
    search_fields = TITLE_SEARCH
    slug = NaturalKeyInFilter(field_name="slug", label=_("slug"))

    class Meta:
        model = CooperationMode
        fields = []


class CooperationFormFilterSet(PublishableFilterSet):
    search_fields = TITLE_SEARCH
    slug = NaturalKeyInFilter(field_name="slug", label=_("slug"))
    mode = NaturalKeyInFilter(field_name="mode__slug", label=_("cooperation mode"))

    class Meta:
        model = CooperationForm
        fields = []


class CooperationProjectFilterSet(PublishableFilterSet):
    search_fields = TITLE_SEARCH + ("outcomes_en", "outcomes_zh", "aliases")
    slug = NaturalKeyInFilter(field_name="slug", label=_("slug"))
    mode = NaturalKeyInFilter(field_name="mode__slug", label=_("cooperation mode"))
    form = NaturalKeyInFilter(field_name="form__slug", label=_("sub-form"))
    country = country_filter("countries", _("country"), distinct=True)
    institution = NaturalKeyInFilter(field_name="participants__slug", label=_("institution"), distinct=True)

    class Meta:
        model = CooperationProject
        fields = {
            "kind": ["exact"],
            "sector": ["exact"],
            "status": ["exact"],
            "mode_basis": ["exact"],
            "start_year": ["exact", "gte", "lte"],
            "start_month": ["exact"],
            "end_year": ["exact", "gte", "lte"],
        }


class ProjectParticipantFilterSet(PublishableFilterSet):
    search_fields = ("project__title_en", "project__title_zh", "institution__name_en", "institution__name_zh")
    project = NaturalKeyInFilter(field_name="project__slug", label=_("project"))
    institution = NaturalKeyInFilter(field_name="institution__slug", label=_("institution"))
    publication_status = None

    class Meta:
        model = ProjectParticipant
        fields = ["role"]


class PolicyProblemFilterSet(PublishableFilterSet):
    search_fields = TITLE_SEARCH
    slug = NaturalKeyInFilter(field_name="slug", label=_("slug"))
    recommendation = NaturalKeyInFilter(field_name="recommendations__slug", label=_("recommendation"), distinct=True)

    class Meta:
        model = PolicyProblem
        fields = ["category", "scope"]


class RecommendationFilterSet(PublishableFilterSet):
    search_fields = TITLE_SEARCH + ("number",)
    slug = NaturalKeyInFilter(field_name="slug", label=_("slug"))
    problem = NaturalKeyInFilter(field_name="problems__slug", label=_("problem addressed"), distinct=True)

    class Meta:
        model = Recommendation
        fields = ["scope", "number", "problems_basis"]


class PartnershipMilestoneFilterSet(PublishableFilterSet):
    search_fields = TITLE_SEARCH + ("level_en", "level_zh", "counterpart_en", "counterpart_zh")
    slug = NaturalKeyInFilter(field_name="slug", label=_("slug"))
    country = country_filter("country", _("country"))

    class Meta:
        model = PartnershipMilestone
        fields = {
            "kind": ["exact"],
            "year": ["exact", "gte", "lte"],
            "month": ["exact"],
            "day": ["exact"],
            "end_year": ["exact", "gte", "lte"],
        }
