"""Pending changes: a partner's change to a published record, kept beside it until a curator decides.

A partner who corrects a published record (through the admin's form, a spreadsheet, a workbook or the
API) does not change it: the public keeps seeing the published version, and the change waits here, as
the import cells that would make it (``values``: column → cell, relations by natural key), with the
record's cells when it was proposed (``base``), so the review shows a field-by-field diff and finds a
change that has gone stale. One open change per partner and record: a second correction updates it.

This module holds the model and who may see it (``PendingChange.objects.visible_to(user)``); the service
that holds, accepts and rejects changes is ``core.imports.pending``. Wagtail's revisions are the model:
the live page stays up while its draft revision waits.
"""

from django.conf import settings
from django.contrib.contenttypes.fields import GenericForeignKey
from django.contrib.contenttypes.models import ContentType
from django.core.serializers.json import DjangoJSONEncoder
from django.db import models
from django.utils.translation import gettext_lazy as _

from .choices import ChangedViaChoices, PendingStateChoices, PublicationStatusChoices


def organisation_key(profile):
    """``institution:<id>`` or ``alliance:<id>``: the organisation a partner profile speaks for."""
    return f"institution:{profile.institution_id}" if profile.institution_id else f"alliance:{profile.alliance_id}"


def is_held(user, stored_status):
    """Whether ``user``'s change to a record stored with ``stored_status`` waits for review instead of being
    written: a partner's change to a published record. The one rule every door asks."""
    from .roles import partner_profile_of

    return partner_profile_of(user) is not None and stored_status == PublicationStatusChoices.PUBLISHED


class PendingChangeQuerySet(models.QuerySet):
    def open(self):
        return self.filter(state=PendingStateChoices.PENDING)

    def of_record(self, record):
        return self.filter(content_type=ContentType.objects.get_for_model(record), object_id=record.pk)

    def visible_to(self, user):
        """Curators see every pending change; a partner their own organisation's; everyone else none."""
        from .roles import CURATOR, PARTNER, partner_profile_of, role_of

        role = role_of(user)
        if role == CURATOR:
            return self.all()
        if role == PARTNER:
            return self.filter(organisation=organisation_key(partner_profile_of(user)))
        return self.none()


class PendingChange(models.Model):
    """A partner's change to a published record, waiting for a curator to accept or reject it."""

    content_type = models.ForeignKey(ContentType, on_delete=models.CASCADE, related_name="+", verbose_name=_("table"))
    object_id = models.PositiveBigIntegerField(_("record id"))
    record = GenericForeignKey("content_type", "object_id")
    organisation = models.CharField(
        _("organisation"), max_length=40, db_index=True, help_text=_("The partner's organisation, which sees it.")
    )
    submitted_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        on_delete=models.SET_NULL,
        null=True,
        related_name="+",
        verbose_name=_("proposed by"),
    )
    via = models.CharField(_("via"), max_length=8, choices=ChangedViaChoices.choices)
    import_id = models.PositiveBigIntegerField(_("import"), null=True, blank=True)
    values = models.JSONField(
        _("proposed values"), encoder=DjangoJSONEncoder, help_text=_("The cells an import would write: column → cell.")
    )
    base = models.JSONField(
        _("values when proposed"),
        encoder=DjangoJSONEncoder,
        help_text=_("The record's cells when the change was proposed, to find a change that has gone stale."),
    )
    state = models.CharField(
        _("state"), max_length=8, choices=PendingStateChoices.choices, default=PendingStateChoices.PENDING
    )
    reason = models.TextField(_("reason"), blank=True, help_text=_("Why a curator rejected it; the partner reads it."))
    created_at = models.DateTimeField(_("proposed"), auto_now_add=True)
    updated_at = models.DateTimeField(_("last changed"), auto_now=True)
    decided_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="+",
        verbose_name=_("decided by"),
    )
    decided_at = models.DateTimeField(_("decided"), null=True, blank=True)

    objects = PendingChangeQuerySet.as_manager()

    class Meta:
        ordering = ["created_at", "pk"]
        verbose_name = _("pending change")
        verbose_name_plural = _("pending changes")
        indexes = [models.Index(fields=["content_type", "object_id"], name="pendingchange_record")]
        constraints = [
            models.UniqueConstraint(
                fields=["content_type", "object_id", "submitted_by"],
                condition=models.Q(state=PendingStateChoices.PENDING),
                name="pendingchange_one_open_per_partner",
                violation_error_message=_("This partner already has a change to this record awaiting review."),
            ),
        ]

    def __str__(self):
        return _("Change to %(table)s #%(id)s") % {
            "table": self.content_type.model_class()._meta.verbose_name if self.content_type_id else "?",
            "id": self.object_id,
        }

    @property
    def model(self):
        return self.content_type.model_class()
