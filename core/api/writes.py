"""Writes through the import engine: a request body's objects become the rows of an import.

``core.imports.files.import_objects`` then does what it does for a spreadsheet: the model's resource
reads every cell with its strict widgets, runs ``full_clean()``, keeps partners to their
organisation's rows (new ones saved as drafts, changes to published ones held as pending changes),
and writes all rows or none. Its problems come
back as the API's errors.
"""

import json
from decimal import Decimal

from django.utils.translation import gettext as _
from rest_framework import serializers

from core.api.exceptions import APIErrors, error
from core.api.serializers import natural_key_field
from core.choices import ChangedViaChoices, PublicationStatusChoices
from core.imports.context import SHOWN_PROBLEMS, ImportContext
from core.imports.files import import_objects
from core.imports.widgets import ManyNaturalKeysWidget
from core.registry import resource_class_for
from core.roles import PARTNER, role_of

SEPARATOR = ManyNaturalKeysWidget.SEPARATOR
SCALARS = (str, int, Decimal, bool, type(None))


class CellError(ValueError):
    pass


def scalar(value):
    if isinstance(value, float):  # bodies are parsed with exact decimals; floats come from form input only
        value = Decimal(repr(value))
    if not isinstance(value, SCALARS):
        raise CellError(_("Expected a single value (text, number, true/false or null)."))
    return str(value) if isinstance(value, Decimal) else value


def natural_keys(values):
    """A list of natural keys as one import cell: ``KAZ | RUS``."""
    if not isinstance(values, list):
        raise CellError(_('Expected a list of keys, e.g. ["KAZ", "RUS"].'))
    keys = []
    for value in values:
        if not isinstance(value, str) or not value.strip() or SEPARATOR in value:
            raise CellError(_("Each item is a key: text without “%(separator)s”.") % {"separator": SEPARATOR})
        keys.append(value.strip())
    return f" {SEPARATOR} ".join(keys)


def to_cell(field, value):
    """A field's value as the import cell its resource reads."""
    if hasattr(field, "to_cell"):
        return field.to_cell(value)
    if isinstance(field, serializers.ManyRelatedField):
        return natural_keys(value)
    return scalar(value)


def natural_value(value):
    """A key part of a stored record as an import cell: related records by natural key."""
    if hasattr(value, "_meta"):
        return getattr(value, natural_key_field(type(value)))
    return value


class Write:
    """One write request against one model, by one user."""

    def __init__(self, serializer, user):
        self.serializer = serializer
        self.fields = serializer.fields
        self.model = serializer.Meta.model
        self.user = user
        self.partner = role_of(user) == PARTNER
        self.resource = resource_class_for(self.model)(user=user)
        self.report = None  # the last run's: its totals say whether a change was held for review

    # -- bodies to rows ------------------------------------------------------------------------

    def row(self, data, *, partial=True, instance=None, row=None):
        """The import row for one JSON object; APIErrors lists every problem found."""
        if not isinstance(data, dict):
            raise APIErrors([error(_("Expected a JSON object {…} with the record's fields."), "invalid", row=row)])
        cells, errors = {}, []
        for name, value in data.items():
            field = self.fields.get(name)
            if field is None:
                errors.append(error(_("Unknown field."), "unknown_field", name, row))
            elif not field.read_only:
                try:
                    cells[name] = to_cell(field, value)
                except CellError as problem:
                    errors.append(error(problem, "invalid", name, row))
        if not partial:
            keys = self.key_cells(instance) if instance else {}
            for name, field in self.fields.items():
                if field.required and not field.read_only and name not in cells and name not in keys:
                    errors.append(error(_("This field is required."), "required", name, row))
        if errors:
            raise APIErrors(errors)
        if self.partner:
            self.drop_unchanged_status(cells, instance)
        return cells

    def key_cells(self, instance):
        """The natural key of a stored record as import cells: {column: value}."""
        return {
            name: natural_value(getattr(instance, self.resource.fields[name].attribute))
            for name in self.resource.get_import_id_fields()
        }

    def drop_unchanged_status(self, cells, instance):
        """A partner who sends back the publication status they read is not trying to set it."""
        if "publication_status" not in cells:
            return
        value = str(cells["publication_status"] or "").strip().lower()
        current = instance.publication_status if instance else PublicationStatusChoices.DRAFT
        if value in ("", PublicationStatusChoices.DRAFT, current):
            del cells["publication_status"]

    # -- keys ----------------------------------------------------------------------------------

    def key_of(self, cells):
        """The natural key the import will give the row (database values), or None if a key cell is wrong."""
        prepared = dict(cells)
        self.resource.prepare_row(prepared)
        return self.resource.natural_key_of(prepared)

    def existing(self, key):
        return None if key is None else self.resource.existing_by_key([key]).get(key)

    # -- importing -----------------------------------------------------------------------------

    def run(self, rows, *, dry_run=False, single=False):
        """Import the rows (all or none); the report, or APIErrors with the import's problems."""
        # The objects go straight to the engine, checked as a JSON file's rows are (half a character, a lone
        # surrogate such as "\ud800", is refused with its row and field, never a server error).
        context = ImportContext(user=self.user, dry_run=dry_run, via=ChangedViaChoices.API, file_name="api.json")
        report = self.report = import_objects(self.model, rows, context)
        if not report.ok:
            raise APIErrors(problem_errors(report.problems, single))
        return report

    def create(self, data):
        cells = self.row(data, partial=False)
        key = self.key_of(cells)
        if self.existing(key) is not None:
            raise APIErrors(
                [error(_("A record with this key already exists; change it at its own address."), "exists")]
            )
        self.run([cells], single=True)
        return self.existing(self.key_of(cells))

    def update(self, instance, data, *, partial):
        cells = self.row(data, partial=partial, instance=instance)
        keys = self.key_cells(instance)
        for name, value in keys.items():
            cells.setdefault(name, value)
        key = self.key_of(cells)  # None when a key cell is wrong: the import says which and why
        if key is not None and key != self.resource.key_of_instance(instance):
            message = _("The key names another record; to rename, create the record anew and delete this one.")
            raise APIErrors([error(message, "key_changed", name) for name in keys if name in data])
        self.run([cells], single=True)
        return instance

    def bulk(self, items, *, dry_run):
        return self.run(self.bulk_rows(items), dry_run=dry_run)

    def bulk_rows(self, items):
        """The rows of a bulk body, each checked; APIErrors with every problem at once."""
        if not isinstance(items, list) or not items:
            raise APIErrors([error(_("Expected a non-empty JSON array of objects."), "invalid")])
        rows, errors = [], []
        writable = {name for name, field in self.fields.items() if not field.read_only}
        first = set(items[0]) & writable if isinstance(items[0], dict) else set()
        for number, item in enumerate(items, start=2):
            try:
                rows.append(self.row(item, row=number))
            except APIErrors as problems:
                errors += problems.errors
                continue
            if set(item) & writable != first:
                message = _(
                    "Every object must give the same fields (here: %(fields)s), or a missing one would be blanked."
                )
                errors.append(error(message % {"fields": ", ".join(sorted(first))}, "inconsistent_fields", row=number))
        if errors:
            raise APIErrors(errors)
        return rows

    @staticmethod
    def content(rows):
        """Rows as the JSON file the import reads."""
        # Half a character (a lone surrogate, "\ud800" in the body) cannot be UTF-8: it goes on as the
        # same JSON escape, for the import to refuse with its row and field, not as a server error.
        return json.dumps(rows, ensure_ascii=False).encode("utf-8", "backslashreplace")


def problem_errors(problems, single=False):
    """The first problems as API errors; past ``SHOWN_PROBLEMS``, one more error says how many are left out."""
    errors = [problem_error(problem, single) for problem in problems[:SHOWN_PROBLEMS]]
    if len(problems) > SHOWN_PROBLEMS:
        message = _("%(count)s more problems are not listed: correct these and send the rows again.")
        errors.append(error(message % {"count": len(problems) - SHOWN_PROBLEMS}, "too_many_errors"))
    return errors


def problem_error(problem, single=False):
    """An import problem as an API error."""
    if problem.row is None:
        code = "unreadable"
    elif problem.row == 1:
        code = "invalid_column"
    elif problem.column is None:
        code = "invalid_row"
    else:
        code = "invalid"
    value = None if problem.value is None else str(problem.value)
    return error(problem.message, code, problem.column, None if single else problem.row, value)
