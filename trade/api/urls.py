"""Trade records, indicators and observations, and their chart series; under /api/v1/."""

from core.api.routers import PortalRouter

from . import views

router = PortalRouter()
router.register("trade", views.TradeRecordViewSet)
router.register("indicators", views.IndicatorViewSet)
router.register("observations", views.ObservationViewSet)
