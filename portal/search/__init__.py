"""One search over every public record type, for Chinese and English readers.

``search(text, filters)`` reads the search index (``portal.search.index`` keeps it current; what it
holds per record is in ``documents``, how text becomes terms in ``text``): the matches ranked, in
groups by record type, with facet counts (record type, country, year, source) that narrow them. When
nothing matches, Latin words no name starts with are tried with the nearest names' words instead.
"""

from dataclasses import dataclass, field

from django.utils.functional import cached_property

from reference.models import Country, Source

from .documents import SPECS
from .query import FACET_LIMIT, Matcher, similar_words
from .text import highlight_pattern, query_words

RESULTS_PER_TYPE = 10
FACETS = ("type", "country", "year", "source")


@dataclass
class ResultGroup:
    record_type: object
    results: list
    count: int


@dataclass
class Results:
    text: str
    groups: list = field(default_factory=list)
    facets: dict = field(default_factory=dict)
    filters: dict = field(default_factory=dict)
    corrected: list = field(default_factory=list)

    @property
    def total(self):
        return sum(group.count for group in self.groups)

    @cached_property
    def pattern(self):
        return highlight_pattern(self.text)


def parse_filters(params):
    """The facet choices of a request (``type``, ``country`` ISO3, ``year``, ``source`` slug) as index columns."""
    filters, chosen = {}, {}
    key = params.get("type", "")
    if key in SPECS:
        filters["record_type"], chosen["type"] = key, key
    year = params.get("year", "")
    if year.isdigit() and len(year) == 4:
        filters["year"], chosen["year"] = int(year), year
    iso3 = params.get("country", "").upper()[:3]
    if iso3:
        country = Country.objects.filter(iso3=iso3).values_list("pk", flat=True).first()
        if country:
            filters["country"], chosen["country"] = country, iso3
    slug = params.get("source", "")[:100]
    if slug:
        source = Source.objects.filter(slug=slug).values_list("pk", flat=True).first()
        if source:
            filters["source_id"], chosen["source"] = source, slug
    return filters, chosen


def search(text, params=None):
    params = params or {}
    filters, chosen = parse_filters(params)
    results = Results(text, filters=chosen)
    words = query_words(text)
    if not words:
        return results
    counts, top = Matcher(words, {}, filters).find(list(SPECS), RESULTS_PER_TYPE)
    if not counts["record_type"]:
        similar = similar_words(words)
        if similar:
            counts, top = Matcher(words, similar, filters).find(list(SPECS), RESULTS_PER_TYPE)
            results.corrected = sorted({word for found in similar.values() for word in found})
    if not counts["record_type"]:
        return results
    types = dict(counts["record_type"])
    for key, spec in SPECS.items():
        if key not in types:
            continue
        ids = top.get(key, [])
        records = spec.shown(ids)
        shown = [records[pk] for pk in ids if pk in records]
        results.groups.append(ResultGroup(spec.record_type, shown, types[key]))
    results.facets = facets(counts)
    return results


def facets(counts):
    """Each facet's values with their counts: ``{"type": [(value, label, count)], ...}``."""
    countries = counts["country_id"][:FACET_LIMIT]
    names = Country.objects.in_bulk([pk for pk, _n in countries])
    sources = counts["source_id"][:FACET_LIMIT]
    source_names = Source.objects.in_bulk([pk for pk, _n in sources])
    years = counts["year"][:FACET_LIMIT]
    return {
        "type": [(key, SPECS[key].record_type.label, n) for key, n in counts["record_type"]],
        "country": [(names[pk].iso3, names[pk].name, n) for pk, n in countries if pk in names],
        "year": sorted(((str(year), str(year), n) for year, n in years), reverse=True),
        "source": [(source_names[pk].slug, str(source_names[pk]), n) for pk, n in sources if pk in source_names],
    }
