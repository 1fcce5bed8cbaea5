"""Which records of each registered model (``core.registry``) the portal shows, and the countries
that have a public profile: those that a published record names.
"""

from functools import reduce
from operator import or_

from django.db.models import Exists, OuterRef, Q

from alliances.models import AllianceFigure, Institution
from cooperation.models import CooperationProject, PartnershipMilestone
from core.registry import entries
from reference.models import Country
from trade.models import Observation, TradeRecord


def public_records(entry):
    """The records of a registry entry the public may see, with what their links and labels need."""
    queryset = entry.public_records()
    return countries_with_records(queryset) if entry.model is Country else queryset


def searched():
    """The searched types, in the order search results are shown."""
    return [entry for entry in entries() if entry.searchable]


def cited():
    """Everything that cites a source, in the order the sources' pages list them."""
    return [entry for entry in entries() if entry.cites_sources]


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
