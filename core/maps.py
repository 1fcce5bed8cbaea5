"""Maps of a series by country and year, boundary-neutral by default.

Border depictions are sensitive, so the base map is a deployment setting (``PORTAL_BASE_MAP``):

- ``"tiles"`` (default): a tile grid, one equal square per country, grouped by region in rows; it draws
  no border and needs no border data.
- ``"approved"``: a deployer-supplied map file (GeoJSON served from static files, ``PORTAL_MAP_FILE``,
  features named by ISO 3166 alpha-3 in ``properties.iso3``), drawn with ECharts' map series; the page
  shows its approval number (``PORTAL_MAP_APPROVAL``, e.g. 审图号), which such a map must carry.

``country_map`` returns the map's data island (read by static/portal/js/maps.js) and its table: the
same numbers, so a reader without JavaScript, or a test, reads what the map shows. A map with no year
dimension (an alliance's members by country) has one column, ``TIMELESS``, and no slider.
``CountryMap.cited`` adds the "cite this" and the embed every map carries, as the charts do.

A map of thousands of values (China's trade with every partner, 35 years) is drawn once per version of
the records, language and selection, and kept in this process (``drawn_once``, with
``core.cache.once_per_version``): its table and data island printed once, its citation made for each
request from the few records that say the same (``core.charts.citing_records``).
"""

import copy
import json
from dataclasses import dataclass, field
from functools import cached_property

from django.conf import settings
from django.core.serializers.json import DjangoJSONEncoder
from django.templatetags.static import static
from django.urls import get_script_prefix
from django.utils.html import escape
from django.utils.safestring import mark_safe
from django.utils.translation import get_language

from .cache import MAPS, once_per_version
from .charts import citation, citing_records
from .links import link

ROW_WIDTH = 12
TIMELESS = "all"  # the one column of a map with no year dimension
JSON_SCRIPT_ESCAPES = {ord(">"): "\\u003E", ord("<"): "\\u003C", ord("&"): "\\u0026"}  # as json_script's


@dataclass
class CountryMap:
    title: str
    unit: str
    years: list
    rows: list  # [(country, {year: value})], countries by name
    island: dict = field(default_factory=dict)
    column_label: str = ""  # the heading of a timeless map's one column
    decimals: int | None = 1  # the table's; None: as many as each value has (counts)
    note: str = ""  # what the map leaves out, said beneath it
    cite: dict | None = None
    embed_url: str = ""

    @property
    def approval(self):
        return settings.PORTAL_MAP_APPROVAL if self.island.get("base") == "approved" else ""

    @property
    def latest(self):
        return self.years[-1] if self.years else None

    @property
    def has_slider(self):
        return len(self.years) > 1

    def cited(self, request, path, records, embed_path=""):
        """The map with its citation (the records shown, their sources) and the URL of its embed."""
        self.cite = citation(request, self.title, path, records)
        self.embed_url = request.build_absolute_uri(embed_path) if embed_path else ""
        return self

    def print_once(self):
        """The table and the data island printed now, kept with the map (``drawn_once``)."""
        return self.table_body, self.island_json

    @cached_property
    def island_json(self):
        """The data island's JSON, escaped for a <script> element as ``json_script`` does."""
        return mark_safe(json.dumps(self.island, cls=DjangoJSONEncoder).translate(JSON_SCRIPT_ESCAPES))

    @cached_property
    def table_body(self):
        """The table's rows as HTML: a country a row, a year a cell (printed here: thousands of cells cost
        a template loop half a second). A cell is bare: its year is its column's header (an attribute naming it
        in every cell was a third of a map page's bytes)."""
        from .templatetags.portal import number

        rows = []
        for country, by_year in self.rows:
            values = (by_year.get(year) for year in self.years)
            shown = ("" if value is None else escape(number(value, self.decimals)) for value in values)
            cells = "".join(f"<td>{text}</td>" for text in shown)
            href = escape(link("portal:country_detail", country.iso3))
            rows.append(f'<tr><th scope="row"><a href="{href}">{escape(country.name)}</a></th>{cells}</tr>')
        return mark_safe("\n".join(rows))


def tile_positions(countries):
    """Each country's (column, row) on the tile grid: regions in rows of at most ``ROW_WIDTH`` tiles."""
    by_region = {}
    for country in sorted(countries, key=lambda country: (country.region or "~", country.name_en)):
        by_region.setdefault(country.region or "", []).append(country)
    positions, row = {}, 0
    for members in by_region.values():
        for index, country in enumerate(members):
            positions[country.iso3] = (index % ROW_WIDTH, row + index // ROW_WIDTH)
        row += (len(members) - 1) // ROW_WIDTH + 2  # a blank row between regions
    return positions


def country_map(title, unit, values, countries, url_name="portal:country_detail", column_label="", decimals=1):
    """``values``: {iso3: {year: value}} (or {iso3: {TIMELESS: value}}); ``countries``: the Country
    records named there."""
    countries = [country for country in countries if values.get(country.iso3)]
    years = sorted({year for series in values.values() for year in series})
    positions = tile_positions(countries)
    cells = [
        [*positions[c.iso3], c.iso3, c.name, link(url_name, c.iso3) if url_name else ""]
        for c in sorted(countries, key=lambda country: country.iso3)
    ]
    by_year = {str(year): {iso3: float(v[year]) for iso3, v in values.items() if year in v} for year in years}
    base = getattr(settings, "PORTAL_BASE_MAP", "tiles")
    island = {
        "title": title,
        "unit": unit,
        "years": years,
        "cells": cells,
        "values": by_year,
        "base": base,
        "mapFile": static(settings.PORTAL_MAP_FILE) if base == "approved" else "",
        "locale": "ZH" if (get_language() or "").startswith("zh") else "EN",
    }
    rows = [(country, values[country.iso3]) for country in sorted(countries, key=lambda country: country.name)]
    return CountryMap(title, unit, years, rows, island, column_label=column_label, decimals=decimals)


def drawn_once(request, selection, draw):
    """``draw()``'s map, cited for this request; drawn once per version of the records, language, URL prefix and
    base map for ``selection`` (a tuple of what else selects the map's data). ``draw()`` returns ``None`` or
    ``(map, path, records, embed_path)``, the arguments of ``CountryMap.cited``."""

    def drawn():
        found = draw()
        if found is None:
            return None
        country_map, path, records, embed_path = found
        country_map.print_once()
        return country_map, path, citing_records(records), embed_path

    parts = ("map", get_language(), get_script_prefix(), settings.PORTAL_BASE_MAP, settings.PORTAL_MAP_FILE)
    found = once_per_version((*parts, *selection), drawn, MAPS)
    if found is None:
        return None
    country_map, path, records, embed_path = found
    return copy.copy(country_map).cited(request, path, records, embed_path)
