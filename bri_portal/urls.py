from django.conf.urls.i18n import i18n_patterns
from django.contrib import admin
from django.contrib.auth import views as auth_views
from django.urls import include, path, reverse_lazy
from django.utils.translation import gettext_lazy as _

from accounts.review import queue_view
from core.notices.views import email_setting_view, notices_view
from core.routing import remembering
from portal.views import robots
from releases.views import catalogue

from .health import healthz

admin.site.site_header = _("BRI Cooperation Portal")
admin.site.site_title = _("BRI Cooperation Portal administration")
admin.site.index_title = _("Curate the portal's records")

# Each resolver remembers the view each address resolved to (core/routing.py).
urlpatterns = remembering(
    [
        path("healthz", healthz, name="healthz"),
        path("i18n/", include("django.conf.urls.i18n")),
        path("", include("portal.sitemaps")),
        path("robots.txt", robots, name="robots"),
        path("catalogue.<str:extension>", catalogue, name="catalogue"),  # DCAT-AP: catalogue.ttl, catalogue.jsonld
        path("api/v1/", include("api.urls")),
    ]
)
urlpatterns += remembering(
    i18n_patterns(
        path("admin/review/", admin.site.admin_view(queue_view), name="review_queue"),
        path("admin/notices/", admin.site.admin_view(notices_view), name="notices"),
        path("admin/notices/email/", admin.site.admin_view(email_setting_view), name="notice_email_setting"),
        # Where an invited partner chooses a password (the link in the invitation; Django's reset tokens).
        path(
            "admin/password/set/<uidb64>/<token>/",
            auth_views.PasswordResetConfirmView.as_view(success_url=reverse_lazy("password_reset_complete")),
            name="password_reset_confirm",
        ),
        path(
            "admin/password/set/done/", auth_views.PasswordResetCompleteView.as_view(), name="password_reset_complete"
        ),
        path("admin/", admin.site.urls),
        path("data/", include("imports.urls")),
        path("", include("releases.urls")),
        path("", include("portal.urls")),
        path("", include("alliances.urls")),
        path("", include("cooperation.urls")),
        path("", include("trade.urls")),
    )
)
