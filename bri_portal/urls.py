from django.conf.urls.i18n import i18n_patterns
from django.contrib import admin
from django.urls import include, path
from django.utils.translation import gettext_lazy as _

from accounts.review import queue_view
from core.notices.views import email_setting_view, notices_view
from portal.views import robots

from .health import healthz

admin.site.site_header = _("BRI Cooperation Portal")
admin.site.site_title = _("BRI Cooperation Portal administration")
admin.site.index_title = _("Curate the portal's records")

urlpatterns = [
    path("healthz", healthz, name="healthz"),
    path("i18n/", include("django.conf.urls.i18n")),
    path("", include("portal.sitemaps")),
    path("robots.txt", robots, name="robots"),
    path("api/v1/", include("api.urls")),
]
urlpatterns += i18n_patterns(
    path("admin/review/", admin.site.admin_view(queue_view), name="review_queue"),
    path("admin/notices/", admin.site.admin_view(notices_view), name="notices"),
    path("admin/notices/email/", admin.site.admin_view(email_setting_view), name="notice_email_setting"),
    path("admin/", admin.site.urls),
    path("data/", include("imports.urls")),
    path("", include("portal.urls")),
    path("", include("alliances.urls")),
    path("", include("cooperation.urls")),
    path("", include("trade.urls")),
)
