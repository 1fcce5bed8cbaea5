"""The history of imports, with what each changed, so that a completed import can be undone."""

from django.conf import settings
from django.db import models
from django.utils.translation import gettext_lazy as _


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
    via = models.CharField(_("via"), max_length=16, help_text=_("admin, command line or API"))
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

    def __str__(self):
        return f"{self.model_label} ← {self.file_name} ({self.started_at:%Y-%m-%d %H:%M})"


class ImportChangeActionChoices(models.TextChoices):
    CREATED = "created", _("Created")
    UPDATED = "updated", _("Updated")


class ImportChange(models.Model):
    """One record an import created or updated, with its state before the import for an update."""

    record = models.ForeignKey(ImportRecord, on_delete=models.CASCADE, related_name="changes")
    action = models.CharField(max_length=8, choices=ImportChangeActionChoices.choices)
    object_pk = models.BigIntegerField()
    before = models.JSONField(null=True, blank=True)

    class Meta:
        ordering = ["record", "pk"]
        verbose_name = _("import change")
        verbose_name_plural = _("import changes")
        constraints = [
            models.UniqueConstraint(
                fields=["record", "object_pk"],
                name="importchange_unique_record_object",
                violation_error_message=_("An import changes a record once."),
            ),
        ]

    def __str__(self):
        return f"{self.action} {self.object_pk}"
