"""Releases: numbered, immutable snapshots of every public record.

Storage is content-addressed so that a release does not copy the database: each distinct state of a
record is stored once (``RecordVersion``, keyed by a hash of its table and serialized fields) and shared
by every release in which the record stood so; a release is its list of versions (``ReleaseItem``: two
integers a record). A release that changes 1 % of the records adds 1 % new versions and one list. A version
leaves out its empty fields (``tables.stored``), which readers put back (``tables.restored``).
"""

from django.conf import settings
from django.core.exceptions import ValidationError
from django.core.validators import RegexValidator
from django.db import models
from django.utils.translation import gettext_lazy as _

VERSION_PATTERN = r"^\d{4}\.\d{1,3}$"


class Immutable(models.Model):
    """A row written once: saving it again or deleting it is refused."""

    class Meta:
        abstract = True

    def save(self, *args, **kwargs):
        if self.pk is not None and not kwargs.pop("_allow_update", False):
            raise ValidationError(_("A published release never changes."))
        super().save(*args, **kwargs)

    def delete(self, *args, **kwargs):
        raise ValidationError(_("A published release is never deleted."))


class Release(Immutable):
    version = models.CharField(
        _("version"),
        max_length=16,
        unique=True,
        validators=[RegexValidator(VERSION_PATTERN, _("A version is a year, a dot and a number, e.g. 2026.1."))],
        help_text=_("Year and number, e.g. 2026.1; part of the release's permanent URL."),
    )
    title = models.CharField(_("title"), max_length=255)
    summary = models.TextField(_("summary"), blank=True, help_text=_("The curator's summary, shown above the notes."))
    notes = models.JSONField(
        _("release notes"),
        default=dict,
        help_text=_("Records added, changed and withdrawn per table since the last release."),
    )
    counts = models.JSONField(_("records per table"), default=dict)
    previous = models.ForeignKey(
        "self", on_delete=models.PROTECT, null=True, blank=True, related_name="+", verbose_name=_("previous release")
    )
    published_at = models.DateTimeField(_("published"))
    published_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="+",
        verbose_name=_("published by"),
    )
    temporal_coverage = models.CharField(_("temporal coverage"), max_length=32, blank=True)

    class Meta:
        ordering = ["-published_at", "-pk"]
        verbose_name = _("data release")
        verbose_name_plural = _("data releases")

    def __str__(self):
        return f"{self.version} — {self.title}"

    @property
    def record_count(self):
        return sum(self.counts.values())


class RecordVersion(Immutable):
    """One state of one record, stored once whatever the number of releases it belongs to."""

    digest = models.CharField(
        _("hash"), max_length=32, unique=True, help_text=_("SHA-256 of table and fields, 128 bits.")
    )
    table = models.CharField(_("table"), max_length=64)
    key = models.CharField(_("natural key"), max_length=255)
    data = models.JSONField(_("fields"))

    class Meta:
        verbose_name = _("record version")
        verbose_name_plural = _("record versions")

    def __str__(self):
        return f"{self.table} {self.key} {self.digest[:8]}"


class ReleaseItem(models.Model):
    """A release holds a record version: (release, version) and nothing else."""

    # No index of their own: the unique (release, version) index serves every read, and a record version is
    # never deleted (so no lookup from a version to its releases). A release adds only these two integers.
    release = models.ForeignKey(Release, on_delete=models.PROTECT, related_name="items", db_index=False)
    version = models.ForeignKey(RecordVersion, on_delete=models.PROTECT, related_name="+", db_index=False)

    class Meta:
        verbose_name = _("release item")
        verbose_name_plural = _("release items")
        constraints = [models.UniqueConstraint(fields=["release", "version"], name="releaseitem_unique")]

    def __str__(self):
        return f"{self.release_id}: {self.version_id}"

    def save(self, *args, **kwargs):
        if self.pk is not None:
            raise ValidationError(_("A published release never changes."))
        super().save(*args, **kwargs)
