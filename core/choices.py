"""Choice lists of the shared machinery: publication state and how a change was made."""

from django.db import models
from django.utils.translation import gettext_lazy as _


class PublicationStatusChoices(models.TextChoices):
    DRAFT = "draft", _("Draft")
    PUBLISHED = "published", _("Published")
    REJECTED = "rejected", _("Rejected")


class ChangedViaChoices(models.TextChoices):
    """How a change to a record was made, as its history keeps it."""

    ADMIN = "admin", _("Admin")
    IMPORT = "import", _("Import")
    API = "api", _("API")
    UNDO = "undo", _("Undo of an import")
    OTHER = "other", _("Other (shell, script)")


class PendingStateChoices(models.TextChoices):
    """Where a partner's pending change to a published record stands."""

    PENDING = "pending", _("Awaiting review")
    ACCEPTED = "accepted", _("Accepted")
    REJECTED = "rejected", _("Rejected")
