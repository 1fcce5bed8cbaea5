"""The abstract bases every domain model is built from, and the import history.

Domain apps (``reference``, ``alliances``, ``cooperation``, ``trade``) build their models from
these bases; this module imports no app of the project. ``ImportRecord`` lives here beside them
because every door (admin, command, API) records its imports through the one import engine
in ``core.imports``.
"""

from django.conf import settings
from django.core.exceptions import ValidationError
from django.db import models
from django.utils.translation import get_language
from django.utils.translation import gettext_lazy as _

from .choices import ChangedViaChoices, PublicationStatusChoices


def pick_language(english, chinese):
    """Return the text in the active language, falling back to the other one."""
    if (get_language() or "en").startswith("zh"):
        return chinese or english
    return english or chinese


def bilingual_parts(text):
    """``(Chinese, English)`` of a text written ``中文 (English)``, the form the seed data gives a place
    in a bilingual reading (``表1 (Table 1)``); None for any other text. The English is the last
    parenthesised group, which may nest (``… 第二段 (Part 1 (3) para 2)``), has no Chinese and ends the text."""
    text = (text or "").strip()
    if not text.endswith(")"):
        return None
    depth = 0
    for index in range(len(text) - 1, -1, -1):
        depth += {")": 1, "(": -1}.get(text[index], 0)
        if depth == 0:
            break
    chinese, english = text[:index].strip(), text[index + 1 : -1].strip()
    if depth or not chinese or not english or not has_chinese(chinese) or has_chinese(english):
        return None
    return chinese, english


def has_chinese(text):
    return any("\u3400" <= char <= "\u9fff" or "\uf900" <= char <= "\ufaff" for char in text)


def in_page_language(text):
    """A ``中文 (English)`` text with the active language first (``Table 1 (表1)`` in English); others as they are."""
    parts = bilingual_parts(text)
    if parts is None:
        return text
    chinese, english = parts
    if (get_language() or "en").startswith("zh"):
        return f"{chinese} ({english})"
    return f"{english} ({chinese})"


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
    """Who may see which records, written once: every door (pages, search, sitemap, embeds, downloads,
    API, exports, admin, review queue, history, import hints) asks these methods.

    A model states the records it is shown with in ``public_requires`` (field names): its records are
    public only while those are published too (a membership with its alliance and its institution).
    A model open to partners overrides ``for_organisation`` on its own queryset.
    """

    def published(self):
        """Records whose own publication status is published (only for models with one)."""
        return self.filter(publication_status=PublicationStatusChoices.PUBLISHED)

    def public_condition(self, prefix=""):
        """The condition of ``public()``, to combine with others; with ``prefix`` (``"projects__"``), the
        same condition on related records, for annotations and filters across a relation."""
        published = PublicationStatusChoices.PUBLISHED
        names = [*(["publication_status"] if hasattr(self.model, "publication_status") else [])]
        names += [f"{name}__publication_status" for name in getattr(self.model, "public_requires", ())]
        return models.Q(**{f"{prefix}{name}": published for name in names})

    def public(self):
        """What the public sees: published, and shown only with published records."""
        return self.filter(self.public_condition())

    def citing_unpublished_sources(self):
        """Records whose source the public cannot read yet (a partner's draft source): none of them is
        published before its source, or the public would read a fact whose citation leads nowhere."""
        field = next((f for f in self.model._meta.concrete_fields if f.name == "source"), None)
        if field is None or not hasattr(field.related_model, "publication_status"):
            return self.none()
        return self.exclude(source__publication_status=PublicationStatusChoices.PUBLISHED)

    def for_organisation(self, profile):
        """The records a partner's organisation keeps (none, unless the model is open to partners)."""
        return self.none()

    def visible_to(self, user):
        """What ``user`` may read: curators everything; partners their own organisation's records (drafts and
        rejected ones included) and the published ones, each only with records they may read too; everyone
        else the public records."""
        from .roles import CURATOR, PARTNER, partner_profile_of, role_of

        role = role_of(user)
        condition = self.public_condition()
        if role == CURATOR or not condition:
            return self.all()
        if role == PARTNER:
            condition = models.Q()
            if hasattr(self.model, "publication_status"):
                own = self.model._default_manager.for_organisation(partner_profile_of(user))
                condition = models.Q(publication_status=PublicationStatusChoices.PUBLISHED) | models.Q(
                    pk__in=own.values("pk")
                )
            for name in getattr(self.model, "public_requires", ()):
                related = self.model._meta.get_field(name).related_model
                condition &= models.Q(**{f"{name}__in": related._default_manager.visible_to(user).values("pk")})
        return self.filter(Likely(condition))


class PortalManager(models.Manager.from_queryset(PortalQuerySet)):
    """The base of every manager in the project, so ``.published()`` is everywhere it applies."""


class AliasedModel(models.Model):
    """Other names readers use for a record (abbreviations, variants, transliterations): search finds it by them."""

    aliases = models.CharField(
        _("other names"),
        max_length=500,
        blank=True,
        help_text=_("Abbreviations, variants and transliterations readers search for, separated by |."),
    )

    class Meta:
        abstract = True

    def alias_list(self):
        return [alias.strip() for alias in self.aliases.split("|") if alias.strip()]


def any_filled(*names):
    """Records with text in any of these fields: the condition of a partial index over fields most records
    leave empty (a trade record's notes), which a search then reads instead of the whole table."""
    condition = models.Q()
    for name in names:
        condition |= ~models.Q(**{name: ""})
    return condition


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


class ImportStatusChoices(models.TextChoices):
    COMPLETED = "completed", _("Completed")
    FAILED = "failed", _("Failed, nothing written")
    UNDONE = "undone", _("Undone")


class ImportRecord(models.Model):
    """One import of one file: who, when, what file, what it changed."""

    user = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="+",
        verbose_name=_("user"),
    )
    model_label = models.CharField(_("model"), max_length=100, db_index=True)
    file_name = models.CharField(_("file name"), max_length=255)
    sha256 = models.CharField(_("SHA-256"), max_length=64, db_index=True)
    file_format = models.CharField(_("format"), max_length=8, blank=True)
    encoding = models.CharField(_("encoding"), max_length=32, blank=True)
    via = models.CharField(
        _("via"),
        max_length=16,
        choices=ChangedViaChoices.choices,
        default=ChangedViaChoices.OTHER,
        help_text=_("How the import came in: the admin, the API, or other (the command line, a script)."),
    )
    status = models.CharField(_("status"), max_length=16, choices=ImportStatusChoices.choices)
    rows = models.PositiveIntegerField(_("rows"), default=0)
    created = models.PositiveIntegerField(_("new"), default=0)
    updated = models.PositiveIntegerField(_("updated"), default=0)
    unchanged = models.PositiveIntegerField(_("unchanged"), default=0)
    errors = models.PositiveIntegerField(_("errors"), default=0)
    error_summary = models.TextField(_("errors found"), blank=True)
    started_at = models.DateTimeField(_("started"), auto_now_add=True)
    finished_at = models.DateTimeField(_("finished"), null=True, blank=True)
    undone_at = models.DateTimeField(_("undone"), null=True, blank=True)
    undone_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="+",
        verbose_name=_("undone by"),
    )

    class Meta:
        ordering = ["-started_at", "-pk"]
        verbose_name = _("import")
        verbose_name_plural = _("import history")
        db_table = "imports_importrecord"  # created by the imports app before the model moved here

    def __str__(self):
        return f"{self.model_label} ← {self.file_name} ({self.started_at:%Y-%m-%d %H:%M})"


# A partner's change to a published record waits beside it (its own module: core.pending); a user's column
# mapping, saved under a name, too (core.import_presets).
from .import_presets import ImportPreset  # noqa: E402, F401
from .pending import PendingChange  # noqa: E402, F401
