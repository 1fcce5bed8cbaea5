"""The public record types: where each one's page is, and how it is found and listed.

One table serves the search, the sources page, the newest records on the home page, the
sitemap and ``record_url``, so a new record type is added to the portal in one place.
"""

from dataclasses import dataclass
from functools import reduce
from operator import or_

from django.db.models import Exists, OuterRef, Q
from django.utils.functional import cached_property

from alliances.filtersets import AllianceFilterSet, InstitutionFilterSet
from alliances.models import Alliance, AllianceFigure, Institution, Membership
from cooperation.filtersets import (
    CooperationFormFilterSet,
    CooperationModeFilterSet,
    CooperationProjectFilterSet,
    PartnershipMilestoneFilterSet,
    PolicyProblemFilterSet,
    RecommendationFilterSet,
)
from cooperation.models import (
    CooperationForm,
    CooperationMode,
    CooperationProject,
    PartnershipMilestone,
    PolicyProblem,
    ProjectParticipant,
    Recommendation,
)
from core.links import link
from reference.filtersets import CountryFilterSet, SourceFilterSet
from reference.models import Country, Source
from trade.filtersets import IndicatorFilterSet
from trade.models import Indicator, Observation, TradeRecord


@dataclass(frozen=True)
class RecordType:
    """A kind of record the public sees."""

    key: str
    model: type
    filterset: type | None = None
    list_url: str = ""  # the list page that takes the filterset's parameters, if any
    select_related: tuple = ()
    searchable: bool = True
    in_sitemap: bool = True
    # Records shown with another record appear only if that one is public too.
    requires: tuple = ()

    @property
    def label(self):
        return self.model._meta.verbose_name_plural

    @cached_property
    def search_fields(self):
        return tuple(name for name in self.filterset.search_fields if name != "slug") if self.filterset else ()

    def public(self):
        """The records the public may see, with what their links and labels need."""
        manager = self.model.objects
        queryset = manager.published() if hasattr(self.model, "publication_status") else manager.all()
        if self.model is Country:
            queryset = countries_with_records(queryset)
        published = {f"{name}__publication_status": "published" for name in self.requires}
        return queryset.filter(**published).select_related(*self.select_related)


# Pages of their own, in the order search results are shown.
RECORD_TYPES = (
    RecordType("alliance", Alliance, AllianceFilterSet, "alliances:alliance_list"),
    RecordType("institution", Institution, InstitutionFilterSet, "alliances:institution_list", ("country",)),
    RecordType("project", CooperationProject, CooperationProjectFilterSet, "cooperation:project_list"),
    RecordType("mode", CooperationMode, CooperationModeFilterSet, in_sitemap=False),
    RecordType("form", CooperationForm, CooperationFormFilterSet, in_sitemap=False, requires=("mode",)),
    RecordType("problem", PolicyProblem, PolicyProblemFilterSet, "cooperation:problem_list"),
    RecordType("recommendation", Recommendation, RecommendationFilterSet),
    RecordType("milestone", PartnershipMilestone, PartnershipMilestoneFilterSet, in_sitemap=False),
    RecordType("indicator", Indicator, IndicatorFilterSet),
    RecordType("country", Country, CountryFilterSet, "portal:country_list"),
    RecordType("source", Source, SourceFilterSet, "portal:source_list"),
)
# Everything that cites a source; the last ones are shown on the pages of others, never searched.
CITED_TYPES = RECORD_TYPES[:-2] + tuple(
    RecordType(key, model, select_related=related, requires=requires, searchable=False, in_sitemap=False)
    for key, model, related, requires in (
        ("figure", AllianceFigure, ("alliance",), ("alliance",)),
        ("membership", Membership, ("institution", "alliance"), ("institution", "alliance")),
        ("participant", ProjectParticipant, ("institution", "project"), ("institution", "project")),
        ("observation", Observation, ("indicator", "country"), ("indicator",)),
        ("trade", TradeRecord, ("reporter", "partner"), ()),
    )
)
BY_MODEL = {record_type.model: record_type for record_type in RECORD_TYPES + CITED_TYPES}
BY_KEY = {record_type.key: record_type for record_type in RECORD_TYPES + CITED_TYPES}


def record_kinds():
    """For a country: does a published record of each kind name it?"""
    published = {"publication_status": "published"}
    country = OuterRef("pk")
    through = CooperationProject.countries.through
    # Nested rather than joined, so that every database walks it from the country (see the project list).
    published_project = CooperationProject.objects.filter(pk=OuterRef("cooperationproject_id"), **published)
    return {
        "has_institutions": Exists(Institution.objects.filter(country=country, **published)),
        "has_projects": Exists(through.objects.filter(Exists(published_project), country=country)),
        "has_milestones": Exists(PartnershipMilestone.objects.filter(country=country, **published)),
        "has_trade": Exists(TradeRecord.objects.filter(partner=country, **published)),
        "has_observations": Exists(Observation.objects.filter(country=country, **published)),
        "has_alliance_figures": Exists(AllianceFigure.objects.filter(country=country, **published)),
    }


STATUS_KNOWN = ~Q(bri_status="unknown") | ~Q(recognition_status="unknown")


def countries_with_records(queryset=None):
    """Countries that any published record names: only these have a public profile."""
    any_record = reduce(or_, (Q(exists) for exists in record_kinds().values())) | STATUS_KNOWN
    return (queryset if queryset is not None else Country.objects.all()).filter(any_record)


def countries_with_record_kinds():
    """The same countries, each saying which kinds of record name it (``has_trade``, ...)."""
    kinds = record_kinds()
    countries = Country.objects.annotate(**kinds, status_known=Q(STATUS_KNOWN))
    return [country for country in countries if country.status_known or any(getattr(country, kind) for kind in kinds)]


def _anchor(url_name, prefix):
    return lambda record: f"{link(url_name)}#{prefix}-{record.slug}"


def _page(url_name, key="slug", via=None):
    def url(record):
        target = getattr(record, via) if via else record
        return link(url_name, getattr(target, key))

    return url


URLS = {
    Alliance: _page("alliances:alliance_detail"),
    Institution: _page("alliances:institution_detail"),
    CooperationProject: _page("cooperation:project_detail"),
    CooperationMode: _anchor("cooperation:mode_list", "mode"),
    CooperationForm: _anchor("cooperation:mode_list", "form"),
    PolicyProblem: _page("cooperation:problem_detail"),
    Recommendation: _page("cooperation:recommendation_detail"),
    PartnershipMilestone: _anchor("cooperation:milestone_list", "milestone"),
    Indicator: _page("trade:indicator_detail"),
    Country: _page("portal:country_detail", key="iso3"),
    Source: _page("portal:source_detail"),
    AllianceFigure: lambda record: f"{link('alliances:alliance_detail', record.alliance.slug)}#figures",
    Membership: _page("alliances:institution_detail", via="institution"),
    ProjectParticipant: _page("cooperation:project_detail", via="project"),
    Observation: _page("trade:indicator_detail", via="indicator"),
    TradeRecord: lambda record: f"{link('trade:explorer')}?country={record.partner.iso3}&flow={record.flow}",
}


def record_url(record):
    """The public page showing a record (for records without a page: the page they appear on)."""
    return URLS[type(record)](record)
