"""Public pages of the alliances and the institutions in them."""

from django.db.models import Count, Exists, OuterRef, Prefetch
from django.shortcuts import get_object_or_404, render
from django.utils.translation import gettext_lazy
from django.views.decorators.http import require_safe

from core.cache import once_per_version, public_page
from core.lists import FilteredListView, countries_as_choices
from reference.models import Country

from .filtersets import AllianceFilterSet, InstitutionFilterSet
from .maps import alliance_map
from .models import Alliance, AllianceFigure, Institution, Membership
from .selections import alliance_context, published_figures

PROJECTS_SHOWN = 50


def listed_members():
    """{alliance id: its public memberships}, counted once per version of the records, in one statement for
    every alliance (counted alliance by alliance in the list's statement, PostgreSQL read the institutions'
    primary-key index afresh for each: 21 ms for 20 alliances)."""
    return dict(Membership.objects.public().order_by().values_list("alliance").annotate(n=Count("pk")))


class AllianceListView(FilteredListView):
    title = gettext_lazy("University alliances")
    description = gettext_lazy(
        "The university alliances of the Belt and Road: founding year and city, initiator, and the members and "
        "countries they report, with sources."
    )
    filterset_class = AllianceFilterSet
    filter_fields = ("q", "member_country")
    template_name = "alliances/alliance_list.html"
    select_related = ("initiator", "source")
    prefetch_related = (Prefetch("figures", queryset=published_figures()),)

    def get_context_data(self, **kwargs):
        context = super().get_context_data(**kwargs)
        listed = once_per_version(("listed members",), listed_members)
        for alliance in context["object_list"]:
            alliance.listed_members = listed.get(alliance.pk, 0)
        return context

    def member_country_choices(self):
        # Nested rather than joined, so that every database walks it from the country's institutions.
        memberships = Membership.objects.public().filter(institution=OuterRef("pk"))
        institutions = Institution.objects.public().filter(Exists(memberships), country=OuterRef("pk"))
        countries = Country.objects.filter(Exists(institutions))
        return countries_as_choices(countries)


@require_safe
@public_page
def alliance_detail(request, slug):
    context = alliance_context(request, slug)
    alliance = context["alliance"]
    context["latest"] = max(context["members"].headline, key=AllianceFigure.recency_key, default=None)
    context["map"] = alliance_map(request, context["members"])
    context["initiator_public"] = bool(alliance.initiator and alliance.initiator.publication_status == "published")
    return render(request, "alliances/alliance_detail.html", context)


class InstitutionListView(FilteredListView):
    title = gettext_lazy("Institutions")
    description = gettext_lazy(
        "Universities, enterprises, research institutes and other bodies in Belt and Road cooperation, "
        "by country, kind and alliance."
    )
    filterset_class = InstitutionFilterSet
    filter_fields = ("q", "country", "kind", "alliance")
    template_name = "alliances/institution_list.html"
    select_related = ("country",)

    def country_choices(self):
        institutions = Institution.objects.public().filter(country=OuterRef("pk"))
        return countries_as_choices(Country.objects.filter(Exists(institutions)))

    def alliance_choices(self):
        return [(alliance.slug, alliance.name) for alliance in Alliance.objects.public()]


@require_safe
@public_page
def institution_detail(request, slug):
    institution = get_object_or_404(Institution.objects.public().select_related("country", "source"), slug=slug)
    memberships = institution.memberships.public().select_related("alliance", "source")
    participations = (
        institution.participations.public()
        .select_related("project__mode", "source")
        .order_by("project__start_year", "project__slug")
    )
    shown = list(participations[:PROJECTS_SHOWN])
    context = {
        "institution": institution,
        "memberships": list(memberships),
        "initiated": list(institution.initiated_alliances.public()),
        "participations": shown,
        "participation_count": len(shown) if len(shown) < PROJECTS_SHOWN else participations.count(),
    }
    return render(request, "alliances/institution_detail.html", context)
