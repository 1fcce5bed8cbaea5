"""Countries and sources; gathered with every app's router under /api/v1/ by api/urls.py."""

from core.api.routers import PortalRouter

from . import views

router = PortalRouter()
router.register("countries", views.CountryViewSet)
router.register("sources", views.SourceViewSet)
router.register("country-groups", views.CountryGroupViewSet)
