"""How a record is named in its URL: by its natural key, never by its database id.

A ``Lookup`` is a list of URL segments. A segment is one URL parameter, matched by a regular
expression whose named groups are the parts of the key; each part maps to a model field (an
ORM path such as ``partner__iso3``). ``-`` stands for a blank (NULL) part:

    /api/v1/countries/KAZ/
    /api/v1/alliances/new-silk-road/
    /api/v1/memberships/new-silk-road/xi-an-jiaotong-university/
    /api/v1/trade/CHN-KAZ-2015-total/
    /api/v1/observations/international-students-in-china/-/2018/

Every viewset declares its lookup; the router builds the URL pattern from it, the viewset
finds the record with it, and serializers build each record's ``api_url`` with it.
"""

import re
from dataclasses import dataclass, field

from django.utils.translation import gettext_lazy as _

SLUG = r"[-\w]+"
ISO3 = r"[A-Za-z]{3}"
BLANK = "-"
NAMED_GROUP = re.compile(r"\(\?P<\w+>")

# The lookup of each model, filled in as viewsets are defined, so nested serializers can link to any model.
LOOKUPS = {}


def value_at(instance, path):
    """Follow an ORM path (``partner__iso3``) through attributes; None where a relation is blank."""
    value = instance
    for name in path.split("__"):
        value = getattr(value, name)
        if value is None:
            return None
    return value


@dataclass
class Segment:
    """One URL parameter: ``name``, its pattern, and the key parts it carries: {regex group: ORM path}."""

    name: str
    regex: str = SLUG
    parts: dict = field(default_factory=dict)
    upper: tuple = ()  # groups compared in upper case (ISO codes)
    template: str = ""  # how the parts are written: "{reporter}-{partner}-{year}-{flow}"; default: the one part
    description: str = ""
    example: str = ""

    def __post_init__(self):
        if not self.parts:
            self.parts = {self.name: self.name}
        if "(?P<" not in self.regex:
            self.regex = f"(?P<{self.name}>{self.regex})"
        self.compiled = re.compile(self.regex)

    @property
    def url_regex(self):
        """The pattern for the URL resolver: one named group, the inner groups made anonymous."""
        return NAMED_GROUP.sub("(?:", self.regex)

    def filters(self, text):
        """ORM filters for the segment's text, or None when the text is not a key of this shape."""
        match = self.compiled.fullmatch(text or "")
        if match is None:
            return None
        filters = {}
        for group, path in self.parts.items():
            value = match.group(group)
            if value in (None, BLANK):
                filters[f"{path.rsplit('__', 1)[0] if '__' in path else path}__isnull"] = True
            else:
                filters[path] = value.upper() if group in self.upper else value
        return filters

    def text(self, instance):
        values = {group: value_at(instance, path) for group, path in self.parts.items()}
        if self.template:
            return self.template.format(**{k: BLANK if v is None else v for k, v in values.items()})
        value = values[next(iter(self.parts))]
        return BLANK if value is None else str(value)


class PeriodSegment(Segment):
    """A year and an optional month in one segment: ``2018``, ``2020-11``, or ``-`` when undated."""

    def __init__(self, name="period", year="year", month="month", **kwargs):
        kwargs.setdefault("description", _("The year (2018), the year and month (2020-11), or - when undated."))
        kwargs.setdefault("example", "2018")
        super().__init__(
            name,
            regex=rf"(?P<{year}>\d{{4}}|-)(?:-(?P<{month}>\d{{1,2}}))?",
            parts={year: year, month: month},
            **kwargs,
        )
        self.year, self.month = year, month

    def filters(self, text):
        filters = super().filters(text)
        if filters and filters.get(f"{self.year}__isnull") and f"{self.month}__isnull" not in filters:
            return None  # a month without a year
        if filters and self.month in filters:
            filters[self.month] = int(filters[self.month])
        return filters

    def text(self, instance):
        year, month = value_at(instance, self.year), value_at(instance, self.month)
        if year is None:
            return BLANK
        return f"{year}-{month:02d}" if month else str(year)


def related_slug(name, description):
    """A segment naming a related record by its slug: ``alliance`` → ``alliance__slug``."""
    return Segment(name, parts={name: f"{name}__slug"}, description=description)


class Lookup:
    """A model's URL key: one or more segments joined by ``/``."""

    def __init__(self, *segments):
        self.segments = segments

    @classmethod
    def slug(cls):
        return cls(Segment("slug", description=_("The record's slug."), example="new-silk-road"))

    @property
    def url_regex(self):
        return "/".join(f"(?P<{segment.name}>{segment.url_regex})" for segment in self.segments)

    def filters(self, kwargs):
        """ORM filters for a URL's parameters, or None when they do not name a record of this shape."""
        filters = {}
        for segment in self.segments:
            found = segment.filters(kwargs.get(segment.name))
            if found is None:
                return None
            filters.update(found)
        return filters

    def path(self, instance):
        return "/".join(segment.text(instance) for segment in self.segments)

    def select_related(self):
        """The relations the key passes through, to load with the records."""
        return sorted({path.rsplit("__", 1)[0] for s in self.segments for path in s.parts.values() if "__" in path})
