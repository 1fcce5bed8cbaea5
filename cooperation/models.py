"""How China and Belt and Road countries cooperate: modes, projects, problems, recommendations, milestones."""

from django.core.exceptions import ValidationError
from django.core.validators import MaxValueValidator, MinValueValidator
from django.db import models
from django.utils.translation import gettext_lazy as _

from alliances.models import Institution
from core.history import record_history
from core.models import (
    AliasedModel,
    BilingualNoteModel,
    PortalManager,
    PortalQuerySet,
    PublishableModel,
    SlugNaturalKeyManager,
    SlugNaturalKeyModel,
    SourcedModel,
    pick_language,
)
from core.validators import MONTH_VALIDATORS, YEAR_VALIDATORS
from reference.choices import basis_field

from .choices import (
    MilestoneKindChoices,
    ParticipantRoleChoices,
    ProblemCategoryChoices,
    ProblemScopeChoices,
    ProjectKindChoices,
    ProjectSectorChoices,
    ProjectStatusChoices,
)


class BilingualTitleModel(models.Model):
    """An English and a Chinese title; ``title`` gives the one of the active language."""

    title_en = models.CharField(_("title (English)"), max_length=300, blank=True)
    title_zh = models.CharField(_("title (Chinese)"), max_length=300, blank=True)
    description_en = models.TextField(_("description (English)"), blank=True)
    description_zh = models.TextField(_("description (Chinese)"), blank=True)

    class Meta:
        abstract = True

    def __str__(self):
        return self.title

    @property
    def title(self):
        return pick_language(self.title_en, self.title_zh)

    @property
    def description(self):
        return pick_language(self.description_en, self.description_zh)

    def clean(self):
        super().clean()
        if not (self.title_en or self.title_zh):
            raise ValidationError(_("Give a title in English, in Chinese, or both."))


class CooperationMode(SlugNaturalKeyModel, BilingualTitleModel, PublishableModel, SourcedModel):
    """One of the modes of cooperation the sources distinguish (e.g. university-to-university)."""

    sort_order = models.PositiveSmallIntegerField(_("order"), default=0)

    history = record_history()

    class Meta:
        ordering = ["sort_order", "slug"]
        verbose_name = _("cooperation mode")
        verbose_name_plural = _("cooperation modes")


class CooperationForm(SlugNaturalKeyModel, BilingualTitleModel, PublishableModel, SourcedModel):
    """A sub-form of a cooperation mode (e.g. Sino-foreign joint programmes under university-to-university)."""

    public_requires = ("mode",)

    mode = models.ForeignKey(
        CooperationMode, on_delete=models.PROTECT, related_name="forms", verbose_name=_("cooperation mode")
    )
    sort_order = models.PositiveSmallIntegerField(_("order"), default=0)

    history = record_history()

    class Meta:
        ordering = ["mode__sort_order", "sort_order", "slug"]
        verbose_name = _("cooperation sub-form")
        verbose_name_plural = _("cooperation sub-forms")


class CooperationProjectQuerySet(PortalQuerySet):
    def for_organisation(self, profile):
        """Projects in which one of the partner's institutions takes part."""
        institutions = Institution.objects.for_organisation(profile)
        return self.filter(pk__in=ProjectParticipant.objects.filter(institution__in=institutions).values("project_id"))


class CooperationProject(SlugNaturalKeyModel, BilingualTitleModel, AliasedModel, PublishableModel, SourcedModel):
    """A concrete project, programme, event or platform that the sources name."""

    kind = models.CharField(_("kind"), max_length=32, choices=ProjectKindChoices.choices, db_index=True)
    sector = models.CharField(_("sector"), max_length=32, choices=ProjectSectorChoices.choices, db_index=True)
    mode = models.ForeignKey(
        CooperationMode,
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="projects",
        verbose_name=_("cooperation mode"),
        help_text=_("Blank for projects outside the education and S&T modes (energy, logistics, trade)."),
    )
    form = models.ForeignKey(
        CooperationForm,
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="projects",
        verbose_name=_("sub-form"),
    )
    mode_basis = basis_field(
        _("basis of the mode and sub-form"),
        _(
            "Editorial where the portal's curators filed the project under a mode or sub-form that its source "
            "does not name (e.g. a project of one source under the modes of another)."
        ),
    )
    countries = models.ManyToManyField(
        "reference.Country", blank=True, related_name="cooperation_projects", verbose_name=_("countries")
    )
    participants = models.ManyToManyField(
        "alliances.Institution", through="ProjectParticipant", related_name="projects", verbose_name=_("participants")
    )
    start_year = models.PositiveSmallIntegerField(_("start year"), null=True, blank=True, validators=YEAR_VALIDATORS)
    start_month = models.PositiveSmallIntegerField(_("start month"), null=True, blank=True, validators=MONTH_VALIDATORS)
    end_year = models.PositiveSmallIntegerField(_("end year"), null=True, blank=True, validators=YEAR_VALIDATORS)
    status = models.CharField(
        _("status"), max_length=16, choices=ProjectStatusChoices.choices, default=ProjectStatusChoices.UNKNOWN
    )
    outcomes_en = models.TextField(_("outcomes (English)"), blank=True)
    outcomes_zh = models.TextField(_("outcomes (Chinese)"), blank=True)

    objects = SlugNaturalKeyManager.from_queryset(CooperationProjectQuerySet)()
    history = record_history(m2m_fields=["countries"])

    class Meta:
        ordering = ["start_year", "slug"]
        verbose_name = _("cooperation project")
        verbose_name_plural = _("cooperation projects")
        indexes = [models.Index(fields=["mode", "start_year"], name="project_mode_year")]
        constraints = [
            models.CheckConstraint(
                condition=models.Q(end_year__isnull=True)
                | models.Q(start_year__isnull=True)
                | models.Q(end_year__gte=models.F("start_year")),
                name="project_end_after_start",
                violation_error_message=_("The end year cannot be before the start year."),
            ),
        ]

    @property
    def outcomes(self):
        return pick_language(self.outcomes_en, self.outcomes_zh)

    def clean(self):
        super().clean()
        if self.form_id and self.form.mode_id != self.mode_id:
            raise ValidationError({"form": _("The sub-form must belong to the project's cooperation mode.")})


class ProjectParticipantManager(PortalManager):
    def get_by_natural_key(self, project_slug, institution_slug):
        return self.get(project__slug=project_slug, institution__slug=institution_slug)


class ProjectParticipant(SourcedModel):
    """An institution taking part in a project, and in what role."""

    public_requires = ("project", "institution")

    project = models.ForeignKey(
        CooperationProject, on_delete=models.CASCADE, related_name="participations", verbose_name=_("project")
    )
    institution = models.ForeignKey(
        "alliances.Institution", on_delete=models.CASCADE, related_name="participations", verbose_name=_("institution")
    )
    role = models.CharField(
        _("role"), max_length=16, choices=ParticipantRoleChoices.choices, default=ParticipantRoleChoices.PARTNER
    )

    objects = ProjectParticipantManager()

    history = record_history()

    class Meta:
        ordering = ["project", "institution"]
        verbose_name = _("project participant")
        verbose_name_plural = _("project participants")
        constraints = [
            models.UniqueConstraint(
                fields=["project", "institution"],
                name="participant_unique_project_institution",
                violation_error_message=_("This institution already takes part in this project."),
            ),
        ]

    def __str__(self):
        return f"{self.institution} — {self.project}"

    def natural_key(self):
        return (self.project.slug, self.institution.slug)

    natural_key.dependencies = ["cooperation.cooperationproject", "alliances.institution"]


class PolicyProblem(SlugNaturalKeyModel, BilingualTitleModel, PublishableModel, SourcedModel):
    """An obstacle to cooperation that a source names."""

    category = models.CharField(_("category"), max_length=32, choices=ProblemCategoryChoices.choices, db_index=True)
    scope = models.CharField(_("scope"), max_length=32, choices=ProblemScopeChoices.choices, db_index=True)

    history = record_history()

    class Meta:
        ordering = ["scope", "category", "slug"]
        verbose_name = _("policy problem")
        verbose_name_plural = _("policy problems")


class Recommendation(SlugNaturalKeyModel, BilingualTitleModel, PublishableModel, SourcedModel):
    """A measure a source recommends, linked to the problems it answers."""

    number = models.CharField(
        _("number"), max_length=16, blank=True, help_text=_("The numbering the source gives, e.g. (1) or 3.2.")
    )
    problems = models.ManyToManyField(
        PolicyProblem, blank=True, related_name="recommendations", verbose_name=_("problems addressed")
    )
    problems_basis = basis_field(
        _("basis of the links to problems"),
        _(
            "Editorial where the portal's curators linked the measure to problems its source does not tie it to "
            "(e.g. a problem named in another source)."
        ),
    )
    scope = models.CharField(_("scope"), max_length=32, choices=ProblemScopeChoices.choices, db_index=True)

    history = record_history(m2m_fields=["problems"])

    class Meta:
        ordering = ["source", "number", "slug"]
        verbose_name = _("recommendation")
        verbose_name_plural = _("recommendations")


class PartnershipMilestone(
    SlugNaturalKeyModel, BilingualTitleModel, BilingualNoteModel, PublishableModel, SourcedModel
):
    """A dated step in China's relations with a country: a joint statement, an agreement, a partnership upgrade.

    Year, month and day hold what the body of the source gives; a date that only a footnote gives (the
    date of a cited news report) goes in the note, never in the date fields.
    """

    country = models.ForeignKey(
        "reference.Country",
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="milestones",
        verbose_name=_("country"),
        help_text=_("Blank when the counterpart is an organisation (see counterpart)."),
    )
    counterpart_en = models.CharField(
        _("counterpart (English)"),
        max_length=200,
        blank=True,
        help_text=_("An organisation, e.g. Eurasian Economic Union."),
    )
    counterpart_zh = models.CharField(_("counterpart (Chinese)"), max_length=200, blank=True)
    kind = models.CharField(_("kind"), max_length=32, choices=MilestoneKindChoices.choices, db_index=True)
    year = models.PositiveSmallIntegerField(_("year"), validators=YEAR_VALIDATORS)
    month = models.PositiveSmallIntegerField(_("month"), null=True, blank=True, validators=MONTH_VALIDATORS)
    day = models.PositiveSmallIntegerField(
        _("day"), null=True, blank=True, validators=[MinValueValidator(1), MaxValueValidator(31)]
    )
    end_year = models.PositiveSmallIntegerField(
        _("end year"),
        null=True,
        blank=True,
        validators=YEAR_VALIDATORS,
        help_text=_("For a step the source dates only as a span, e.g. 2016–2018."),
    )
    level_en = models.CharField(
        _("relationship level (English)"),
        max_length=300,
        blank=True,
        help_text=_("e.g. comprehensive strategic partnership of coordination"),
    )
    level_zh = models.CharField(_("relationship level (Chinese)"), max_length=300, blank=True)

    history = record_history()

    class Meta:
        ordering = ["year", "month", "day", "slug"]
        verbose_name = _("partnership milestone")
        verbose_name_plural = _("partnership milestones")
        constraints = [
            models.CheckConstraint(
                condition=models.Q(country__isnull=False) | ~models.Q(counterpart_en="") | ~models.Q(counterpart_zh=""),
                name="milestone_has_counterpart",
                violation_error_message=_("Name the country or the counterpart organisation."),
            ),
            models.CheckConstraint(
                condition=models.Q(day__isnull=True) | models.Q(month__isnull=False),
                name="milestone_day_needs_month",
                violation_error_message=_("A day needs a month."),
            ),
            models.CheckConstraint(
                condition=models.Q(end_year__isnull=True) | models.Q(end_year__gte=models.F("year")),
                name="milestone_end_after_start",
                violation_error_message=_("The end year cannot be before the year."),
            ),
        ]

    @property
    def level(self):
        return pick_language(self.level_en, self.level_zh)

    @property
    def counterpart(self):
        return self.country or pick_language(self.counterpart_en, self.counterpart_zh)

    @property
    def date_display(self):
        """The date at the precision the source gives: 2019, 2019-06, 2019-06-05 or 2016–2018."""
        if self.end_year:
            return f"{self.year}–{self.end_year}"
        text = str(self.year)
        if self.month:
            text += f"-{self.month:02d}"
        if self.day:
            text += f"-{self.day:02d}"
        return text
