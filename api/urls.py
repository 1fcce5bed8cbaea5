"""/api/v1/: every app's endpoints under one browsable root, the OpenAPI schema and its documentation."""

from importlib import import_module

from django.urls import include, path
from drf_spectacular.views import SpectacularAPIView, SpectacularSwaggerSplitView

from api.workbook import WorkbookView
from core.api.routers import PortalRouter
from core.jobs.api import CancelJobView, JobView
from core.registry import domain_apps

# The domain apps' endpoints, and the releases of their data.
APPS = (*domain_apps(), "releases")

router = PortalRouter()
for app in APPS:
    router.extend(import_module(f"{app}.api.urls").router)

app_name = "api"
urlpatterns = [
    path("schema/", SpectacularAPIView.as_view(), name="schema"),
    # The split view serves Swagger UI's start-up script from a URL: the CSP allows no inline script.
    path(
        "docs/",
        SpectacularSwaggerSplitView.as_view(url_name="api:schema", template_name="api/swagger_ui.html"),
        name="docs",
    ),
    path("workbook/", WorkbookView.as_view(), name="workbook"),
    path("jobs/<uuid:pk>/", JobView.as_view(), name="job"),
    path("jobs/<uuid:pk>/cancel/", CancelJobView.as_view(), name="job_cancel"),
    path("", include(router.urls)),
]  # any other address under /api/ is answered in JSON by api.middleware
