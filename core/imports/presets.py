"""Presets: how the files that official statistics publish map onto the portal's tables, as data.

A curator who downloads China's trade from UN Comtrade or an indicator from the World Bank's WDI gets
columns the portal does not know (``refYear``, ``partnerISO``, ``primaryValue`` in US dollars; ``Country
Code``, one column per year, metadata lines above the header). A ``Preset`` says, for one such format,
which of its columns fill which field, which columns are ignored, which rows are left out (only annual
totals), how values are translated (``X`` → export), scaled (US dollars → 100 million US dollars, the unit
then stated in the unit column) and rounded, and what fills the columns the file lacks (the source and a
locator built from the row's own cells). The file front-end (``core.imports.files``) applies it; the rows
then go through the same resource, checks and all-or-nothing engine as any other file.

A preset is chosen by name (the admin's form, ``import_data --preset``, the API's ``?preset=``) or found
from the file's header when exactly one preset for the table matches it. The formats follow their
published documentation: UN Comtrade's data API (https://comtradedeveloper.un.org/, the ``get`` data
call's CSV) and the World Bank's WDI bulk download (``API_<indicator>_DS2_en_csv_v2.csv``).
"""

import csv
import io
import re
from dataclasses import dataclass, field
from decimal import Decimal, InvalidOperation
from functools import lru_cache
from operator import itemgetter

from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy

from core.import_presets import ImportPreset
from core.imports.readers.base import _decode
from core.imports.widgets import is_blank, normalise_cell

YEAR_HEADER = re.compile(r"^\s*(\d{4})\s*(?:年)?\s*$")
PLACEHOLDER = re.compile(r"\{([^{}]+)\}")
SNIFF_BYTES = 64 * 1024


class UnknownPreset(ValueError):
    """A preset was named that does not exist, or that is for another table."""


def coded(cell):
    """A code cell as the preset compares it (``flowCode``, ``cmdCode``): stripped, full-width forms made ASCII."""
    return coded_text(cell) if isinstance(cell, str) else str(normalise_cell(cell))


@lru_cache(maxsize=4096)
def coded_text(cell):
    return normalise_cell(cell)


@dataclass(frozen=True)
class Preset:
    """One published file format and how it maps onto a table's fields (see the module docstring)."""

    name: str
    label: object
    model_label: str
    signature: frozenset  # headers, as printed, that every file of the format has
    columns: dict  # {field: (header, ...)}: the first of the headers the file has fills the field
    fixed: dict = field(default_factory=dict)  # {field: text}: for a column the file lacks; {header} is the cell
    value_maps: dict = field(default_factory=dict)  # {field: {cell: value}}
    scale: dict = field(default_factory=dict)  # {field: divisor}: 1e8 turns US dollars into 100 million
    decimals: dict = field(default_factory=dict)  # {field: places}: as many as the field stores
    slugs: tuple = ()  # fields whose codes become slugs (NY.GDP.MKTP.CD → ny-gdp-mktp-cd)
    keep: dict = field(default_factory=dict)  # {header: cells}: rows with another cell there are left out
    drop: dict = field(default_factory=dict)  # {header: cells}: rows with one of these cells are left out
    preamble_rows: int = 0  # lines of metadata the file may carry above its header
    # {field: {column: text}}: a related record the file names but the portal lacks is created, as a draft,
    # from these cells ({header} as in ``fixed``; {header|unit} the unit in brackets at the end of the cell).
    creates: dict = field(default_factory=dict)
    documentation: str = ""

    def matches(self, headers):
        """Whether the headers carry the signature; a preset without one applies only when named."""
        return bool(self.signature) and self.signature <= {str(header).strip() for header in headers}

    def is_header(self, cells):
        """Whether a row of the file is its header (not one of the metadata lines above it)."""
        return not self.preamble_rows or self.matches(cells)

    def mapping(self, headers):
        """{header: field, or "" to ignore it}: the first present header of each field, every other ignored."""
        present = [str(header) for header in headers]
        mapping = {header: "" for header in present if not YEAR_HEADER.match(header)}
        for name, options in self.columns.items():
            chosen = next((option for option in options if option in present), None)
            if chosen is not None:
                mapping[chosen] = name
        return mapping

    def plan(self, headers):
        """The preset compiled for one file's headers (``RowPlan``): what it reads of a row, found once."""
        return RowPlan(self, headers)

    def trim(self, content):
        """The file without the metadata lines above its header, and how many lines went (CSV and TSV).

        A trailing delimiter on every line (the WDI download has one) makes a column without a header or
        values: it goes too. Row numbers stay the file's: the caller adds the lines that went.
        """
        if not self.preamble_rows or content[:2] == b"PK":
            return content, 0
        text, _encoding = _decode(content)
        lines = text.splitlines(keepends=True)
        head = lines[: self.preamble_rows + 1]
        starts = [i for i, line in enumerate(head) if self.matches(next(csv.reader([line]), []))]
        if not starts:
            return content, 0
        index = starts[0]
        rows = list(csv.reader(lines[index:]))
        empty = [i for i, header in enumerate(rows[0]) if not header.strip()]
        empty = [i for i in empty if all(len(cells) <= i or not cells[i].strip() for cells in rows)]
        if empty:
            rows = [[cell for i, cell in enumerate(cells) if i not in empty] for cells in rows]
        out = io.StringIO()
        csv.writer(out, lineterminator="\n").writerows(rows)
        return out.getvalue().encode("utf-8"), index


class RowPlan:
    """A preset applied to the rows of one file: which cells its filters and fixed values read, found once from
    the header, so that a row (a sequence of cells in the header's order) is judged and filled without a dict of
    its 47 cells. A file repeats the few codes its filters read on every row: each distinct combination of them is
    judged once."""

    MAX_VERDICTS = 65_536  # distinct combinations of filtered cells remembered; past it, forgotten and judged anew

    def __init__(self, preset, headers):
        positions = {str(header): position for position, header in enumerate(headers)}
        self.preset = preset
        rules = [(positions[h], cells, True) for h, cells in preset.keep.items() if h in positions]
        rules += [(positions[h], cells, False) for h, cells in preset.drop.items() if h in positions]
        self.rules, self.verdicts = rules, {}
        self.filtered = cells_getter([position for position, _cells, _keep in rules])
        self.templates = [(name, *compiled_template(preset.fixed[name], positions)) for name in preset.fixed]
        self.scales = [
            (name, Decimal(preset.scale.get(name, 1)), quantum(preset.decimals.get(name)))
            for name in dict.fromkeys([*preset.scale, *preset.decimals])
        ]

    def keeps(self, values):
        """Whether the row is one the preset imports (an annual total, not the world)."""
        if self.filtered is None:
            return True
        cells = self.filtered(values)
        verdict = self.verdicts.get(cells)
        if verdict is None:
            if len(self.verdicts) >= self.MAX_VERDICTS:
                self.verdicts.clear()
            verdict = self.verdicts[cells] = all(
                (coded(values[position]) in allowed) is keep for position, allowed, keep in self.rules
            )
        return verdict

    def fill(self, row, values):
        """Translate, scale and round the row's cells (``{field: cell}``) and fill the fixed columns."""
        preset = self.preset
        for name, mapped in preset.value_maps.items():
            if name in row and not is_blank(row[name]):
                row[name] = mapped.get(coded(row[name]), row[name])
        for name in preset.slugs:
            if name in row and not is_blank(row[name]):
                row[name] = slugged(row[name])
        for name, divisor, places in self.scales:
            row[name] = scaled(row.get(name), divisor, places)
        for name, text, cells_of in self.templates:
            if is_blank(row.get(name)):
                cells = cells_of(values) if cells_of else ()
                row[name] = text.format(*[c if c.__class__ is str else str(c or "") for c in cells])
        return row


def compiled_template(text, positions):
    """A fixed value's text as a format string, and the getter of the cells its ``{header}`` placeholders name (a
    header the file lacks reads as empty)."""
    pattern, wanted = [], []
    for index, part in enumerate(PLACEHOLDER.split(text)):  # literal, header, literal, header, …
        if index % 2 == 0:
            pattern.append(part.replace("{", "{{").replace("}", "}}"))
        elif part in positions:
            pattern.append("{}")
            wanted.append(positions[part])
    return "".join(pattern), cells_getter(wanted)


def cells_getter(positions):
    """The function giving the tuple of a row's cells at ``positions`` (None for none)."""
    if len(positions) == 1:
        (position,) = positions
        return lambda values: (values[position],)
    return itemgetter(*positions) if positions else None


def slugged(cell):
    """A code as a slug: NY.GDP.MKTP.CD → ny-gdp-mktp-cd."""
    return re.sub(r"[^a-z0-9]+", "-", str(cell).strip().lower()).strip("-")


def quantum(places):
    """The ``Decimal`` to round to ``places`` decimals with (None: not rounded)."""
    return None if places is None else Decimal(1).scaleb(-places)


def scaled(cell, divisor, rounding):
    """The cell divided by ``divisor`` (a ``Decimal``) and rounded to the quantum ``rounding``, written out plainly;
    a cell that is not a number is left as it is, for the value's widget to refuse with its reason."""
    if is_blank(cell):
        return cell
    try:
        number = Decimal(str(normalise_cell(cell)).replace(",", "")) / divisor
    except (InvalidOperation, ValueError):
        return cell
    if not number.is_finite():
        return cell
    if rounding is not None:
        number = number.quantize(rounding)
    return format(number, "f")


COMTRADE_SIGNATURE = frozenset({"refYear", "flowCode", "primaryValue"})
# The World Bank's aggregates (regions, income groups, the world): rows about them are left out.
WDI_AGGREGATES = frozenset(
    "AFE AFW ARB CEB CSS EAP EAR EAS ECA ECS EMU EUU FCS HIC HPC IBD IBT IDA IDB IDX INX LAC LCN LDC LIC LMC LMY "
    "LTE MEA MIC MNA NAC OED OSS PRE PSS PST SAS SSA SSF SST TEA TEC TLA TMN TSA TSS UMC WLD".split()
)

PRESETS = (
    Preset(
        name="un-comtrade",
        label=gettext_lazy("UN Comtrade data (CSV of the data API or the download page)"),
        model_label="trade.TradeRecord",
        signature=COMTRADE_SIGNATURE,
        columns={
            "year": ("refYear",),
            "reporter": ("reporterISO", "reporterCode"),
            "partner": ("partnerISO", "partnerCode"),
            "flow": ("flowCode",),
            "value": ("primaryValue",),
        },
        fixed={
            "unit": "100m-usd",
            "source": "un-comtrade",
            "source_locator": "UN Comtrade {typeCode}/{freqCode}/{classificationCode} {cmdCode}, "
            "reporter {reporterCode}, partner {partnerCode}, {refYear}, flow {flowCode}",
        },
        value_maps={"flow": {"X": "export", "M": "import"}},
        scale={"value": 100_000_000},
        decimals={"value": 4},
        keep={
            "flowCode": {"X", "M"},
            "freqCode": {"A"},
            "cmdCode": {"TOTAL"},
            "partner2Code": {"0"},
            "customsCode": {"C00"},
            "motCode": {"0"},
        },
        drop={"partnerISO": {"W00"}, "partnerCode": {"0"}},
        documentation="https://comtradedeveloper.un.org/",
    ),
    Preset(
        name="world-bank-wdi",
        label=gettext_lazy("World Bank WDI (CSV as downloaded, metadata lines included)"),
        model_label="trade.Observation",
        signature=frozenset({"Country Name", "Country Code", "Indicator Name", "Indicator Code"}),
        columns={"country": ("Country Code",), "indicator": ("Indicator Code",)},
        fixed={"source": "world-bank-wdi", "source_locator": "World Development Indicators, {Indicator Code}"},
        creates={
            "indicator": {
                "slug": "{Indicator Code|slug}",
                "name_en": "{Indicator Name}",
                "unit_en": "{Indicator Name|unit}",
                "source": "world-bank-wdi",
                "source_locator": "World Development Indicators, {Indicator Code}",
            }
        },
        decimals={"value": 4},
        slugs=("indicator",),
        drop={"Country Code": WDI_AGGREGATES},
        preamble_rows=10,
        documentation="https://datahelpdesk.worldbank.org/knowledgebase/articles/889392",
    ),
)


def by_name(name):
    return next((preset for preset in PRESETS if preset.name == name), None)


def any_named(name):
    """The built-in or saved preset called ``name`` (whoever saved it), or None: what a report's preset was."""
    if not name:
        return None
    return by_name(name) or next((p for p in saved_presets() if p.name == name), None)


def from_saved(row):
    """The engine's ``Preset`` for a saved preset (``core.import_presets.ImportPreset``)."""
    cells = {header: frozenset(str(cell) for cell in values) for header, values in row.keep.items()}
    return Preset(
        name=row.name,
        label=row.label or row.name,
        model_label=row.table,
        signature=frozenset(row.signature),
        columns={name: tuple(h) if isinstance(h, list | tuple) else (h,) for name, h in row.columns.items()},
        fixed=row.fixed,
        value_maps=row.value_maps,
        scale=row.scale,
        decimals=row.decimals,
        slugs=tuple(row.slugs),
        keep=cells,
        drop={header: frozenset(str(cell) for cell in values) for header, values in row.drop.items()},
        preamble_rows=row.preamble_rows,
        creates=row.creates,
        documentation=row.documentation,
    )


def saved_presets(model=None, user=None):
    """The saved presets ``user`` may import with (every one on the command line, ``user`` None)."""
    rows = ImportPreset.objects.all() if user is None else ImportPreset.objects.usable_by(user)
    if model is not None:
        rows = rows.filter(table=model._meta.label)
    return [from_saved(row) for row in rows]


def presets_for(model=None, user=None):
    """The built-in presets for ``model``, then the saved ones ``user`` may use."""
    built_in = [preset for preset in PRESETS if model is None or preset.model_label == model._meta.label]
    return built_in + saved_presets(model, user)


def preset_choices(model=None, user=None):
    return [(preset.name, preset.label) for preset in presets_for(model, user)]


def named(model, name, user=None):
    """The preset called ``name`` for ``model`` (built-in, or saved and usable by ``user``); raises
    ``UnknownPreset`` with the reason."""
    found = by_name(name) or next((preset for preset in saved_presets(None, user) if preset.name == name), None)
    if found is not None:
        if found.model_label != model._meta.label:
            raise UnknownPreset(
                _("The preset “%(preset)s” is for %(table)s.") % {"preset": name, "table": found.model_label}
            )
        return found
    names = ", ".join(preset.name for preset in presets_for(model, user)) or _("none")
    message = _("No preset is called “%(preset)s”; this table has: %(names)s.")
    raise UnknownPreset(message % {"preset": name, "names": names})


def most_specific(found):
    """Of the presets a file's header matches, the one naming the most headers; None if two tie."""
    found = sorted(found, key=lambda preset: len(preset.signature), reverse=True)
    if len(found) > 1 and len(found[0].signature) == len(found[1].signature):
        return None
    return found[0] if found else None


def sniffed(model, content, user=None):
    """The one preset whose header stands in the first lines of a text file (metadata lines included), or None."""
    candidates = presets_for(model, user)
    if not candidates or content[:2] == b"PK":
        return None
    text = content[:SNIFF_BYTES].decode("utf-8-sig", errors="replace")
    lines = text.splitlines()[:-1] if len(content) > SNIFF_BYTES else text.splitlines()
    return most_specific(preset for preset in candidates if has_header_line(preset, lines))


def has_header_line(preset, lines):
    """Whether one of the lines a header may stand on (after the metadata) is the preset's header."""
    return any(
        preset.matches(next(csv.reader([line], delimiter=delimiter), []))
        for line in lines[: preset.preamble_rows + 1]
        for delimiter in (",", "\t")
    )


def header_finder(model, user=None, preset=None):
    """``(lines, is_header)`` for ``read_table``'s ``find_header``: in a workbook, the header of ``preset`` (or of
    any preset of the table) below at most its metadata lines; None when no such preset has metadata lines."""
    candidates = [p for p in ([preset] if preset else presets_for(model, user)) if p.preamble_rows]
    if not candidates:
        return None
    return max(p.preamble_rows for p in candidates), lambda cells: any(p.matches(cells) for p in candidates)


def detected(model, headers, user=None):
    """The preset for ``model`` whose signature the headers carry, or None (none, or ambiguous)."""
    return most_specific(preset for preset in presets_for(model, user) if preset.matches(headers))
