"""The project's URLs plus a page at /api/v1/docs/, to test the data page's link to the API docs."""

from django.http import HttpResponse
from django.urls import path

from bri_portal.urls import urlpatterns as project_urlpatterns


def placeholder(request):
    return HttpResponse("placeholder")


urlpatterns = [path("api/v1/docs/", placeholder), *project_urlpatterns]
