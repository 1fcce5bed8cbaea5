"""The admin's list of a user's notices (marked read when seen) and the switch for e-mails."""

from django.contrib import admin
from django.http import HttpResponseRedirect
from django.template.response import TemplateResponse
from django.utils import timezone
from django.utils.translation import gettext as _
from django.views.decorators.http import require_POST

from .models import Notice, NoticeSettings
from .service import language_of, render

SHOWN = 100


def notices_view(request):
    notices = list(Notice.objects.filter(user=request.user)[:SHOWN])
    for notice in notices:
        notice.subject, notice.body = render(notice)
    Notice.objects.filter(user=request.user, read_at__isnull=True).update(read_at=timezone.now())
    choice = NoticeSettings.objects.filter(user=request.user).first()
    context = {
        **admin.site.each_context(request),
        "title": _("Notices"),
        "notices": notices,
        "email_on": choice is None or choice.email,
        "email_language": language_of(request.user),
    }
    return TemplateResponse(request, "admin/notices/list.html", context)


@require_POST
def email_setting_view(request):
    settings_row, _created = NoticeSettings.objects.get_or_create(
        user=request.user, defaults={"language": request.LANGUAGE_CODE}
    )
    settings_row.email = request.POST.get("email") == "on"
    settings_row.save(update_fields=["email"])
    return HttpResponseRedirect(request.POST.get("next") or "../")
