"""Import templates that help, written per user: a table's template and the workbook template.

Each sheet has the columns the user may set (a partner's leaves out the curators' columns, such as the
publication status), the header in English and Chinese as the importer reads it, one example row whose
first cell says EXAMPLE (示例 in Chinese; the import skips it), and drop-down lists (XLSX data validation)
for the choice columns and for the keys the user may name: countries, sources, alliances, institutions…,
the ones the user can see, kept on a hidden *Lists* sheet. A README sheet in the user's language explains
every column. The workbook template has a sheet per table the user may import, in the order the import
runs them (a table before the tables that refer to it).
"""

from io import BytesIO

from django.utils.translation import gettext as _
from openpyxl import Workbook
from openpyxl.styles import Font, PatternFill
from openpyxl.utils import get_column_letter, quote_sheetname
from openpyxl.worksheet.datavalidation import DataValidation

from core.downloads import escape_formula
from core.imports import widgets
from core.imports.workbooks import dependency_order
from core.registry import importable_models, resource_class_for
from core.roles import PARTNER, may_import, role_of
from imports.blank_templates import columns

VALIDATED_ROWS = 2000  # rows below the example that carry the drop-down lists
MAX_LIST_VALUES = 5000
EXAMPLE_FILL = PatternFill("solid", fgColor="FFF2CC")
LISTS_SHEET = "Lists"


def example_marker():
    """The first cell of the example row: the importer skips a row that starts with it (in either language)."""
    return _("EXAMPLE")


def key_values(widget):
    """The keys a column may name, as the user may see them (``NaturalKeyWidget.queryset``), or None."""
    item = getattr(widget, "item_widget", widget)
    if isinstance(item, widgets.NaturalKeyWidget):
        return [str(key) for key in item.queryset().values_list(item.field, flat=True)[:MAX_LIST_VALUES]]
    if isinstance(item, widgets.ChoiceWidget):
        return [str(code) for code, _label in item.choices]
    return None


class Lists:
    """The hidden sheet of drop-down values: one column per list, each list written once per workbook."""

    def __init__(self, workbook):
        self.sheet = workbook.create_sheet(LISTS_SHEET)
        self.sheet.sheet_state = "hidden"
        self.ranges = {}

    def range_for(self, name, values):
        if name not in self.ranges:
            column = len(self.ranges) + 1
            letter = get_column_letter(column)
            self.sheet.cell(1, column, name)
            for row, value in enumerate(values, start=2):
                self.sheet.cell(row, column, escape_formula(value))
            last = max(len(values) + 1, 2)
            self.ranges[name] = f"{quote_sheetname(LISTS_SHEET)}!${letter}$2:${letter}${last}"
        return self.ranges[name]


def user_columns(model, user):
    """The template's columns for ``user``: every importable column, less the curators' own for a partner."""
    entries = columns(model)
    if role_of(user) == PARTNER:
        curator_only = set(resource_class_for(model).curator_only_fields)
        entries = [entry for entry in entries if entry["name"] not in curator_only]
    return entries


def add_table_sheet(workbook, model, user, lists, title):
    """A sheet for ``model``: header, example row, drop-down lists; returns its column entries."""
    sheet = workbook.create_sheet(title)
    resource = resource_class_for(model)(user=user)
    entries = user_columns(model, user)
    sheet.append([f"{entry['label_en']} / {entry['label_zh']}" for entry in entries])
    example = [escape_formula(entry["example"]) for entry in entries]
    if example:
        example[0] = example_marker()
    sheet.append(example)
    for cell in sheet[1]:
        cell.font = Font(bold=True)
    for cell in sheet[2]:
        cell.fill = EXAMPLE_FILL
    for position, entry in enumerate(entries, start=1):
        letter = get_column_letter(position)
        sheet.column_dimensions[letter].width = max(14, min(40, len(sheet.cell(1, position).value) + 2))
        widget = resource.fields[entry["name"]].widget
        values = key_values(widget)
        if not values:
            continue
        many = isinstance(widget, widgets.ManyNaturalKeysWidget)
        list_name = (
            f"{model._meta.label}.{entry['name']}"
            if not isinstance(widget, widgets.NaturalKeyWidget)
            else (widget.model._meta.label)
        )
        validation = DataValidation(
            type="list",
            formula1=lists.range_for(list_name, values),
            allow_blank=True,
            # Several keys separated by | cannot come from a list: the list offers one, the cell takes more.
            showErrorMessage=not many,
            errorTitle=_("Not in the list"),
            error=_("Choose a value from the list (see the README sheet)."),
        )
        validation.add(f"{letter}3:{letter}{VALIDATED_ROWS + 2}")
        sheet.add_data_validation(validation)
    sheet.freeze_panes = "A2"
    return entries


def add_readme(workbook, tables, user):
    """The README sheet, after the tables, in the active language: each table's columns, then how to fill in."""
    readme = workbook.create_sheet("README")
    bold = Font(bold=True)
    for model, title, entries in tables:
        if len(tables) > 1:
            readme.append([f"{title} ({model._meta.label})"])
            readme.cell(readme.max_row, 1).font = bold
        readme.append(
            [
                _("Column (English)"),
                _("Column (Chinese)"),
                _("Field name"),
                _("Meaning"),
                _("Type"),
                _("Allowed values"),
                _("Example"),
                _("Required"),
            ]
        )
        for cell in readme[readme.max_row]:
            cell.font = bold
        for entry in entries:
            readme.append(
                [
                    entry["label_en"],
                    entry["label_zh"],
                    entry["name"],
                    entry["meaning"],
                    str(entry["type"]),
                    str(entry["allowed"]),
                    escape_formula(entry["example"]),
                    _("yes") if entry["required"] else "",
                ]
            )
        readme.append([])
    for note in notes(user):
        readme.append([note])
    for width, letter in zip((28, 20, 18, 60, 14, 50, 24, 10), "ABCDEFGH", strict=True):
        readme.column_dimensions[letter].width = width


def notes(user):
    """How to fill in the file, for this user."""
    lines = [
        _("How to fill in this file"),
        _(
            "Each header may be written in English, in Chinese or as the field name. Rows are matched on "
            "the required key columns: a row whose key exists updates it, others are added."
        ),
        _("The yellow row starting with %(marker)s is an example: the import skips it. Your rows go below it.")
        % {"marker": example_marker()},
        _("Cells with a drop-down list take one of its values: the keys and choices you may use."),
    ]
    if role_of(user) == PARTNER:
        lines.append(
            _(
                "Your rows are saved as drafts for the curators to review; the columns only curators set are "
                "left out. Cite a source by its slug: the Source column's list shows those you may cite."
            )
        )
    return lines


def sheet_title(model):
    return str(model._meta.verbose_name_plural)[:31]


def write(workbook, lists):
    workbook.move_sheet(lists.sheet, offset=len(workbook.sheetnames) - 1)  # the hidden lists go last
    output = BytesIO()
    workbook.save(output)
    return output.getvalue()


def new_workbook():
    workbook = Workbook()
    workbook.remove(workbook.active)
    return workbook, Lists(workbook)


def table_template(model, user=None):
    """The XLSX template of one table for ``user`` (see the module docstring)."""
    workbook, lists = new_workbook()
    title = sheet_title(model)
    entries = add_table_sheet(workbook, model, user, lists, title)
    add_readme(workbook, [(model, title, entries)], user)
    return write(workbook, lists)


def templated_models(user):
    """The tables a user's workbook template holds, in the order the import runs: those they may import
    (every table for a visitor, who reads the template before having an account)."""
    models = importable_models()
    if getattr(user, "is_authenticated", False):
        models = [model for model in models if may_import(user, model)]
    return dependency_order(models)


def workbook_template(user):
    """The XLSX workbook template for ``user``: a sheet per table they may import, and one README."""
    workbook, lists = new_workbook()
    tables = []
    for model in templated_models(user):
        title = sheet_title(model)
        tables.append((model, title, add_table_sheet(workbook, model, user, lists, title)))
    add_readme(workbook, tables, user)
    return write(workbook, lists)
