"""The curators' review queue: the drafts partners submitted, to publish or to reject with a reason, and
partners' pending changes to published records, each shown as a diff, to accept or reject (``accounts.pending``).

A submission is a draft of a model open to partners (``PARTNER_IMPORT_MODELS``) that a partner
changed: its history names the partner, and so their organisation. Whichever way the partner
wrote it (admin import, API), the record's own fields carry the outcome: publishing sets it
``published``; rejecting sets it ``rejected`` with a ``review_note`` that the partner reads on
the record in the admin and in the API, and that the public never sees (only published records
are public). A partner who corrects a rejected record sends it back to draft, and so to the queue.

The page runs a fixed number of queries per model, however many drafts wait.
"""

from django.apps import apps
from django.conf import settings
from django.contrib import admin, messages
from django.contrib.auth import get_user_model
from django.core.exceptions import PermissionDenied
from django.db.models import OuterRef, Subquery
from django.http import HttpResponseRedirect
from django.template.response import TemplateResponse
from django.utils.text import capfirst
from django.utils.translation import gettext as _
from django.utils.translation import ngettext

from core.admin import admin_history_context, set_publication_status, warn_of_unpublished_sources
from core.choices import PublicationStatusChoices
from core.imports.pending import with_diffs
from core.notices.service import notify
from core.pending import organisation_key
from core.registry import domain_apps
from core.roles import may_review
from reference.models import Source

from .models import PartnerProfile
from .pending import ACCEPT, REJECT, decide_changes, open_changes

QUEUE_LIMIT = 500  # rows shown per model; the rest wait for the next page load


def partner_models():
    """The models partners keep (``PARTNER_IMPORT_MODELS``)."""
    return [apps.get_model(label) for label in settings.PARTNER_IMPORT_MODELS]


def queue_models():
    """Every model with drafts to review: partners' submissions, and drafts curators left (an API write
    without a status), so that no draft waits where no queue lists it."""
    return [
        model
        for label in domain_apps()
        for model in apps.get_app_config(label).get_models()
        if hasattr(model, "publication_status") and hasattr(model, "history")  # not the historical copies
    ]


def partner_users(organisation=None):
    """The ids of partner users, of one organisation (``institution:<id>`` or ``alliance:<id>``) if given."""
    profiles = PartnerProfile.objects.all()
    if organisation:
        kind, _sep, pk = organisation.partition(":")
        if kind not in ("institution", "alliance") or not pk.isdigit():
            return PartnerProfile.objects.none().values("user_id")
        profiles = profiles.filter(**{f"{kind}_id": pk})
    return profiles.values("user_id")


def submissions(model, organisation=None):
    """The drafts of ``model`` with the latest change's user and date; of one organisation's partners if given."""
    latest = model.history.model.objects.filter(id=OuterRef("pk")).order_by("-history_date", "-history_id")
    related = [f.name for f in model._meta.concrete_fields if f.is_relation]
    drafts = model._default_manager.filter(publication_status=PublicationStatusChoices.DRAFT).annotate(
        submitted_by_id=Subquery(latest.values("history_user_id")[:1]),
        submitted_at=Subquery(latest.values("history_date")[:1]),
    )
    if organisation:
        drafts = drafts.filter(submitted_by_id__in=partner_users(organisation))
    return drafts.select_related(*related).order_by("submitted_at", "pk")


def queue_view(request):
    """The queue, filterable by organisation and model; POST publishes or rejects the selected records."""
    if not may_review(request.user):
        raise PermissionDenied
    models = {model._meta.label_lower: model for model in queue_models()}
    chosen = request.GET.get("model", "")
    organisation = request.GET.get("organisation", "")
    if request.method == "POST":
        decide(request, models)
        return HttpResponseRedirect(request.get_full_path())
    changes = with_diffs(open_changes(request.user, chosen, organisation)[:QUEUE_LIMIT])
    groups, submitter_ids = [], set()
    for label, model in models.items():
        if chosen and label != chosen:
            continue
        rows = list(submissions(model, organisation)[: QUEUE_LIMIT + 1])
        submitter_ids.update(row.submitted_by_id for row in rows)
        groups.append(
            {"label": label, "opts": model._meta, "rows": rows[:QUEUE_LIMIT], "more": len(rows) > QUEUE_LIMIT}
        )
    profiles = {
        p.user_id: p
        for p in PartnerProfile.objects.filter(user_id__in=submitter_ids).select_related(
            "user", "institution", "alliance"
        )
    }
    for group in groups:
        for row in group["rows"]:
            row.profile = profiles.get(row.submitted_by_id)
    all_profiles = PartnerProfile.objects.select_related("institution", "alliance").order_by("institution", "alliance")
    organisations = {organisation_key(p): str(p.organisation) for p in all_profiles}
    context = {
        **admin.site.each_context(request),
        "title": _("Review queue"),
        "groups": groups,
        "changes": changes,
        "models": [(label, capfirst(model._meta.verbose_name_plural)) for label, model in models.items()],
        "chosen_model": chosen,
        "organisations": sorted(organisations.items(), key=lambda item: item[1]),
        "chosen_organisation": organisation,
        "limit": QUEUE_LIMIT,
    }
    return TemplateResponse(request, "admin/review/queue.html", context)


def decide(request, models):
    """Publish or reject the selected submissions (``<model label>:<pk>``) and accept or reject the selected
    pending changes (``pending:<pk>``); a rejection needs a reason."""
    action = request.POST.get("action")
    reason = request.POST.get("reason", "").strip()
    if action not in ("publish", "reject"):
        messages.error(request, _("Choose whether to publish or to reject the selected records."))
        return
    if action == "reject" and not reason:
        messages.error(request, _("Give the reason for the rejection: the partner reads it."))
        return
    chosen, change_ids = {}, []
    for item in request.POST.getlist("selected"):
        label, _sep, pk = item.rpartition(":")
        if label == "pending" and pk.isdigit():
            change_ids.append(int(pk))
        elif label in models and pk.isdigit():
            chosen.setdefault(label, []).append(int(pk))
    if change_ids:
        changes = open_changes(request.user).filter(pk__in=change_ids)
        anyway = request.POST.get("anyway") == "on"
        decide_changes(request, changes, ACCEPT if action == "publish" else REJECT, reason, anyway)
    if not chosen:
        return
    status = PublicationStatusChoices.PUBLISHED if action == "publish" else PublicationStatusChoices.REJECTED
    changed = 0
    with admin_history_context(request):
        # Sources first: a record chosen with the draft source it cites is published with it.
        for label, pks in sorted(chosen.items(), key=lambda item: models[item[0]] is not Source):
            queue = submissions(models[label]).filter(pk__in=pks)
            if action == "publish":
                warn_of_unpublished_sources(request, queue)
            submitters = list(queue.values_list("submitted_by_id", flat=True))
            changed += set_publication_status(queue, status, reason if action == "reject" else "")
            tell_partners(models[label], submitters, action, reason)
    if action == "publish":
        message = ngettext("%d record published.", "%d records published.", changed) % changed
    else:
        message = ngettext("%d record rejected.", "%d records rejected.", changed) % changed
    messages.success(request, message)


def tell_partners(model, submitters, action, reason):
    """Each partner whose submissions were decided gets a notice (and an e-mail in their language)."""
    for user in get_user_model().objects.filter(pk__in=set(submitters)):
        count = submitters.count(user.pk)
        params = {"count": count, "model": str(model._meta.verbose_name_plural), "reason": reason}
        notify(user, f"records_{'published' if action == 'publish' else 'rejected'}", params)
