"""Cooperation modes and sub-forms, projects, problems, recommendations and milestones; under /api/v1/."""

from core.api.routers import PortalRouter

from . import views

router = PortalRouter()
router.register("cooperation-modes", views.CooperationModeViewSet)
router.register("cooperation-forms", views.CooperationFormViewSet)
router.register("projects", views.CooperationProjectViewSet)
router.register("problems", views.PolicyProblemViewSet)
router.register("recommendations", views.RecommendationViewSet)
router.register("milestones", views.PartnershipMilestoneViewSet)
