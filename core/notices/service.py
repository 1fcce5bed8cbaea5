"""Tell a user something: an in-app notice, and an e-mail in their language unless they turned e-mails off.

Notices keep their parameters, not their text: the list shows each in the reader's language of the
moment, and the e-mail is written in the language of the recipient's settings (the language they last
worked in when they have none), whoever triggered it.
"""

import logging

from django.conf import settings
from django.core.mail import send_mail
from django.utils import translation
from django.utils.translation import gettext as _
from django.utils.translation import ngettext

from .models import Notice, NoticeSettings

logger = logging.getLogger(__name__)


def texts():
    """Subject and body of each kind, in the active language."""
    return {
        "preview_ready": (
            _("Your import is ready to confirm: %(file)s"),
            _("The check of %(file)s (%(model)s) is done: %(summary)s Open the job to confirm the import."),
        ),
        "job_completed": (
            _("Import completed: %(file)s"),
            _("%(file)s was imported into %(model)s: %(summary)s"),
        ),
        "job_failed": (
            _("Import failed: %(file)s"),
            _("%(file)s was not imported into %(model)s; nothing was written. %(reason)s"),
        ),
        "change_accepted": (
            _("Your change was accepted: %(record)s"),
            _("A curator accepted your change to %(record)s (%(model)s); the public now sees it."),
        ),
        "change_rejected": (
            _("Your change was rejected: %(record)s"),
            _("A curator rejected your change to %(record)s (%(model)s); the published version stays. %(reason)s"),
        ),
    }


def render(notice):
    """(subject, body) of a notice in the active language."""
    params = notice.params
    if notice.kind in ("records_published", "records_rejected"):
        count = params.get("count", 0)
        if notice.kind == "records_published":
            subject = ngettext("%(count)d record published", "%(count)d records published", count) % params
            body = (
                ngettext(
                    "A curator published %(count)d of your %(model)s.",
                    "A curator published %(count)d of your %(model)s.",
                    count,
                )
                % params
            )
        else:
            subject = ngettext("%(count)d record rejected", "%(count)d records rejected", count) % params
            body = (
                ngettext(
                    "A curator rejected %(count)d of your %(model)s: %(reason)s",
                    "A curator rejected %(count)d of your %(model)s: %(reason)s",
                    count,
                )
                % params
            )
        return subject, body
    subject, body = texts().get(notice.kind, ("%(kind)s", "%(kind)s"))
    values = {"kind": notice.kind, "file": "", "model": "", "summary": "", "reason": "", "record": "", **params}
    return subject % values, body % values


def language_of(user):
    found = NoticeSettings.objects.filter(user=user).values_list("language", flat=True).first()
    return found or settings.LANGUAGE_CODE


def remember_language(user, language):
    """The language a user works in, for their e-mails, unless they chose one already."""
    if getattr(user, "pk", None) and language:
        NoticeSettings.objects.get_or_create(
            user=user, defaults={"language": translation.get_supported_language_variant(language)}
        )


def wants_email(user):
    return bool(user.email) and NoticeSettings.objects.filter(user=user, email=False).first() is None


def notify(user, kind, params, url=""):
    """Store a notice for ``user`` and e-mail it in their language. ``params`` hold no secrets: names and counts."""
    if not getattr(user, "pk", None):
        return None
    notice = Notice.objects.create(user=user, kind=kind, params=params, url=url)
    if wants_email(user):
        with translation.override(language_of(user)):
            subject, body = render(notice)
            link = f"\n\n{settings.PORTAL_BASE_URL.rstrip('/')}{url}" if url else ""
        try:
            send_mail(subject, body + link, None, [user.email])
        except OSError:  # the mail server is down: the notice in the admin stays
            logger.warning("Could not e-mail notice %s to user %s", notice.pk, user.pk)
    return notice


def unread_count(user):
    return Notice.objects.filter(user=user, read_at__isnull=True).count() if getattr(user, "pk", None) else 0
