"""Public pages of cooperation: modes and sub-forms, projects, policy problems, recommendations, milestones."""

from django.db.models import Count, Exists, OuterRef, Prefetch
from django.shortcuts import get_object_or_404, render
from django.utils.translation import gettext_lazy as _
from django.views.decorators.http import require_safe

from alliances.models import Institution
from core.cache import public_page
from core.lists import FilteredListView, countries_as_choices
from reference.models import Country

from .filtersets import CooperationProjectFilterSet, PartnershipMilestoneFilterSet, PolicyProblemFilterSet
from .maps import projects_map
from .models import (
    CooperationForm,
    CooperationMode,
    CooperationProject,
    PartnershipMilestone,
    PolicyProblem,
    ProjectParticipant,
    Recommendation,
)

PUBLIC_PROJECTS = CooperationProject.objects.public_condition("projects__")


@require_safe
@public_page
def mode_list(request):
    """The cooperation modes, each with its sub-forms, explanation and number of projects."""
    forms = CooperationForm.objects.public().annotate(project_count=Count("projects", filter=PUBLIC_PROJECTS))
    modes = (
        CooperationMode.objects.public()
        .select_related("source")
        .annotate(project_count=Count("projects", filter=PUBLIC_PROJECTS))
        .prefetch_related(Prefetch("forms", queryset=forms.select_related("source")))
    )
    other = CooperationProject.objects.public().filter(mode__isnull=True).count()
    context = {"modes": modes, "projects_without_mode": other}
    context["map"] = projects_map(request, CooperationProject.objects.public())
    return render(request, "cooperation/mode_list.html", context)


class ProjectListView(FilteredListView):
    title = _("Cooperation projects")
    description = _(
        "Projects, programmes, events and platforms of Belt and Road cooperation, by mode, sub-form, country, "
        "institution and year."
    )
    filterset_class = CooperationProjectFilterSet
    filter_fields = ("q", "mode", "form", "country", "sector", "kind", "start_year__gte", "start_year__lte")
    filter_labels = {
        "start_year__gte": _("Started in or after"),
        "start_year__lte": _("Started in or before"),
        "institution": _("institution"),
    }
    template_name = "cooperation/project_list.html"
    request_choices = ("institution",)  # the institutions already chosen
    select_related = ("mode", "form")
    prefetch_related = (Prefetch("countries", to_attr="country_list"),)

    def mode_choices(self):
        return [(mode.slug, mode.title) for mode in CooperationMode.objects.public()]

    def form_choices(self):
        forms = CooperationForm.objects.public().select_related("mode")
        return [(form.slug, f"{form.mode.title} — {form.title}") for form in forms]

    def country_choices(self):
        # Nested rather than joined: SQLite, with no statistics, would otherwise read every published
        # project for each country instead of the few linked to it.
        published = CooperationProject.objects.public().filter(pk=OuterRef("cooperationproject_id"))
        linked = CooperationProject.countries.through.objects.filter(Exists(published), country=OuterRef("pk"))
        return countries_as_choices(Country.objects.filter(Exists(linked)))

    def get_context_data(self, **kwargs):
        """The list's map: every project the filters select (not only this page's)."""
        context = super().get_context_data(**kwargs)
        query = self.request.GET.copy()
        query.pop("page", None)
        if not self.filterset.parameter_errors:
            context["map"] = projects_map(self.request, self.filterset.qs, query.urlencode(safe=","))
        return context

    def institution_choices(self):
        """Only the institutions already chosen (from an institution's page): the list is too long for a menu."""
        slugs = self.filterset.data.get("institution", "").split(",")
        return [(item.slug, item.name) for item in Institution.objects.public().filter(slug__in=slugs)]


@require_safe
@public_page
def project_detail(request, slug):
    project = get_object_or_404(CooperationProject.objects.public().select_related("mode", "form", "source"), slug=slug)
    participants = (
        ProjectParticipant.objects.public()
        .filter(project=project)
        .select_related("institution__country")
        .prefetch_related("source")
        .order_by("role", "institution__name_en")
    )
    context = {"project": project, "countries": list(project.countries.all()), "participants": list(participants)}
    return render(request, "cooperation/project_detail.html", context)


def published_recommendations():
    return Recommendation.objects.public().prefetch_related("source")


class ProblemListView(FilteredListView):
    """The policy problems, grouped by scope and category, each with the recommendations answering it."""

    title = _("Policy problems and recommendations")
    description = _(
        "The obstacles to Belt and Road cooperation that the sources name, grouped by scope and category, "
        "each with the recommendations answering it."
    )
    filterset_class = PolicyProblemFilterSet
    filter_fields = ("q", "scope", "category")
    template_name = "cooperation/problem_list.html"
    prefetch_related = (
        "source",
        Prefetch("recommendations", queryset=published_recommendations(), to_attr="answers"),
    )


@require_safe
@public_page
def problem_detail(request, slug):
    problem = get_object_or_404(PolicyProblem.objects.public().select_related("source"), slug=slug)
    context = {"problem": problem, "recommendations": list(published_recommendations().filter(problems=problem))}
    return render(request, "cooperation/problem_detail.html", context)


@require_safe
@public_page
def recommendation_detail(request, slug):
    recommendation = get_object_or_404(published_recommendations(), slug=slug)
    problems = PolicyProblem.objects.public().filter(recommendations=recommendation).select_related("source")
    return render(
        request,
        "cooperation/recommendation_detail.html",
        {"recommendation": recommendation, "problems": list(problems)},
    )


class MilestoneListView(FilteredListView):
    """China's partnership milestones with Belt and Road countries, as a timeline."""

    title = _("Partnership milestones")
    description = _(
        "A timeline of China's partnerships with Belt and Road countries and organisations: joint statements, "
        "agreements and partnership upgrades, with sources."
    )
    filterset_class = PartnershipMilestoneFilterSet
    filter_fields = ("q", "country", "kind", "year__gte", "year__lte")
    filter_labels = {"year__gte": _("From year"), "year__lte": _("To year")}
    template_name = "cooperation/milestone_list.html"
    select_related = ("country",)
    prefetch_related = ("source",)

    def country_choices(self):
        milestones = PartnershipMilestone.objects.public().filter(country=OuterRef("pk"))
        return countries_as_choices(Country.objects.filter(Exists(milestones)))
