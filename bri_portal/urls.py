from django.conf.urls.i18n import i18n_patterns
from django.contrib import admin
from django.urls import include, path
from django.utils.translation import gettext_lazy as _
from django.views.generic import RedirectView

admin.site.site_header = _("BRI Cooperation Portal")
admin.site.site_title = _("BRI Cooperation Portal administration")
admin.site.index_title = _("Curate the portal's records")

urlpatterns = [
    path("i18n/", include("django.conf.urls.i18n")),
    path("api/v1/", include("api.urls")),
]
urlpatterns += i18n_patterns(
    path("admin/", admin.site.urls),
    path("data/", include("imports.urls")),
    path("", RedirectView.as_view(pattern_name="admin:index", permanent=False)),
)
