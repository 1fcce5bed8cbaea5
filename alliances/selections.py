"""What the alliance page and its embed share: the members by country, their chart and citation."""

from django.shortcuts import get_object_or_404
from django.urls import reverse
from django.utils.translation import gettext as _

from core.charts import chart_locale, citation

from .models import Alliance, AllianceFigure

MEMBERS_SHOWN_PER_COUNTRY = 12


def published_figures():
    # Each figure's source in the same statement, without its long fields (summaries, review notes).
    return (
        AllianceFigure.objects.public()
        .select_related("country", "source")
        .defer("source__summary_en", "source__summary_zh", "source__review_note")
    )


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
