"""What the search index holds for each searchable record: its names, its other text, its facets.

A record's *names* (names, titles, aliases, codes; with the pinyin of its Chinese names) rank above
its *text* (descriptions, cities, units, ...). Its facets: the countries it concerns, a year and its source.
"""

from dataclasses import dataclass, field

from ..records import public_records, searched
from .text import pinyin_terms, terms
from .text_fields import CHINESE_NAME_FIELDS, NAME_FIELDS

MAX_TEXT = 20_000  # characters of one record's text indexed


def _country(record):
    return [record.country_id] if getattr(record, "country_id", None) else []


def _countries(record):
    return [country.pk for country in record.countries.all()]


def _self(record):
    return [record.pk]


def _group_members(record):
    return [country.pk for country in record.members.all()]


def _members(record):
    countries = record.memberships.exclude(institution__country=None).values_list("institution__country", flat=True)
    return sorted(set(countries))


def _none(record):
    return []


COUNTRIES = {
    "institution": _country,
    "milestone": _country,
    "project": _countries,
    "country": _self,
    "alliance": _members,
    "country-group": _group_members,
}
PREFETCH = {"project": ("countries",), "country-group": ("members",)}
YEARS = {"alliance": "founded_year", "project": "start_year", "milestone": "year", "source": "year"}


@dataclass(frozen=True)
class Spec:
    key: str
    record_type: object
    names: tuple
    body: tuple
    year: str | None = None
    countries: object = _none
    prefetch: tuple = field(default=())

    @property
    def model(self):
        return self.record_type.model

    def public(self):
        return public_records(self.record_type).prefetch_related(*self.prefetch)

    def shown(self, ids):
        """The records of these index rows, for the results: published ones only, but without
        ``public()``'s test of which countries have a profile (six subqueries to plan on each search),
        which the index already made when it wrote the rows."""
        return self.record_type.public_records().prefetch_related(*self.prefetch).in_bulk(ids)


def _spec(record_type):
    model = record_type.model
    text_fields = [
        f.name
        for f in model._meta.get_fields()
        if getattr(f, "get_internal_type", lambda: "")() in ("CharField", "TextField")
    ]
    names = tuple(name for name in NAME_FIELDS if name in text_fields)
    body = tuple(name for name in record_type.search_fields if name not in names and "__" not in name)
    body += tuple(
        name
        for name in ("description_en", "description_zh", "summary_en", "summary_zh")
        if name in text_fields and name not in body
    )
    return Spec(
        record_type.key,
        record_type,
        names,
        body,
        YEARS.get(record_type.key),
        COUNTRIES.get(record_type.key, _none),
        PREFETCH.get(record_type.key, ()),
    )


SPECS = {entry.key: _spec(entry) for entry in searched()}
BY_MODEL = {spec.model: spec for spec in SPECS.values()}


def document(spec, record):
    """The index row's values for a record: ``names`` and ``body`` terms, year, source, countries."""
    names, body, pinyin = [], [], []
    for name in spec.names:
        value = getattr(record, name) or ""
        names += terms(value.replace("|", " "))
        if name in CHINESE_NAME_FIELDS:
            pinyin += pinyin_terms(value.replace("|", " "))
    for name in spec.body:
        body += terms((getattr(record, name) or "")[:MAX_TEXT])
    year = getattr(record, spec.year) if spec.year else None
    return {
        "names": " ".join(names),
        "body": " ".join(body),
        "pinyin": " ".join(pinyin),
        "year": year,
        "source_id": getattr(record, "source_id", None),
        "countries": spec.countries(record),
    }
