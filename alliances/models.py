"""University alliances, the institutions in them and the figures reported about them."""

from django.core.exceptions import ValidationError
from django.db import models
from django.db.models.functions import Coalesce
from django.utils.translation import gettext_lazy as _

from core.history import record_history
from core.models import (
    AliasedModel,
    BilingualNameModel,
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
    AllianceFigureBasisChoices,
    CountUnitChoices,
    InstitutionKindChoices,
    MembershipRoleChoices,
)


class InstitutionQuerySet(PortalQuerySet):
    def for_organisation(self, profile):
        """An institution partner's own institution; an alliance partner's members, by published memberships
        only (a draft or rejected membership gives a partner no hold on an institution); and the institutions
        the partner created themselves, so that they can correct them before a membership links them."""
        if profile.institution_id:
            own = models.Q(pk=profile.institution_id)
        else:
            own = models.Q(
                pk__in=Membership.objects.published().filter(alliance_id=profile.alliance_id).values("institution_id")
            )
        created = self.model.history.model.objects.filter(history_type="+", history_user_id=profile.user_id)
        return self.filter(own | models.Q(pk__in=created.values("id")))


class Institution(SlugNaturalKeyModel, BilingualNameModel, AliasedModel, PublishableModel, SourcedModel):
    """A university, enterprise, research institute or other body that takes part in cooperation."""

    kind = models.CharField(_("kind"), max_length=32, choices=InstitutionKindChoices.choices, db_index=True)
    country = models.ForeignKey(
        "reference.Country",
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="institutions",
        verbose_name=_("country"),
    )
    city_en = models.CharField(_("city (English)"), max_length=100, blank=True)
    city_zh = models.CharField(_("city (Chinese)"), max_length=100, blank=True)
    website = models.URLField(_("website"), blank=True)
    description_en = models.TextField(_("description (English)"), blank=True)
    description_zh = models.TextField(_("description (Chinese)"), blank=True)

    objects = SlugNaturalKeyManager.from_queryset(InstitutionQuerySet)()
    history = record_history()

    class Meta:
        ordering = ["name_en", "name_zh"]
        verbose_name = _("institution")
        verbose_name_plural = _("institutions")
        indexes = [
            models.Index(fields=["country", "kind"], name="institution_country_kind"),
            # The lists' order: a page of 10,000 institutions is read from it instead of sorting them all.
            models.Index(fields=["name_en", "name_zh"], name="institution_name"),
        ]

    @property
    def city(self):
        return pick_language(self.city_en, self.city_zh)


class Alliance(SlugNaturalKeyModel, BilingualNameModel, AliasedModel, PublishableModel, SourcedModel):
    """A university alliance, with its founding facts, mission and funding."""

    acronym = models.CharField(_("acronym"), max_length=32, blank=True)
    founded_year = models.PositiveSmallIntegerField(_("founded (year)"), validators=YEAR_VALIDATORS)
    founded_month = models.PositiveSmallIntegerField(
        _("founded (month)"),
        null=True,
        blank=True,
        validators=MONTH_VALIDATORS,
        help_text=_("Blank where the source gives only the year."),
    )
    founding_city_en = models.CharField(_("founding city (English)"), max_length=100, blank=True)
    founding_city_zh = models.CharField(_("founding city (Chinese)"), max_length=100, blank=True)
    initiator = models.ForeignKey(
        Institution,
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="initiated_alliances",
        verbose_name=_("initiator"),
    )
    mission_en = models.TextField(_("mission and goals (English)"), blank=True)
    mission_zh = models.TextField(_("mission and goals (Chinese)"), blank=True)
    funding_en = models.TextField(_("funding notes (English)"), blank=True)
    funding_zh = models.TextField(_("funding notes (Chinese)"), blank=True)
    funding_basis = basis_field(
        _("basis of the funding notes"),
        _(
            "Editorial where the portal's curators attached to this alliance funding that the source does not tie "
            "to it (e.g. a provincial scholarship the source names for the alliances in general)."
        ),
    )
    joining_conditions_en = models.TextField(_("joining conditions (English)"), blank=True)
    joining_conditions_zh = models.TextField(_("joining conditions (Chinese)"), blank=True)
    website = models.URLField(_("website"), blank=True)
    members = models.ManyToManyField(
        Institution, through="Membership", related_name="alliances", verbose_name=_("members")
    )

    history = record_history()

    class Meta:
        ordering = ["founded_year", "founded_month", "name_en"]
        verbose_name = _("alliance")
        verbose_name_plural = _("alliances")
        constraints = [
            models.CheckConstraint(
                condition=models.Q(founded_month__isnull=True) | models.Q(founded_month__range=(1, 12)),
                name="alliance_founded_month_range",
                violation_error_message=_("The founding month is between 1 and 12."),
            ),
        ]

    @property
    def founding_city(self):
        return pick_language(self.founding_city_en, self.founding_city_zh)

    @property
    def mission(self):
        return pick_language(self.mission_en, self.mission_zh)

    @property
    def funding(self):
        return pick_language(self.funding_en, self.funding_zh)

    @property
    def joining_conditions(self):
        return pick_language(self.joining_conditions_en, self.joining_conditions_zh)

    @property
    def founded(self):
        """The founding date at the precision the source gives: ``2015`` or ``2015-05``."""
        if self.founded_month:
            return f"{self.founded_year}-{self.founded_month:02d}"
        return str(self.founded_year)

    def latest_figure(self):
        """The newest alliance-wide headline figure (figures are kept side by side, never overwritten)."""
        figures = [f for f in self.figures.all() if f.country_id is None]
        return max(figures, key=AllianceFigure.recency_key, default=None)


class AllianceFigureManager(PortalManager):
    def get_by_natural_key(self, alliance_slug, slug):
        return self.get(alliance__slug=alliance_slug, slug=slug)


class AllianceFigure(BilingualNoteModel, PublishableModel, SourcedModel):
    """One dated, sourced statement of an alliance's size ("151 universities from 38 countries").

    Sources disagree and alliances grow, so each statement is its own record; the
    alliance shows the latest and keeps the rest. With a country, the figure counts
    the members from that country only ("more than 40 Chinese universities").
    """

    public_requires = ("alliance",)

    alliance = models.ForeignKey(Alliance, on_delete=models.CASCADE, related_name="figures", verbose_name=_("alliance"))
    slug = models.SlugField(
        _("slug"), max_length=100, help_text=_("Identifies the figure within its alliance, e.g. founding-2015.")
    )
    basis = models.CharField(
        _("basis"),
        max_length=16,
        choices=AllianceFigureBasisChoices.choices,
        default=AllianceFigureBasisChoices.REPORTED,
    )
    as_of_year = models.PositiveSmallIntegerField(
        _("as of (year)"),
        null=True,
        blank=True,
        validators=YEAR_VALIDATORS,
        help_text=_("Blank where the source says 'now' without a date: the time of the source's writing."),
    )
    as_of_month = models.PositiveSmallIntegerField(
        _("as of (month)"), null=True, blank=True, validators=MONTH_VALIDATORS
    )
    country = models.ForeignKey(
        "reference.Country",
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="alliance_figures",
        verbose_name=_("members from country"),
        help_text=_("Blank for a figure about the whole alliance."),
    )
    member_count = models.PositiveIntegerField(_("member institutions"), null=True, blank=True)
    member_count_is_minimum = models.BooleanField(
        _("member count is a minimum"), default=False, help_text=_("The source says 'more than' (170+, 40多).")
    )
    country_count = models.PositiveSmallIntegerField(_("countries"), null=True, blank=True)
    country_count_unit = models.CharField(
        _("countries counted as"), max_length=32, choices=CountUnitChoices.choices, default=CountUnitChoices.COUNTRIES
    )

    objects = AllianceFigureManager()

    history = record_history()

    class Meta:
        ordering = ["alliance", Coalesce("as_of_year", 9999), "as_of_month", "slug"]
        verbose_name = _("alliance figure")
        verbose_name_plural = _("alliance figures")
        constraints = [
            models.UniqueConstraint(
                fields=["alliance", "slug"],
                name="alliancefigure_unique_alliance_slug",
                violation_error_message=_("This alliance already has a figure with this slug."),
            ),
            models.CheckConstraint(
                condition=models.Q(member_count__isnull=False) | models.Q(country_count__isnull=False),
                name="alliancefigure_states_a_count",
                violation_error_message=_("A figure states a member count, a country count, or both."),
            ),
        ]

    def __str__(self):
        parts = []
        if self.member_count is not None:
            parts.append(f"{self.member_count}{'+' if self.member_count_is_minimum else ''}")
        if self.country_count is not None:
            parts.append(f"/ {self.country_count}")
        when = self.as_of_year or _("undated")
        return f"{self.alliance}: {' '.join(parts)} ({when})"

    def natural_key(self):
        return (self.alliance.slug, self.slug)

    natural_key.dependencies = ["alliances.alliance"]

    @staticmethod
    def recency_key(figure):
        """Sort key: dated figures by date; an undated 'now' counts as newer than any date in its source."""
        return (figure.as_of_year or 9999, figure.as_of_month or 0)

    def clean(self):
        super().clean()
        if self.as_of_month and not self.as_of_year:
            raise ValidationError({"as_of_month": _("A month needs a year.")})


class MembershipQuerySet(PortalQuerySet):
    def for_organisation(self, profile):
        """An alliance partner's memberships of their alliance; an institution partner's of their institution."""
        if profile.alliance_id:
            return self.filter(alliance_id=profile.alliance_id)
        return self.filter(institution_id=profile.institution_id)


class MembershipManager(PortalManager.from_queryset(MembershipQuerySet)):
    def get_by_natural_key(self, alliance_slug, institution_slug):
        return self.get(alliance__slug=alliance_slug, institution__slug=institution_slug)


class Membership(PublishableModel, SourcedModel):
    """An institution's place in an alliance."""

    public_requires = ("alliance", "institution")

    alliance = models.ForeignKey(
        Alliance, on_delete=models.CASCADE, related_name="memberships", verbose_name=_("alliance")
    )
    institution = models.ForeignKey(
        Institution, on_delete=models.CASCADE, related_name="memberships", verbose_name=_("institution")
    )
    role = models.CharField(
        _("role"), max_length=16, choices=MembershipRoleChoices.choices, default=MembershipRoleChoices.MEMBER
    )
    joined_year = models.PositiveSmallIntegerField(
        _("joined (year)"), null=True, blank=True, validators=YEAR_VALIDATORS
    )

    objects = MembershipManager()

    history = record_history()

    class Meta:
        ordering = ["alliance", "institution"]
        verbose_name = _("membership")
        verbose_name_plural = _("memberships")
        constraints = [
            models.UniqueConstraint(
                fields=["alliance", "institution"],
                name="membership_unique_alliance_institution",
                violation_error_message=_("This institution is already a member of this alliance."),
            ),
        ]

    def __str__(self):
        return f"{self.institution} — {self.alliance}"

    def natural_key(self):
        return (self.alliance.slug, self.institution.slug)

    natural_key.dependencies = ["alliances.alliance", "alliances.institution"]
