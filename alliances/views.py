"""Public pages of the alliances and the institutions in them."""

from django.db.models import Count, Exists, OuterRef, Prefetch, Subquery
from django.db.models.functions import Coalesce
from django.shortcuts import get_object_or_404, render
from django.urls import reverse
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy
from django.views.decorators.http import require_safe

from core.cache import public_page
from core.charts import chart_locale, citation
from core.lists import FilteredListView, countries_as_choices
from reference.models import Country

from .filtersets import AllianceFilterSet, InstitutionFilterSet
from .models import Alliance, AllianceFigure, Institution, Membership

MEMBERS_SHOWN_PER_COUNTRY = 12
PROJECTS_SHOWN = 50


def published_figures():
    # The few sources once each (prefetched), not one copy per row (their summaries are long).
    return AllianceFigure.objects.public().select_related("country").prefetch_related("source")


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

    def get_base_queryset(self):
        listed = (
            Membership.objects.public()
            .filter(alliance=OuterRef("pk"))
            .order_by()
            .values("alliance")
            .annotate(n=Count("pk"))
            .values("n")
        )
        return super().get_base_queryset().annotate(listed_members=Coalesce(Subquery(listed), 0))

    def member_country_choices(self):
        # Nested rather than joined, so that every database walks it from the country's institutions.
        memberships = Membership.objects.public().filter(institution=OuterRef("pk"))
        institutions = Institution.objects.public().filter(Exists(memberships), country=OuterRef("pk"))
        countries = Country.objects.filter(Exists(institutions))
        return countries_as_choices(countries)


class MembersByCountry:
    """An alliance's members by country: the counts the sources report and the members listed here.

    The reported counts are the alliance's per-country figures (the latest for each country);
    the listed ones count the published memberships. The chart and its table show both.
    """

    def __init__(self, alliance):
        self.alliance = alliance
        self.figures = list(published_figures().filter(alliance=alliance))
        self.memberships = list(
            alliance.memberships.public().select_related("institution__country").prefetch_related("source")
        )
        countries = {}
        for figure in sorted(self.figures, key=AllianceFigure.recency_key):
            if figure.country_id:
                countries.setdefault(figure.country_id, {"country": figure.country, "members": []})["figure"] = figure
        self.unplaced = []
        for membership in self.memberships:
            country = membership.institution.country
            if country is None:
                self.unplaced.append(membership.institution)
                continue
            countries.setdefault(country.pk, {"country": country, "members": []})["members"].append(
                membership.institution
            )
        for group in countries.values():
            group.setdefault("figure", None)
            group["members"].sort(key=lambda institution: institution.name)
            group["shown"] = group["members"][:MEMBERS_SHOWN_PER_COUNTRY]
            group["more"] = len(group["members"]) - len(group["shown"])
        self.groups = sorted(countries.values(), key=lambda group: (-self.size(group), group["country"].name))

    @staticmethod
    def size(group):
        reported = group["figure"].member_count if group["figure"] else None
        return max(len(group["members"]), reported or 0)

    @property
    def headline(self):
        return [figure for figure in self.figures if figure.country_id is None]

    @property
    def title(self):
        return _("Members of %(alliance)s by country") % {"alliance": self.alliance.name}

    def chart(self):
        categories = [group["country"].name for group in self.groups]
        return {
            "kind": "bar",
            "title": self.title,
            "unit": _("number of universities"),
            "categories": categories,
            "series": [
                {
                    "name": _("Reported by the source"),
                    "data": [group["figure"].member_count if group["figure"] else None for group in self.groups],
                },
                {"name": _("Listed in the portal"), "data": [len(group["members"]) for group in self.groups]},
            ],
            "locale": chart_locale(),
        }

    def records(self):
        """The records the chart shows, for its citation."""
        return [self.alliance, *self.figures, *self.memberships]


def alliance_context(request, slug):
    alliance = get_object_or_404(Alliance.objects.public().select_related("initiator", "source"), slug=slug)
    members = MembersByCountry(alliance)
    path = reverse("alliances:alliance_detail", args=[alliance.slug])
    return {
        "alliance": alliance,
        "members": members,
        "chart": members.chart() if members.groups else None,
        "cite": citation(request, members.title, path, members.records()),
        "embed_url": request.build_absolute_uri(reverse("portal:embed_alliance", args=[alliance.slug])),
    }


@require_safe
@public_page
def alliance_detail(request, slug):
    context = alliance_context(request, slug)
    alliance = context["alliance"]
    context["latest"] = max(context["members"].headline, key=AllianceFigure.recency_key, default=None)
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
