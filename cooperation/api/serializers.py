from django.utils.translation import gettext_lazy as _
from rest_framework import serializers

from alliances.models import Institution
from cooperation.choices import ParticipantRoleChoices
from cooperation.models import (
    CooperationForm,
    CooperationMode,
    CooperationProject,
    PartnershipMilestone,
    PolicyProblem,
    Recommendation,
)
from core.api.csv import Column
from core.api.serializers import BriefSerializer, PortalSerializer
from core.api.writes import SEPARATOR, CellError


class ParticipantListSerializer(serializers.ListSerializer):
    """Participants as the import reads them: ``institution-slug:role | other-slug:role``."""

    def to_cell(self, value):
        if not isinstance(value, list):
            raise CellError(_('Expected a list of {"institution": slug, "role": role} objects.'))
        items = []
        for item in value:
            if (
                not isinstance(item, dict)
                or not isinstance(item.get("institution"), str)
                or set(item)
                - {
                    "institution",
                    "role",
                }
            ):
                raise CellError(_('Each participant is {"institution": slug, "role": role}; the role may be left out.'))
            slug, role = item["institution"].strip(), item.get("role") or ""
            if not isinstance(role, str) or any(c in f"{slug}{role}" for c in (SEPARATOR, ":")):
                raise CellError(_("A slug or role cannot contain “%(chars)s”.") % {"chars": f"{SEPARATOR} :"})
            items.append(f"{slug}:{role}" if role else slug)
        return f" {SEPARATOR} ".join(items)

    def csv_column(self, name):
        return Column(name, ("participations__institution__slug", "participations__role"), many=True, template="{}:{}")


class ParticipantSerializer(serializers.Serializer):
    """An institution taking part in a project, and its role."""

    institution = serializers.SlugRelatedField(
        slug_field="slug", queryset=Institution.objects.all(), help_text=_("The institution's slug.")
    )
    role = serializers.ChoiceField(
        ParticipantRoleChoices.choices, default=ParticipantRoleChoices.PARTNER, help_text=_("Its role in the project.")
    )

    class Meta:
        list_serializer_class = ParticipantListSerializer


class CooperationFormBriefSerializer(BriefSerializer):
    class Meta:
        model = CooperationForm
        fields = ["api_url", "slug", "title_en", "title_zh", "sort_order"]


class CooperationModeSerializer(PortalSerializer):
    forms = CooperationFormBriefSerializer(many=True, help_text=_("The mode's sub-forms."))

    class Meta:
        model = CooperationMode


class CooperationFormSerializer(PortalSerializer):
    class Meta:
        model = CooperationForm


class CooperationProjectSerializer(PortalSerializer):
    participants = ParticipantSerializer(
        many=True, source="participations", required=False, help_text=_("The institutions taking part.")
    )

    class Meta:
        model = CooperationProject


class PolicyProblemSerializer(PortalSerializer):
    recommendations = serializers.SlugRelatedField(
        slug_field="slug", many=True, read_only=True, help_text=_("The recommendations that answer the problem.")
    )

    class Meta:
        model = PolicyProblem


class RecommendationSerializer(PortalSerializer):
    class Meta:
        model = Recommendation


class PartnershipMilestoneSerializer(PortalSerializer):
    class Meta:
        model = PartnershipMilestone
