"""/api/v1/releases/."""

from core.api.routers import PortalRouter

from . import views

router = PortalRouter()
router.register("releases", views.ReleaseViewSet, basename="release")
