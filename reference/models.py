"""Reference data every app shares: countries, source documents and the abstract bases.

This app imports no other app of the project, so that alliances, cooperation and trade
can all depend on it without cycles.
"""

from django.core.exceptions import ValidationError
from django.db import models
from django.utils.translation import get_language
from django.utils.translation import gettext_lazy as _

from .choices import (
    BRIStatusChoices,
    CountryRegionChoices,
    LanguageChoices,
    PublicationStatusChoices,
    RecognitionStatusChoices,
)
from .history import record_history


def pick_language(english, chinese):
    """Return the text in the active language, falling back to the other one."""
    if (get_language() or "en").startswith("zh"):
        return chinese or english
    return english or chinese


class TimeStampedModel(models.Model):
    """Creation and last-change times, kept on every record."""

    created_at = models.DateTimeField(_("created at"), auto_now_add=True)
    updated_at = models.DateTimeField(_("updated at"), auto_now=True)

    class Meta:
        abstract = True


class BilingualNameModel(models.Model):
    """An English and a Chinese name; ``name`` gives the one of the active language."""

    name_en = models.CharField(_("name (English)"), max_length=255, blank=True)
    name_zh = models.CharField(_("name (Chinese)"), max_length=255, blank=True)

    class Meta:
        abstract = True

    def __str__(self):
        return self.name

    @property
    def name(self):
        return pick_language(self.name_en, self.name_zh)

    def clean(self):
        super().clean()
        if not (self.name_en or self.name_zh):
            raise ValidationError(_("Give a name in English, in Chinese, or both."))


class Likely(models.Func):
    """A condition most records meet. SQLite is told so (``likely()``): without statistics it would
    take the two-valued publication-status index and sort every published record to find the first
    page, where the index that orders the list finds it at once. Other databases get the condition."""

    function = "LIKELY"
    output_field = models.BooleanField()
    conditional = True

    def as_sql(self, compiler, connection, **extra_context):
        return compiler.compile(self.get_source_expressions()[0])

    def as_sqlite(self, compiler, connection, **extra_context):
        return super().as_sql(compiler, connection, **extra_context)


class PortalQuerySet(models.QuerySet):
    def published(self):
        """The records the public may see (only for models with a publication status)."""
        return self.filter(publication_status=PublicationStatusChoices.PUBLISHED)


class PortalManager(models.Manager.from_queryset(PortalQuerySet)):
    """The base of every manager in the project, so ``.published()`` is everywhere it applies."""


class BilingualNoteModel(models.Model):
    """A free note in English and Chinese, e.g. where two places in a source disagree."""

    note_en = models.TextField(_("note (English)"), blank=True)
    note_zh = models.TextField(_("note (Chinese)"), blank=True)

    class Meta:
        abstract = True

    @property
    def note(self):
        return pick_language(self.note_en, self.note_zh)


class SlugNaturalKeyManager(PortalManager):
    """Finds records by their slug, so fixtures and spreadsheets never carry database ids."""

    def get_by_natural_key(self, slug):
        return self.get(slug=slug)


class SlugNaturalKeyModel(models.Model):
    """A unique, human-readable slug as the natural key."""

    slug = models.SlugField(
        _("slug"),
        max_length=100,
        unique=True,
        help_text=_("Stable identifier used in URLs, spreadsheets and the API, e.g. new-silk-road."),
    )

    objects = SlugNaturalKeyManager()

    class Meta:
        abstract = True

    def natural_key(self):
        return (self.slug,)


class SourcedModel(TimeStampedModel):
    """A record that states a fact: it names the document and the place in it."""

    source = models.ForeignKey(
        "reference.Source",
        on_delete=models.PROTECT,
        related_name="+",
        verbose_name=_("source"),
    )
    source_locator = models.CharField(
        _("source locator"),
        max_length=255,
        help_text=_("Where in the source the fact stands: section, table, page or paragraph."),
    )

    class Meta:
        abstract = True


class PublishableModel(models.Model):
    """A record the public sees only once it is published."""

    publication_status = models.CharField(
        _("publication status"),
        max_length=16,
        choices=PublicationStatusChoices.choices,
        default=PublicationStatusChoices.DRAFT,
        db_index=True,
        help_text=_("Only published records appear on the public portal and API."),
    )
    review_note = models.TextField(
        _("review note"),
        blank=True,
        default="",
        db_default="",  # rows written by raw SQL (bulk loaders, COPY) get an empty note too
        help_text=_("Why a curator rejected the record; its organisation sees it. Cleared when it is resubmitted."),
    )

    class Meta:
        abstract = True


class Source(SlugNaturalKeyModel, TimeStampedModel):
    """A citable document that the portal's facts are transcribed from."""

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
