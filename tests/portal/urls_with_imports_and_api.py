"""The project's URLs plus the import and API pages other engineers build, to test the links to them."""

from django.conf.urls.i18n import i18n_patterns
from django.http import HttpResponse
from django.urls import include, path

from bri_portal.urls import urlpatterns as project_urlpatterns


def placeholder(request):
    return HttpResponse("placeholder")


imports = (
    [path("templates/", placeholder, name="templates"), path("dictionary/", placeholder, name="dictionary")],
    "imports",
)

urlpatterns = [path("api/v1/docs/", placeholder), *project_urlpatterns]
urlpatterns += i18n_patterns(path("imports/", include(imports)))
