"""Institutions, alliances, their figures and memberships; gathered under /api/v1/ by api/urls.py."""

from core.api.routers import PortalRouter

from . import views

router = PortalRouter()
router.register("institutions", views.InstitutionViewSet)
router.register("alliances", views.AllianceViewSet)
router.register("alliance-figures", views.AllianceFigureViewSet)
router.register("memberships", views.MembershipViewSet)
