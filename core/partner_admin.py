"""Partners editing their organisation's records in the admin's change form.

A partner may open a record of their organisation (``for_organisation``) in a model open to partners and
change the fields they may set: never its publication status or review note, nor its natural key (which
names the record). Saving a change to a published record writes nothing: the change is held as a pending
change (``core.imports.pending.hold``, the service every door uses) and the partner is told it awaits
review. A change to their draft or rejected record is saved as it is today (a rejected one goes back to
draft). A form sent back unchanged changes nothing, not even the record's history.
"""

from django.contrib import messages
from django.core.exceptions import PermissionDenied
from django.http import HttpResponseRedirect
from django.urls import reverse
from django.utils.translation import gettext as _

from .choices import ChangedViaChoices, PublicationStatusChoices
from .imports.pending import hold, text
from .imports.widgets import ManyNaturalKeysWidget
from .pending import is_held
from .registry import resource_class_for
from .roles import PARTNER, may_review, open_to_partners, partner_profile_of, role_of

REVIEW_ACTIONS = ("publish", "unpublish")


class PartnerEditingMixin:
    """See the module docstring. Mixed into ``SourcedAdmin`` before ``AuditedAdmin``."""

    def is_partner(self, request):
        return role_of(request.user) == PARTNER

    def own(self, request, obj):
        profile = partner_profile_of(request.user)
        return self.model._default_manager.for_organisation(profile).filter(pk=obj.pk).exists()

    def has_change_permission(self, request, obj=None):
        if self.is_partner(request):
            return open_to_partners(self.model) and (obj is None or self.own(request, obj))
        return super().has_change_permission(request, obj)

    def get_actions(self, request):
        """Publishing and returning to draft are the curators' to do."""
        actions = super().get_actions(request)
        if not may_review(request.user):
            for name in REVIEW_ACTIONS:
                actions.pop(name, None)
        return actions

    def get_readonly_fields(self, request, obj=None):
        fields = list(super().get_readonly_fields(request, obj))
        if self.is_partner(request):
            fields += ["publication_status", "review_note"]
            if obj is not None:
                fields += self.key_fields()
        return list(dict.fromkeys(fields))

    def get_prepopulated_fields(self, request, obj=None):
        return {} if self.is_partner(request) and obj is not None else super().get_prepopulated_fields(request, obj)

    def get_inline_instances(self, request, obj=None):
        """A partner's change to a published record they may edit is the form's fields alone: no inline goes
        around review. Where they only read (another organisation's record), the inlines show as for anyone."""
        if (
            self.is_partner(request)
            and obj is not None
            and obj.publication_status == PublicationStatusChoices.PUBLISHED
            and self.has_change_permission(request, obj)
        ):
            return []
        return super().get_inline_instances(request, obj)

    def key_fields(self):
        resource = resource_class_for(self.model)()
        return [resource.fields[name].attribute for name in resource.get_import_id_fields()]

    def save_model(self, request, obj, form, change):
        if not (change and self.is_partner(request)):
            return super().save_model(request, obj, form, change)
        request.partner_change = None
        if not form.has_changed():
            request.partner_change = "unchanged"
            return None
        resource = resource_class_for(self.model)(user=request.user)
        cells = self.form_cells(resource, obj, form)
        if not resource.partner_may_write(obj, cells):
            raise PermissionDenied(_("This row is outside your organisation's records."))
        stored = self.model._default_manager.filter(pk=obj.pk).values_list("publication_status", flat=True).get()
        if is_held(request.user, stored):
            held = hold(self.model, obj.pk, cells, user=request.user, via=ChangedViaChoices.ADMIN)
            request.partner_change = "held" if held else "unchanged"
            return None
        if stored == PublicationStatusChoices.REJECTED:  # corrected: back to the review queue
            obj.publication_status, obj.review_note = PublicationStatusChoices.DRAFT, ""
        return super().save_model(request, obj, form, change)

    def form_cells(self, resource, obj, form):
        """The form's changes as the import cells the pending change keeps: the key, then each changed field."""
        cells = {}
        keys = set(resource.get_import_id_fields())
        for name, field in resource.fields.items():
            if field.readonly or not (name in keys or field.attribute in form.changed_data):
                continue
            if isinstance(field.widget, ManyNaturalKeysWidget):
                items = form.cleaned_data[field.attribute]
                cells[name] = f" {field.widget.SEPARATOR} ".join(field.widget.item_widget.render(i) for i in items)
            else:
                cells[name] = text(field.export(obj))
        return cells

    def save_related(self, request, form, formsets, change):
        if getattr(request, "partner_change", None) is None:
            super().save_related(request, form, formsets, change)

    def log_change(self, request, obj, message):
        if getattr(request, "partner_change", None) is None:
            return super().log_change(request, obj, message)
        return None

    def response_change(self, request, obj):
        outcome = getattr(request, "partner_change", None)
        if outcome is None:
            return super().response_change(request, obj)
        if outcome == "held":
            message = _("Your change awaits a curator's review; until then the public sees the published version.")
        else:
            message = _("Nothing was changed.")
        self.message_user(request, message, messages.SUCCESS if outcome == "held" else messages.INFO)
        opts = self.model._meta
        return HttpResponseRedirect(reverse(f"admin:{opts.app_label}_{opts.model_name}_change", args=[obj.pk]))
