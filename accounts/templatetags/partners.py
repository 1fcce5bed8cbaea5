"""The admin index's panels: what waits for curators, and a partner's home (their records and imports)."""

from django import template
from django.db.models import Count

from core.choices import PendingStateChoices, PublicationStatusChoices
from core.imports.pending import with_diffs
from core.models import ImportRecord
from core.pending import PendingChange
from core.roles import may_review, partner_profile_of

from ..review import partner_models, queue_models, submissions

register = template.Library()


@register.inclusion_tag("admin/partners/review_waiting.html")
def review_waiting(user):
    """For curators: how many partners' submissions wait in the review queue (one count query per model)."""
    if not may_review(user):
        return {"show": False}
    waiting = [(model._meta, submissions(model).count()) for model in queue_models()]
    changes = PendingChange.objects.open().count()
    return {
        "show": True,
        "waiting": [(opts, count) for opts, count in waiting if count],
        "changes": changes,
        "total": sum(n for _o, n in waiting) + changes,
    }


@register.inclusion_tag("admin/partners/home.html")
def partner_home(user):
    """For partners: their organisation's records by status, those rejected with the curator's reason, their
    changes to published records awaiting review and those rejected (with the reason), their latest imports,
    and the templates of what they may import."""
    profile = partner_profile_of(user)
    if profile is None:
        return {"show": False}
    tables, rejected = [], []
    changes = PendingChange.objects.visible_to(user).select_related("content_type")
    for model in partner_models():
        own = model.objects.for_organisation(profile)
        counts = dict(own.values_list("publication_status").annotate(n=Count("pk")).order_by())
        tables.append({"opts": model._meta, "counts": counts, "total": sum(counts.values())})
        rejected += own.filter(publication_status=PublicationStatusChoices.REJECTED).order_by("-updated_at")[:10]
    return {
        "show": True,
        "profile": profile,
        "tables": tables,
        "rejected": rejected[:10],
        "pending": with_diffs(changes.open().order_by("-updated_at")[:10]),
        "pending_count": changes.open().count(),
        "rejected_changes": changes.filter(state=PendingStateChoices.REJECTED).order_by("-decided_at")[:10],
        "imports": ImportRecord.objects.filter(user=user).order_by("-started_at")[:5],
    }
