"""Reference data every app shares: countries and source documents.

Built on the abstract bases of ``core.models``; this app imports no other domain app, so that
alliances, cooperation and trade can all depend on it without cycles.
"""

from django.db import models
from django.utils.translation import get_language
from django.utils.translation import gettext_lazy as _

from core.choices import PublicationStatusChoices
from core.history import record_history
from core.models import (
    BilingualNameModel,
    BilingualNoteModel,
    PortalManager,
    PortalQuerySet,
    PublishableModel,
    SlugNaturalKeyManager,
    SlugNaturalKeyModel,
    SourcedModel,
    TimeStampedModel,
)

from .choices import (
    BasisChoices,
    BRIStatusChoices,
    CountryRegionChoices,
    LanguageChoices,
    RecognitionStatusChoices,
    basis_field,
)


class SourceQuerySet(PortalQuerySet):
    def for_organisation(self, profile):
        """The sources a partner's organisation added themselves (as drafts, reviewed like any record): their
        first version names a partner of the same organisation. The seed's and the curators' are no partner's."""
        if profile.institution_id:
            same = {"history_user__partner_profile__institution_id": profile.institution_id}
        else:
            same = {"history_user__partner_profile__alliance_id": profile.alliance_id}
        created = self.model.history.model.objects.filter(history_type="+", **same)
        return self.filter(pk__in=created.values("id"))


class SourceManager(SlugNaturalKeyManager.from_queryset(SourceQuerySet)):
    pass


class Source(SlugNaturalKeyModel, PublishableModel, TimeStampedModel):
    """A citable document that the portal's facts are transcribed from."""

    # A curator's source is public at once, as the seed's; a partner's new source is a draft (the import says so).
    publication_status = models.CharField(
        _("publication status"),
        max_length=16,
        choices=PublicationStatusChoices.choices,
        default=PublicationStatusChoices.PUBLISHED,
        db_index=True,
        help_text=_(
            "Only published sources appear on the public portal and API; a partner's is a draft until reviewed."
        ),
    )

    title_original = models.CharField(
        _("title (original language)"),
        max_length=500,
        help_text=_("As printed; a title in [square brackets] was supplied by the portal because the text gives none."),
    )
    title_en = models.CharField(_("title (English)"), max_length=500, blank=True)
    title_zh = models.CharField(_("title (Chinese)"), max_length=500, blank=True)
    authors = models.CharField(_("authors"), max_length=500, blank=True)
    publication = models.CharField(
        _("publication"), max_length=500, blank=True, help_text=_("Journal, issue or publisher, as given.")
    )
    year = models.PositiveSmallIntegerField(_("year"), null=True, blank=True)
    language = models.CharField(_("language"), max_length=8, choices=LanguageChoices.choices)
    url = models.URLField(_("URL"), blank=True)
    file_name = models.CharField(
        _("file name"), max_length=255, blank=True, help_text=_("The seed document's file in the portal's archive.")
    )
    summary_en = models.TextField(_("summary (English)"), blank=True)
    summary_zh = models.TextField(_("summary (Chinese)"), blank=True)

    objects = SourceManager()
    history = record_history()

    class Meta:
        ordering = ["slug"]
        verbose_name = _("source")
        verbose_name_plural = _("sources")

    def __str__(self):
        return self.title

    @property
    def title(self):
        if (get_language() or "en").startswith("zh"):
            return self.title_zh or self.title_original or self.title_en
        return self.title_en or self.title_original or self.title_zh


class CountryManager(PortalManager):
    def get_by_natural_key(self, iso3):
        return self.get(iso3=iso3)


class Country(BilingualNameModel, TimeStampedModel):
    """A country or territory of ISO 3166-1, with what the sources say of its ties to China."""

    iso3 = models.CharField(_("ISO 3166 alpha-3"), max_length=3, unique=True)
    iso2 = models.CharField(_("ISO 3166 alpha-2"), max_length=2, unique=True)
    official_name_en = models.CharField(_("official name (English)"), max_length=255, blank=True)
    aliases = models.CharField(
        _("other names"),
        max_length=500,
        blank=True,
        help_text=_("Other spellings met in sources and spreadsheets, separated by |; imports accept them."),
    )
    region = models.CharField(
        _("region"),
        max_length=32,
        choices=CountryRegionChoices.choices,
        blank=True,
        db_index=True,
        help_text=_("Blank where no source places the country in a region."),
    )
    bri_status = models.CharField(
        _("Belt and Road cooperation document"),
        max_length=16,
        choices=BRIStatusChoices.choices,
        default=BRIStatusChoices.UNKNOWN,
    )
    bri_status_source = models.ForeignKey(
        Source,
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="+",
        verbose_name=_("source of the Belt and Road status"),
    )
    bri_status_locator = models.CharField(_("locator of the Belt and Road status"), max_length=255, blank=True)
    recognition_status = models.CharField(
        _("qualification recognition with China"),
        max_length=16,
        choices=RecognitionStatusChoices.choices,
        default=RecognitionStatusChoices.UNKNOWN,
    )
    recognition_status_source = models.ForeignKey(
        Source,
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="+",
        verbose_name=_("source of the recognition status"),
    )
    recognition_status_locator = models.CharField(_("locator of the recognition status"), max_length=255, blank=True)

    objects = CountryManager()
    history = record_history()

    class Meta:
        ordering = ["name_en"]
        verbose_name = _("country")
        verbose_name_plural = _("countries")
        constraints = [
            models.CheckConstraint(
                condition=models.Q(iso3__regex=r"^[A-Z]{3}$"),
                name="country_iso3_format",
                violation_error_message=_("The ISO alpha-3 code is three capital letters."),
            ),
            models.CheckConstraint(
                condition=models.Q(iso2__regex=r"^[A-Z]{2}$"),
                name="country_iso2_format",
                violation_error_message=_("The ISO alpha-2 code is two capital letters."),
            ),
            models.CheckConstraint(
                condition=models.Q(bri_status="unknown") | models.Q(bri_status_source__isnull=False),
                name="country_bri_status_sourced",
                violation_error_message=_("A known Belt and Road status needs its source."),
            ),
            models.CheckConstraint(
                condition=models.Q(recognition_status="unknown") | models.Q(recognition_status_source__isnull=False),
                name="country_recognition_status_sourced",
                violation_error_message=_("A known recognition status needs its source."),
            ),
        ]

    def natural_key(self):
        return (self.iso3,)


class CountryGroup(SlugNaturalKeyModel, BilingualNameModel, BilingualNoteModel, SourcedModel):
    """A named set of countries read as one (Central Asia, the South Caucasus, ...): one selection on the
    trade explorer, the maps and the rankings."""

    members = models.ManyToManyField(Country, related_name="country_groups", verbose_name=_("member countries"))
    basis = basis_field(
        _("basis of the membership"),
        _(
            "Stated: the source names these countries as the group. Editorial: the portal's curators drew up the "
            "list (the source names the group but not all its members); the note says how."
        ),
    )

    history = record_history(m2m_fields=["members"])

    class Meta:
        ordering = ["slug"]
        verbose_name = _("country group")
        verbose_name_plural = _("country groups")

    @property
    def is_editorial(self):
        return self.basis == BasisChoices.EDITORIAL
