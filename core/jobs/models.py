"""A background import: one uploaded file, checked, confirmed, imported, by one user.

The states: queued → checking → awaiting confirmation → queued → importing → completed, or failed,
cancelled or expired. ``phase`` says which pass a queued job waits for (the check or the import).
A job's row is written outside the import's transaction (by the worker's heartbeat thread and
between the passes), so the progress shows while the import runs and survives its rollback.
"""

import uuid

from django.conf import settings
from django.db import models
from django.utils import timezone
from django.utils.translation import gettext_lazy as _


class JobState(models.TextChoices):
    QUEUED = "queued", _("Queued")
    CHECKING = "checking", _("Checking")
    AWAITING_CONFIRMATION = "awaiting", _("Awaiting confirmation")
    IMPORTING = "importing", _("Importing")
    COMPLETED = "completed", _("Completed")
    FAILED = "failed", _("Failed")
    CANCELLED = "cancelled", _("Cancelled")
    EXPIRED = "expired", _("Expired")


RUNNING = (JobState.CHECKING, JobState.IMPORTING)
ACTIVE = (JobState.QUEUED, *RUNNING)
UNFINISHED = (*ACTIVE, JobState.AWAITING_CONFIRMATION)
FINISHED = (JobState.COMPLETED, JobState.FAILED, JobState.CANCELLED, JobState.EXPIRED)


# The model label of a workbook's job: its sheets name their tables (``core.imports.workbooks``).
WORKBOOK = "workbook"


class JobPhase(models.TextChoices):
    CHECK = "check", _("Check")
    IMPORT = "import", _("Import")


class Job(models.Model):
    id = models.UUIDField(primary_key=True, default=uuid.uuid4, editable=False)
    user = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.CASCADE, null=True, blank=True, related_name="+"
    )
    model_label = models.CharField(_("model"), max_length=100, db_index=True)
    file_name = models.CharField(_("file name"), max_length=255)
    file_format = models.CharField(_("format"), max_length=8, blank=True)
    file_size = models.PositiveBigIntegerField(_("size"), default=0)
    sha256 = models.CharField(max_length=64)
    stored_name = models.CharField(max_length=64, blank=True, help_text=_("The upload, in IMPORT_UPLOAD_DIR."))
    via = models.CharField(_("via"), max_length=16)
    language = models.CharField(max_length=16, default="en")
    # Check first and wait for a person to confirm (the admin), or go on to the import at once.
    confirm = models.BooleanField(default=True)
    dry_run = models.BooleanField(default=False, help_text=_("Only check (the API's dry_run)."))
    options = models.JSONField(
        _("options"),
        default=dict,
        blank=True,
        help_text=_("How the file is read: a preset's name and the user's column mapping."),
    )
    state = models.CharField(_("state"), max_length=16, choices=JobState.choices, default=JobState.QUEUED)
    phase = models.CharField(_("phase"), max_length=8, choices=JobPhase.choices, default=JobPhase.CHECK)
    rows_done = models.PositiveIntegerField(default=0)
    rows_total = models.PositiveIntegerField(null=True, blank=True)
    cancel_requested = models.BooleanField(default=False)
    reason = models.TextField(_("reason"), blank=True)
    report = models.JSONField(null=True, blank=True)
    record = models.ForeignKey("core.ImportRecord", on_delete=models.SET_NULL, null=True, blank=True, related_name="+")
    task_id = models.CharField(max_length=64, blank=True)
    worker = models.CharField(max_length=128, blank=True, help_text=_("host:pid of the worker running it."))
    runs = models.PositiveSmallIntegerField(default=0, help_text=_("Passes started (a pass runs once)."))
    created_at = models.DateTimeField(_("created"), default=timezone.now, db_index=True)
    phase_started_at = models.DateTimeField(null=True, blank=True)
    heartbeat_at = models.DateTimeField(null=True, blank=True)
    finished_at = models.DateTimeField(_("finished"), null=True, blank=True)

    class Meta:
        ordering = ["-created_at"]
        verbose_name = _("import job")
        verbose_name_plural = _("import jobs")
        indexes = [models.Index(fields=["state", "model_label"]), models.Index(fields=["user", "state"])]

    def __str__(self):
        return f"{self.model_label} ← {self.file_name} ({self.get_state_display()})"

    @property
    def finished(self):
        return self.state in FINISHED

    @property
    def is_workbook(self):
        return self.model_label == WORKBOOK

    @property
    def model(self):
        """The job's table; None for a workbook (each sheet names its own)."""
        from django.apps import apps

        return None if self.is_workbook else apps.get_model(self.model_label)

    @property
    def table_name(self):
        return _("workbook") if self.is_workbook else self.model._meta.verbose_name_plural
