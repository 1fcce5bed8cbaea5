from import_export.fields import Field
from import_export.widgets import Widget

from alliances.models import Institution
from core.imports import widgets
from core.imports.history import write_baselines
from core.imports.resources import PortalResource

from .choices import ParticipantRoleChoices
from .models import (
    CooperationForm,
    CooperationMode,
    CooperationProject,
    PartnershipMilestone,
    PolicyProblem,
    ProjectParticipant,
    Recommendation,
)

SOURCED = ["source", "source_locator", "publication_status"]
TITLED = ["slug", "title_en", "title_zh", "description_en", "description_zh"]


class ParticipantsWidget(Widget):
    """Participants in one cell: ``institution-slug:role | other-slug`` (the role defaults to partner)."""

    def __init__(self, **kwargs):
        super().__init__(**kwargs)
        self.institutions = widgets.NaturalKeyWidget(Institution)
        self.roles = widgets.ChoiceWidget(ParticipantRoleChoices.choices)

    def clean(self, value, row=None, **kwargs):
        if widgets.is_blank(value):
            return []
        participants = []
        for item in str(value).split(widgets.ManyNaturalKeysWidget.SEPARATOR):
            if not item.strip():
                continue
            slug, _sep, role = item.partition(":")
            participants.append(
                (self.institutions.clean(slug), self.roles.clean(role) or ParticipantRoleChoices.PARTNER)
            )
        return participants

    def render(self, value, obj=None, **kwargs):
        if value is None or value.instance.pk is None:
            return ""
        return " | ".join(f"{p.institution.slug}:{p.role}" for p in value.all())


class CooperationModeResource(PortalResource):
    class Meta:
        model = CooperationMode
        import_id_fields = ["slug"]
        fields = [*TITLED, "sort_order", *SOURCED]


class CooperationFormResource(PortalResource):
    class Meta:
        model = CooperationForm
        import_id_fields = ["slug"]
        fields = [*TITLED, "mode", "sort_order", *SOURCED]


class CooperationProjectResource(PortalResource):
    """Projects with their countries and participants; participants cite the project's source."""

    date_parts = (("start_year", "start_month"),)
    participants = Field(attribute="participations", column_name="participants", widget=ParticipantsWidget())

    class Meta:
        model = CooperationProject
        import_id_fields = ["slug"]
        use_bulk = False  # countries and participants are written after each project
        fields = [
            *TITLED,
            "aliases",
            "kind",
            "sector",
            "mode",
            "form",
            "mode_basis",
            "countries",
            "participants",
            "start_year",
            "start_month",
            "end_year",
            "status",
            "outcomes_en",
            "outcomes_zh",
            *SOURCED,
        ]

    def named_participants(self, row):
        return self.fields["participants"].clean(row) if "participants" in row else []

    def import_field(self, field, instance, row, is_m2m=False, **kwargs):
        """Participants are checked with the other cells but written in ``save_m2m``, once the project exists."""
        if field.column_name == "participants":
            self.named_participants(row)
            return
        super().import_field(field, instance, row, is_m2m, **kwargs)

    def save_m2m(self, instance, row, **kwargs):
        super().save_m2m(instance, row, **kwargs)
        if "participants" in row and not (self.context.dry_run or self.is_held(instance)):
            self.save_participants(instance, self.named_participants(row))

    def save_participants(self, instance, participants):
        """The participants as the row names them; their history keeps the import's id, so undo restores them."""
        wanted = {institution.pk: role for institution, role in participants}
        if self.context.audited:
            write_baselines(ProjectParticipant, list(instance.participations.values_list("pk", flat=True)))
        instance.participations.exclude(institution_id__in=wanted).delete()
        for institution_id, role in wanted.items():
            ProjectParticipant.objects.update_or_create(
                project=instance,
                institution_id=institution_id,
                defaults={"role": role, "source_id": instance.source_id, "source_locator": instance.source_locator},
            )

    def partner_keeps(self, instance, row):
        ours = set(Institution.objects.for_organisation(self.partner_profile).values_list("pk", flat=True))
        return any(institution.pk in ours for institution, _role in self.named_participants(row))

    def skip_row(self, instance, original, row, import_validation_errors=None):
        if "participants" in row and instance.pk:
            current = {(p.institution_id, p.role) for p in instance.participations.all()}
            named = {(institution.pk, role) for institution, role in self.named_participants(row)}
            if current != named:
                return False
        return super().skip_row(instance, original, row, import_validation_errors)


class PolicyProblemResource(PortalResource):
    class Meta:
        model = PolicyProblem
        import_id_fields = ["slug"]
        fields = [*TITLED, "category", "scope", *SOURCED]


class RecommendationResource(PortalResource):
    class Meta:
        model = Recommendation
        import_id_fields = ["slug"]
        use_bulk = False  # the problems answered are written after each recommendation
        fields = [*TITLED, "number", "scope", "problems", "problems_basis", *SOURCED]


class PartnershipMilestoneResource(PortalResource):
    date_parts = (("year", "month", "day"),)

    class Meta:
        model = PartnershipMilestone
        import_id_fields = ["slug"]
        fields = [
            *TITLED,
            "country",
            "counterpart_en",
            "counterpart_zh",
            "kind",
            "year",
            "month",
            "day",
            "end_year",
            "level_en",
            "level_zh",
            "note_en",
            "note_zh",
            *SOURCED,
        ]
