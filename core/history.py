"""The change history of every domain record: who, when, how, and what changed.

Each domain model declares ``history = record_history()`` (django-simple-history). Its
historical rows carry, besides the user and the date, *how* the change was made: from the
admin, an import (with the import's id), the API (with the token's key prefix, never the
key), an import's undo, or elsewhere (shell, fixtures). Whoever writes sets that with
``history_context`` around the work; ``pre_create_historical_record`` copies it onto each
row saved one by one, and bulk writes pass ``historical_attrs()`` to simple-history's bulk
helpers.

Loading fixtures (``loaddata``) saves records raw, which records no history, but setting their
many-to-many relations would: ``manage.py seed`` loads with history off and then records
one first version of each record (``populate_history --auto``).
This module imports no other app of the project: the import id is a plain number, not a key.
"""

from contextlib import contextmanager

from django.db import models
from django.dispatch import receiver
from django.utils import timezone
from django.utils.translation import gettext_lazy as _
from simple_history.models import HistoricalRecords
from simple_history.signals import pre_create_historical_record

from core.choices import ChangedViaChoices

TOKEN_PREFIX_LENGTH = 8


class HistoricalChange(models.Model):
    """How a historical row's change was made; the base of every historical model."""

    changed_via = models.CharField(
        _("changed via"), max_length=8, choices=ChangedViaChoices.choices, default=ChangedViaChoices.OTHER
    )
    import_id = models.PositiveBigIntegerField(
        _("import"), null=True, blank=True, help_text=_("The import (or undone import) that made the change.")
    )
    token_prefix = models.CharField(
        _("API token"), max_length=TOKEN_PREFIX_LENGTH, blank=True, help_text=_("The first characters of the token.")
    )

    class Meta:
        abstract = True

    @property
    def how(self):
        """The channel in words: ``Import #12``, ``API (token 1a2b3c4d)``."""
        parts = [str(self.get_changed_via_display())]
        if self.import_id:
            parts.append(f"#{self.import_id}")
        if self.token_prefix:
            parts.append(_("(token %(prefix)s…)") % {"prefix": self.token_prefix})
        return " ".join(parts)


class AuditedHistoricalRecords(HistoricalRecords):
    """simple-history's records, except the deletions a caller wrote in bulk before deleting
    (``history_context(deleted_in_bulk={model: {pk, ...}})``): one insert, not one per record."""

    def post_delete(self, instance, using=None, **kwargs):
        if instance.pk in current().get("deleted_in_bulk", {}).get(type(instance), ()):
            return
        super().post_delete(instance, using=using, **kwargs)


def record_history(**kwargs):
    """The ``history`` of a domain model: simple-history with the channel of each change.

    ``updated_at`` is left out: the historical row's own date says when, and a diff that always
    lists it would hide the fields that did change.
    """
    return AuditedHistoricalRecords(bases=[HistoricalChange], excluded_fields=["updated_at"], **kwargs)


def current():
    """The context of the work in progress: {"user", "changed_via", "import_id", "token_prefix", "reason",
    "deleted_in_bulk"}."""
    return getattr(HistoricalRecords.context, "audit", {})


@contextmanager
def history_context(**values):
    """Record the changes made inside as made by ``user`` via ``changed_via`` (with ``import_id`` or
    ``token``); what is not given is kept from an enclosing context (an API call around an import)."""
    if "token" in values:
        token = values.pop("token")
        values["token_prefix"] = (getattr(token, "prefix", None) or "")[:TOKEN_PREFIX_LENGTH]
    outer = current()
    HistoricalRecords.context.audit = {**outer, **{k: v for k, v in values.items() if v is not None}}
    try:
        yield
    finally:
        HistoricalRecords.context.audit = outer


def historical_attrs():
    """The context as field values of a historical row (for bulk writes)."""
    context = current()
    return {
        "changed_via": context.get("changed_via", ChangedViaChoices.OTHER),
        "import_id": context.get("import_id"),
        "token_prefix": context.get("token_prefix", ""),
    }


def delete_with_history(queryset):
    """Delete the records of ``queryset``, their history's deletion rows written in one bulk insert."""
    records = list(queryset)
    history_model = queryset.model.history.model
    now, user, attrs = timezone.now(), history_user(), historical_attrs()
    history_model.objects.bulk_create(
        [
            history_model(
                history_type="-",
                history_date=now,
                history_user=user,
                **attrs,
                **{field.attname: getattr(record, field.attname) for field in history_model.tracked_fields},
            )
            for record in records
        ],
        batch_size=2000,
    )
    with history_context(deleted_in_bulk={queryset.model: {record.pk for record in records}}):
        queryset.model._default_manager.filter(pk__in=[record.pk for record in records]).delete()


def history_reason():
    """The reason the context gives for its changes (a pending change accepted in review), or ""."""
    return current().get("reason") or ""


def history_user():
    user = current().get("user")
    return user if getattr(user, "pk", None) else None


@receiver(pre_create_historical_record)
def stamp_historical_record(sender, history_instance, **kwargs):
    """Copy the context onto a historical row saved one by one."""
    if not issubclass(sender, HistoricalChange):
        return
    for name, value in historical_attrs().items():
        setattr(history_instance, name, value)
    if history_instance.history_user_id is None:
        history_instance.history_user = history_user()
    if not history_instance.history_change_reason:
        history_instance.history_change_reason = current().get("reason")
