"""Records a preset creates: a file that names related records the portal does not have yet.

The World Bank's WDI download names its indicator (``Indicator Code``, ``Indicator Name``); an indicator the
portal lacks would make every row fail with "not found". A preset's ``creates`` says, for such a field, how
to write the missing record from the row's own cells: ``{field: {column: template}}``, the first column the
key the rows name (``{"indicator": {"slug": "{Indicator Code|slug}", "name_en": "{Indicator Name}", …}}``;
``{header}`` is the cell, ``|slug`` makes it a slug, ``|unit`` takes the unit in brackets at its end).

The missing records become a first batch of the same import (one transaction, one undo), created as drafts
for a curator to review and publish. A user who may not import that table (a partner, for indicators) gets
instead one located problem per missing record, saying how to have it created.
"""

import re

from django.utils.translation import gettext as _

from core.imports.engine import Batch
from core.imports.presets import slugged
from core.imports.reports import Problem
from core.imports.widgets import normalise_cell
from core.roles import may_import

PLACEHOLDER = re.compile(r"\{([^{}|]+)(?:\|(slug|unit))?\}")
UNIT_AT_END = re.compile(r"\(([^()]+)\)\s*$")


def render(template, raw):
    """The template with each ``{header}`` (``{header|slug}``, ``{header|unit}``) replaced by the row's cell."""

    def cell(match):
        text = str(normalise_cell(raw.get(match.group(1))) or "").strip()
        if match.group(2) == "slug":
            return slugged(text)
        if match.group(2) == "unit":
            found = UNIT_AT_END.search(text)
            return found.group(1).strip() if found else text
        return text

    return PLACEHOLDER.sub(cell, str(template))


def header_of(template):
    """The header a column's template reads first (where a problem with the column is shown)."""
    found = PLACEHOLDER.search(str(template))
    return found.group(1) if found else None


def missing(related, spec, table, preset, is_example_row):
    """[(row number, cells, the key's own cell)] for each record of ``related`` the file's kept rows name and the
    portal lacks."""
    key_column = next(iter(spec))
    found, plan = {}, preset.plan(table.headers)
    for index, values in enumerate(table.rows):
        if is_example_row(values) or not plan.keeps(values):
            continue
        raw = dict(zip(table.headers, values, strict=True))
        key = render(spec[key_column], raw)
        if key and key not in found:
            cells = {column: render(text, raw) for column, text in spec.items()}
            found[key] = (table.row_number(index), cells, raw.get(header_of(spec[key_column])))
    existing = set(
        related._default_manager.filter(**{f"{key_column}__in": list(found)}).values_list(key_column, flat=True)
    )
    return [found[key] for key in found if key not in existing]


def creation_batches(model, table, preset, context, is_example_row):
    """(batches that create the missing related records, problems): no batch and one problem per missing record
    for a user who may not import their table."""
    batches, problems = [], []
    for name, spec in (preset.creates if preset else {}).items():
        related = model._meta.get_field(name).related_model
        records = missing(related, spec, table, preset, is_example_row)
        if not records:
            continue
        spelled = {column: header_of(text) or column for column, text in spec.items()}
        key_column = next(iter(spec))
        if may_import(context.user, related):
            rows = [(cells, number, spelled) for number, cells, _cell in records]
            batches.append(Batch(related, rows, context.sheet))
            continue
        for number, cells, cell in records:
            message = _(
                "No %(table)s “%(key)s” exists yet: ask a curator to add it (admin › %(tables)s › Add), or to import "
                "this file, which adds it as a draft."
            ) % {
                "table": related._meta.verbose_name,
                "key": cells[key_column],
                "tables": related._meta.verbose_name_plural,
            }
            problems.append(Problem(message, number, spelled[key_column], cell, context.sheet))
    return batches, problems
