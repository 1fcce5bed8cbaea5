"""Statistics by country and year: bilateral trade, and other indicators the sources give."""

from django.core.exceptions import ValidationError
from django.db import models
from django.db.models.functions import Coalesce
from django.utils.translation import gettext_lazy as _

from core.history import record_history
from core.models import (
    BilingualNameModel,
    BilingualNoteModel,
    PortalManager,
    PortalQuerySet,
    PublishableModel,
    SlugNaturalKeyModel,
    SourcedModel,
    any_filled,
    pick_language,
)
from core.validators import MONTH_VALIDATORS, YEAR_VALIDATORS

from .choices import TradeFlowChoices, TradeUnitChoices, ValueQualifierChoices

REPORTER_DEFAULT_ISO3 = "CHN"  # the sources report every series from China's side


class TradeRecordManager(PortalManager):
    def get_by_natural_key(self, reporter_iso3, partner_iso3, year, flow):
        return self.get(reporter__iso3=reporter_iso3, partner__iso3=partner_iso3, year=year, flow=flow)


class TradeRecord(BilingualNoteModel, PublishableModel, SourcedModel):
    """The value of one year's trade in one flow between a reporter (China) and a partner country."""

    reporter = models.ForeignKey(
        "reference.Country",
        on_delete=models.PROTECT,
        related_name="trade_reported",
        verbose_name=_("reporter"),
    )
    partner = models.ForeignKey(
        "reference.Country", on_delete=models.PROTECT, related_name="trade_records", verbose_name=_("partner")
    )
    year = models.PositiveSmallIntegerField(_("year"), validators=YEAR_VALIDATORS)
    flow = models.CharField(_("flow"), max_length=8, choices=TradeFlowChoices.choices, default=TradeFlowChoices.TOTAL)
    value = models.DecimalField(_("value"), max_digits=18, decimal_places=4)
    unit = models.CharField(
        _("unit"), max_length=16, choices=TradeUnitChoices.choices, default=TradeUnitChoices.USD_100M
    )

    objects = TradeRecordManager()

    history = record_history()

    class Meta:
        ordering = ["partner_id", "year", "flow"]
        verbose_name = _("trade record")
        verbose_name_plural = _("trade records")
        constraints = [
            models.UniqueConstraint(
                fields=["reporter", "partner", "year", "flow"],
                name="traderecord_unique_reporter_partner_year_flow",
                violation_error_message=_("There is already a value for this reporter, partner, year and flow."),
            ),
            models.CheckConstraint(
                condition=~models.Q(reporter=models.F("partner")),
                name="traderecord_partner_not_reporter",
                violation_error_message=_("A country does not trade with itself."),
            ),
        ]
        indexes = [
            models.Index(fields=["year", "flow", "id"], name="traderecord_year_flow_id"),
            models.Index(fields=["flow", "partner", "year"], name="traderecord_flow_partner_year"),
            # The few records with a note, for ``?search=`` (``TradeRecordFilterSet.sparse_search_fields``).
            models.Index(fields=["id"], condition=any_filled("note_en", "note_zh"), name="traderecord_with_note"),
        ]

    def __str__(self):
        return f"{self.reporter_id and self.reporter.iso3}–{self.partner.iso3} {self.year} {self.flow}: {self.value}"

    def natural_key(self):
        return (self.reporter.iso3, self.partner.iso3, self.year, self.flow)

    natural_key.dependencies = ["reference.country"]


class Indicator(SlugNaturalKeyModel, BilingualNameModel, PublishableModel, SourcedModel):
    """A statistical series other than trade (students, trains, agreements, ...), with its unit."""

    unit_en = models.CharField(_("unit (English)"), max_length=100)
    unit_zh = models.CharField(_("unit (Chinese)"), max_length=100, blank=True)
    description_en = models.TextField(_("description (English)"), blank=True)
    description_zh = models.TextField(_("description (Chinese)"), blank=True)

    history = record_history()

    class Meta:
        ordering = ["slug"]
        verbose_name = _("indicator")
        verbose_name_plural = _("indicators")

    @property
    def unit(self):
        return pick_language(self.unit_en, self.unit_zh)

    @property
    def description(self):
        return pick_language(self.description_en, self.description_zh)


class ObservationQuerySet(PortalQuerySet):
    def for_organisation(self, profile):
        """The values the partner's institutions reported."""
        institutions = self.model._meta.get_field("reported_by").related_model.objects.for_organisation(profile)
        return self.filter(reported_by__in=institutions)


class ObservationManager(PortalManager.from_queryset(ObservationQuerySet)):
    def get_by_natural_key(self, indicator_slug, country_iso3, year, month):
        return self.get(indicator__slug=indicator_slug, country__iso3=country_iso3, year=year, month=month)


class Observation(BilingualNoteModel, PublishableModel, SourcedModel):
    """One value of an indicator: for a country (or for China as a whole) and a year."""

    public_requires = ("indicator",)

    indicator = models.ForeignKey(
        Indicator, on_delete=models.CASCADE, related_name="observations", verbose_name=_("indicator")
    )
    country = models.ForeignKey(
        "reference.Country",
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="observations",
        verbose_name=_("partner country"),
        help_text=_("Blank for a figure about China as a whole or about all Belt and Road countries."),
    )
    year = models.PositiveSmallIntegerField(
        _("year"),
        null=True,
        blank=True,
        validators=YEAR_VALIDATORS,
        help_text=_("Blank where the source says 'at present' without a date."),
    )
    month = models.PositiveSmallIntegerField(
        _("month"), null=True, blank=True, validators=MONTH_VALIDATORS, help_text=_("For 'as of November 2020'.")
    )
    value = models.DecimalField(
        _("value"), max_digits=20, decimal_places=4, help_text=_("For a range, its low end (see high value).")
    )
    value_high = models.DecimalField(
        _("high value"),
        max_digits=20,
        decimal_places=4,
        null=True,
        blank=True,
        help_text=_("The high end where the source gives a range (3,000 to 5,000); blank for a single value."),
    )
    reported_by = models.ForeignKey(
        "alliances.Institution",
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="observations",
        verbose_name=_("reported by"),
        help_text=_("The partner institution that reported the value; blank for figures from the sources."),
    )
    qualifier = models.CharField(
        _("qualifier"), max_length=16, choices=ValueQualifierChoices.choices, default=ValueQualifierChoices.EXACT
    )

    objects = ObservationManager()

    history = record_history()

    class Meta:
        ordering = ["indicator", "country", "year", "month"]
        verbose_name = _("observation")
        verbose_name_plural = _("observations")
        constraints = [
            models.UniqueConstraint(
                "indicator",
                Coalesce("country", 0),
                Coalesce("year", 0),
                Coalesce("month", 0),
                name="observation_unique_indicator_country_period",
                violation_error_message=_("There is already a value for this indicator, country and period."),
            ),
            models.CheckConstraint(
                condition=models.Q(value_high__isnull=True) | models.Q(value_high__gte=models.F("value")),
                name="observation_value_high_not_below_value",
                violation_error_message=_("The high value of a range cannot be below its low value."),
            ),
            models.CheckConstraint(
                condition=models.Q(qualifier="range", value_high__isnull=False)
                | (~models.Q(qualifier="range") & models.Q(value_high__isnull=True)),
                name="observation_range_has_high_value",
                violation_error_message=_("A range has a high value, and only a range has one."),
            ),
        ]
        indexes = [models.Index(fields=["indicator", "country", "year"], name="observation_series")]

    def __str__(self):
        where = self.country.iso3 if self.country_id else "—"
        return f"{self.indicator}: {where} {self.period} = {self.value_text}"

    @property
    def is_range(self):
        return self.value_high is not None

    @property
    def value_text(self):
        """The value as plain text: ``3000`` or, for a range, ``3000–5000``."""
        return f"{self.value}–{self.value_high}" if self.is_range else str(self.value)

    @property
    def chart_value(self):
        """The value a chart plots: the value itself, or the midpoint of a range (the table gives both ends)."""
        if self.is_range:
            return (self.value + self.value_high) / 2
        return self.value

    def natural_key(self):
        return (self.indicator.slug, self.country.iso3 if self.country_id else None, self.year, self.month)

    natural_key.dependencies = ["trade.indicator", "reference.country"]

    @property
    def period(self):
        if self.year is None:
            return _("undated")
        return f"{self.year}-{self.month:02d}" if self.month else str(self.year)

    def clean(self):
        super().clean()
        if self.month and not self.year:
            raise ValidationError({"month": _("A month needs a year.")})
