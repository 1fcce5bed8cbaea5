"""Partners' pending changes in the review: listed with their diff, accepted or rejected one by one or in bulk.

The queue page (``accounts.review``) and the admin's *Pending changes* list both decide through
``decide_changes``: it accepts or rejects each change with the service of ``core.imports.pending`` (an
accepted change is the curator's import of its row, so the record's history says who accepted whose
change), and tells each partner. Who sees which change is ``PendingChange.objects.visible_to(user)``.
"""

from django import forms
from django.contrib import admin, messages
from django.contrib.admin.helpers import ActionForm
from django.contrib.auth import get_user_model
from django.template.loader import render_to_string
from django.urls import NoReverseMatch, reverse
from django.utils.html import format_html
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy, ngettext

from core.choices import PendingStateChoices
from core.imports.pending import ChangeRefused, accept, reject, with_diffs
from core.notices.service import notify
from core.pending import PendingChange
from core.roles import may_review, partner_profile_of

ACCEPT, REJECT = "accept", "reject"


def open_changes(user, model_label="", organisation=""):
    """The open changes ``user`` may see, oldest first; of one model (``app.model``) or organisation if given."""
    changes = PendingChange.objects.visible_to(user).open().select_related("content_type", "submitted_by")
    if model_label:
        app_label, _sep, model_name = model_label.partition(".")
        changes = changes.filter(content_type__app_label=app_label, content_type__model=model_name)
    if organisation:
        changes = changes.filter(organisation=organisation)
    return changes.order_by("created_at", "pk")


def decide_changes(request, changes, action, reason="", anyway=False):
    """Accept or reject ``changes`` as the signed-in curator; a message per refusal, one for the count."""
    if not may_review(request.user):
        return 0
    done = 0
    for change in changes:
        try:
            if action == ACCEPT:
                accept(change, request.user, anyway=anyway)
            else:
                reject(change, request.user, reason)
        except ChangeRefused as refusal:
            messages.error(request, _("%(change)s: %(reason)s") % {"change": change, "reason": refusal})
            continue
        done += 1
        tell_partner(change, action, reason)
    if action == ACCEPT:
        message = ngettext("%d change accepted.", "%d changes accepted.", done) % done
    else:
        message = ngettext("%d change rejected.", "%d changes rejected.", done) % done
    messages.success(request, message)
    return done


def tell_partner(change, action, reason):
    partner = get_user_model().objects.filter(pk=change.submitted_by_id).first()
    if partner is not None:
        params = {"record": str(change.record or change), "model": str(change.model._meta.verbose_name)}
        notify(partner, f"change_{'accepted' if action == ACCEPT else 'rejected'}", {**params, "reason": reason})


def record_url(change):
    try:
        content_type = change.content_type
        return reverse(f"admin:{content_type.app_label}_{content_type.model}_change", args=[change.object_id])
    except NoReverseMatch:
        return ""


class ReviewActionForm(ActionForm):
    """The changelist's action bar, with the reason a rejection needs and the choice to accept a stale change."""

    reason = forms.CharField(label=gettext_lazy("Reason for a rejection (the partner reads it)"), required=False)
    anyway = forms.BooleanField(label=gettext_lazy("Accept even if the record changed since"), required=False)


@admin.action(description=gettext_lazy("Accept the selected changes"), permissions=["review"])
def accept_selected(modeladmin, request, queryset):
    decide_changes(request, queryset.open(), ACCEPT, anyway=request.POST.get("anyway") == "on")


@admin.action(description=gettext_lazy("Reject the selected changes (give the reason)"), permissions=["review"])
def reject_selected(modeladmin, request, queryset):
    reason = request.POST.get("reason", "").strip()
    if not reason:
        modeladmin.message_user(request, _("Give the reason for the rejection: the partner reads it."), messages.ERROR)
        return
    decide_changes(request, queryset.open(), REJECT, reason)


@admin.register(PendingChange)
class PendingChangeAdmin(admin.ModelAdmin):
    """Curators see and decide every pending change; a partner sees their organisation's, and decides none."""

    list_display = ["__str__", "record_link", "organisation_name", "submitted_by", "via", "state", "created_at"]
    list_filter = ["state", "via", ("content_type", admin.RelatedOnlyFieldListFilter)]
    list_select_related = [
        "content_type",
        "submitted_by__partner_profile__institution",
        "submitted_by__partner_profile__alliance",
    ]
    fields = ["record_link", "submitted_by", "via", "import_id", "state", "created_at", "diff", "reason", "decided_by"]
    readonly_fields = fields
    actions = [accept_selected, reject_selected]
    action_form = ReviewActionForm
    list_per_page = 50

    def get_queryset(self, request):
        return super().get_queryset(request).visible_to(request.user)

    def has_module_permission(self, request):
        return self.has_view_permission(request)

    def has_view_permission(self, request, obj=None):
        return may_review(request.user) or partner_profile_of(request.user) is not None

    def has_review_permission(self, request):
        return may_review(request.user)

    def has_add_permission(self, request):
        return False

    def has_change_permission(self, request, obj=None):
        return False

    def has_delete_permission(self, request, obj=None):
        return False

    @admin.display(description=gettext_lazy("record"))
    def record_link(self, change):
        url = record_url(change)
        label = str(change.record or change)
        return format_html('<a href="{}">{}</a>', url, label) if url else label

    @admin.display(description=gettext_lazy("organisation"))
    def organisation_name(self, change):
        profile = getattr(change.submitted_by, "partner_profile", None)
        return profile.organisation if profile else "—"

    @admin.display(description=gettext_lazy("changes"))
    def diff(self, change):
        if change.state != PendingStateChoices.PENDING:
            return format_html("{}", _("Decided: the diff is against the live record only while the change waits."))
        with_diffs([change])
        return render_to_string("admin/review/diff.html", {"change": change})
