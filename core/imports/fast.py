"""The bulk path of the import engine: the row path's rules, applied by column and by distinct value.

A trade table of a million rows has a few hundred distinct countries, years, units and sources. The row path
(``core.imports.run`` over django-import-export) builds a model instance per row and runs every widget and every
model field's ``clean`` on it; this path runs each of them once per distinct cell (the resource's own fields and
widgets, the model's own fields, its own check constraints: the rules are read from them, never restated), then
goes through the rows with dictionary look-ups only, in the order and with the messages the row path gives:

1. each cell through its resource field (``Field.clean``: the strict widget), errors keyed by the field;
2. a row matching a stored record by natural key and changing nothing is unchanged (nothing else is checked,
   as in ``PortalResource.skip_row``);
3. ``full_clean`` without relations and uniqueness: each model field's ``clean`` per distinct value;
4. the model's check constraints, asked of the database once per distinct combination of the fields they name
   (``CheckConstraint.validate``), in the check and in the import alike;
5. the same natural key twice in the file.

Valid rows are written by ``core.imports.writer`` (``COPY`` on PostgreSQL, ``executemany`` elsewhere) with
their history. A resource takes this path when it says so (``fast_path``) and nothing in it or its model needs
a row at a time: no partner scope, no model ``clean()``, no unique field besides the natural key, no
many-to-many column, no overridden row hook, only plain column types (``takes``). Otherwise, and whenever the
database refuses a chunk (the engine then goes again row by row to say which rows), the row path runs.
"""

from django.core.exceptions import NON_FIELD_ERRORS, ValidationError
from django.db import DatabaseError, models
from django.utils import timezone
from django.utils.encoding import force_str
from django.utils.translation import gettext as _
from import_export.results import RowResult

from core.history import HistoricalChange
from core.imports import widgets
from core.imports.history import write_baselines
from core.imports.keys import SeenKeys
from core.imports.reports import Problem
from core.imports.resources import PortalResource
from core.imports.run import database_refusal, located_problems
from core.imports.writer import TableWriter, cell_key, remember

# Column types the writer puts in the database as they are (``get_db_prep_save``, then text for ``COPY``).
PLAIN_TYPES = {
    "AutoField", "BigAutoField", "ForeignKey", "CharField", "TextField", "SlugField", "URLField", "EmailField",
    "IntegerField", "SmallIntegerField", "BigIntegerField", "PositiveIntegerField", "PositiveSmallIntegerField",
    "PositiveBigIntegerField", "DecimalField", "BooleanField", "DateField", "DateTimeField",
}  # fmt: skip
# The row path's hooks: a resource overriding one of them has rules only the row path applies.
ROW_HOOKS = (
    "import_row", "import_instance", "import_field", "validate_instance", "skip_row", "check_constraints",
    "before_import_row", "after_init_instance", "before_save_instance", "save_instance", "do_instance_save",
    "get_or_init_instance", "init_instance", "for_delete", "bulk_create", "bulk_update", "write_with_history",
    "natural_key_of", "key_of_instance", "get_queryset",
)  # fmt: skip
COMPARED_EXCEPT = ("created_at", "updated_at")  # as ``PortalResource.skip_row`` compares


def model_takes(resource):
    """Whether the resource's class and model have only rules this path applies (see the module docstring)."""
    cls, model = type(resource), resource._meta.model
    if not getattr(cls, "fast_path", False) or any(
        getattr(cls, h) is not getattr(PortalResource, h) for h in ROW_HOOKS
    ):
        return False
    constraints, unique = resource.unique_checks
    if unique or model._meta.unique_together or not all(isinstance(c, models.CheckConstraint) for c in constraints):
        return False
    if model.clean is not models.Model.clean or not hasattr(model._meta, "simple_history_manager_attribute"):
        return False
    if not issubclass(model.history.model, HistoricalChange):
        return False
    for field in model._meta.concrete_fields:
        if (
            field.get_internal_type() not in PLAIN_TYPES
            or field.generated
            or (field.has_default() and callable(field.default))
        ):
            return False
    return not any(isinstance(f.widget, widgets.ManyNaturalKeysWidget) for f in resource.get_import_fields())


def takes(resource, context, precise):
    """Whether this run of ``resource`` may take the bulk path."""
    return not precise and context.partner_profile is None and context.pending is None and model_takes(resource)


class CellRule:
    """One column: its resource field read once per distinct cell."""

    def __init__(self, field, index, model_field):
        self.field, self.index, self.column, self.attribute = field, index, field.column_name, field.attribute
        self.saves_null = field.saves_null_values
        self.is_relation = model_field.is_relation
        self.cache = {}  # cell key -> (ok, value as stored or the error's message, the related record)

    def read(self, cell):
        key = cell_key(cell)
        found = self.cache.get(key)
        if found is None:
            try:
                value = self.field.clean({self.column: cell})
            except ValueError as error:
                found = (False, force_str(error), None)
            else:
                stored = value.pk if isinstance(value, models.Model) else value
                found = (True, stored, value if self.is_relation else None)
            remember(self.cache, key, found)
        return found


class FastRun:
    """Runs the rows of one resource's table in chunks, as ``core.imports.run.ImportRun`` does, by column."""

    def __init__(self, resource, context, report):
        self.resource, self.context, self.report = resource, context, report
        self.model = model = resource._meta.model
        self.database_refused = False
        self.done = 0
        self.fields = list(model._meta.concrete_fields)
        position = {f.attname: i for i, f in enumerate(self.fields)}
        get = model._meta.get_field
        self.rules = [
            CellRule(f, position[get(f.attribute).attname], get(f.attribute)) for f in resource.get_import_fields()
        ]
        self.key_rules = [next(r for r in self.rules if r.column == resource.fields[n].column_name)
                          for n in resource.get_import_id_fields()]  # fmt: skip
        self.key_positions = [r.index for r in self.key_rules]
        # ``full_clean(exclude=relations)``: the model's fields in its own order, each value cleaned once.
        self.cleaned = [(position[f.attname], f, {}) for f in model._meta.fields if not f.is_relation]
        self.compared = [i for i, f in enumerate(self.fields) if f.attname not in COMPARED_EXCEPT]
        self.constraints = []
        for constraint in resource.unique_checks[0]:
            names = models.Q(constraint.condition).referenced_base_fields
            refs = [model._meta.pk if n == "pk" else get(n) for n in names]
            self.constraints.append(
                (constraint, set(names) | {r.name for r in refs}, [position[r.attname] for r in refs], {})
            )
        self.defaults = [getattr(model(), f.attname) for f in self.fields]
        self.blank = model()
        self.seen = SeenKeys()  # the natural keys given so far (as ``PortalResource.seen_keys``)
        self.writer = TableWriter(model)
        # The positions of the fields Django stamps with the time of the save (``auto_now``, ``auto_now_add``).
        self.stamped_when_changed = [i for i, f in enumerate(self.fields) if getattr(f, "auto_now", False)]
        added = [i for i, f in enumerate(self.fields) if getattr(f, "auto_now_add", False)]
        self.stamped_when_added = sorted({*self.stamped_when_changed, *added})
        bulk = set(resource.get_bulk_update_fields())
        self.update_fields = [f for f in self.fields if f.name in bulk or f.attname in bulk]

    def run(self, rows):
        chunk = []
        for item in rows:
            chunk.append(item)
            if len(chunk) == self.context.chunk_rows:
                if not self.import_chunk(chunk):
                    return
                chunk = []
        if chunk:
            self.import_chunk(chunk)

    # -- one chunk --------------------------------------------------------------------------

    def import_chunk(self, chunk):
        """Check the chunk and, in a real import with no problem so far, write it; whether to go on."""
        context, report = self.context, self.report
        context.check_cancelled()
        names = set()
        for row, _number, _spelled in chunk:
            names.update(row)
        rules = [rule for rule in self.rules if rule.column in names]
        read = [self.read_cells(row, rules) for row, _number, _spelled in chunk]
        stored = self.stored_rows({key for _values, _errors, key in read if key is not None})
        new, changed, preview = [], [], []
        for (row, number, spelled), (values, errors, key) in zip(chunk, read, strict=True):
            before = stored.get(key) if key is not None else None
            state = list(before if before is not None else self.defaults)
            for index, value in values:
                state[index] = value
            if not errors and before is not None and all(state[i] == before[i] for i in self.compared):
                kind = "skip"
            else:
                self.validate(state, errors, number)
                kind = "new" if before is None else "update"
            if errors:
                report.problems.extend(located_problems(row, number, spelled, errors, context.sheet))
                continue
            report.totals[kind] += 1
            if kind != "skip":
                (new if before is None else changed).append(state)
            if context.preview_left > 0:
                context.preview_left -= 1
                preview.append((kind, state, before, row, rules))
        report.diff_headers = self.resource.get_export_headers()
        report.preview.extend(self.preview_rows(preview))
        going_on = self.write(new, changed)
        self.done += len(chunk)
        if context.progress is not None:
            context.progress(self.done, context.total_rows)
        return going_on

    def read_cells(self, row, rules):
        """The row's cells read by their fields: ([(position, value)], {field: [message]}, natural key or None)."""
        values, errors = [], {}
        for rule in rules:
            ok, value, _related = rule.read(row.get(rule.column, ""))
            if not ok:
                errors[rule.attribute] = [value]
            elif value is not None or rule.saves_null:
                values.append((rule.index, value))
        key = None
        if not any(rule.attribute in errors for rule in self.key_rules):  # as ``natural_key_of``
            key = tuple(rule.read(row.get(rule.column, ""))[1] for rule in self.key_rules)
        return values, errors, key

    def validate(self, state, errors, number):
        """``full_clean`` (relations and uniqueness aside), the check constraints, the file's own repeats."""
        for index, field, cache in self.cleaned:
            if field.name in errors:
                continue
            value = state[index]
            key = cell_key(value)
            found = cache.get(key)
            if found is None:
                if field.blank and value in field.empty_values:
                    found = (True, value)
                else:
                    try:
                        found = (True, field.clean(value, self.blank))
                    except ValidationError as error:
                        found = (False, error.messages)
                remember(cache, key, found)
            if found[0]:
                state[index] = found[1]
            else:
                errors[field.name] = list(found[1])
        for constraint, names, positions, cache in self.constraints:
            if names & errors.keys():
                continue  # the constraint cannot be asked without a value the row lacks (as Django skips it)
            key = tuple(cell_key(state[i]) for i in positions)
            messages = cache[key] if key in cache else remember(cache, key, self.constraint_messages(constraint, state))
            if messages:
                errors.setdefault(NON_FIELD_ERRORS, []).extend(messages)
        if not any(rule.attribute in errors for rule in self.key_rules):
            first = self.seen.first_row(hash(tuple(state[i] for i in self.key_positions)), number)
            if first is not None:
                errors.setdefault(NON_FIELD_ERRORS, []).append(
                    _("Same key as row %(row)s of this file.") % {"row": first}
                )

    def constraint_messages(self, constraint, state):
        instance = self.model(**{f.attname: value for f, value in zip(self.fields, state, strict=True)})
        try:
            constraint.validate(self.model, instance)
        except ValidationError as error:
            return error.messages
        return []

    def stored_rows(self, keys):
        """{natural key: the stored row's values} for the keys of the chunk, one query (as ``existing_by_key``)."""
        if not keys:
            return {}
        condition = models.Q()
        for position, rule in enumerate(self.key_rules):
            column = self.fields[rule.index].attname
            wanted = {key[position] for key in keys}
            matches = models.Q(**{f"{column}__in": wanted - {None}})
            if None in wanted:
                matches |= models.Q(**{f"{column}__isnull": True})
            condition &= matches
        found = {}
        query = self.resource.get_queryset().filter(condition).values_list(*(f.attname for f in self.fields))
        for values in query.iterator(chunk_size=2000):
            key = tuple(values[i] for i in self.key_positions)
            if key in keys:
                found[key] = values
        return found

    # -- writing ----------------------------------------------------------------------------

    def write(self, new, changed):
        """Write the chunk's valid rows with their history, unless this is a check. Rows are written even after a
        problem (nothing is kept then): a row the database refuses sends the engine down the row path, whose report
        names it, as it would have without this path."""
        if self.context.dry_run:
            return True
        pk = self.fields.index(self.model._meta.pk)
        audited = self.context.audited
        try:
            if audited and changed:
                write_baselines(self.model, [state[pk] for state in changed])
            now = timezone.now()
            for states, stamped in ((new, self.stamped_when_added), (changed, self.stamped_when_changed)):
                for state in states:
                    for index in stamped:
                        state[index] = now
            self.writer.insert(new, now, audited)
            self.writer.update(changed, self.update_fields, now, audited)
        except DatabaseError:
            self.database_refused = True
            self.report.problems.append(self.refusal())
            return False
        return True

    def refusal(self):
        return Problem(database_refusal(), sheet=self.context.sheet)

    # -- the preview ------------------------------------------------------------------------

    def preview_rows(self, rows):
        """The preview's first rows as ``PortalResource.after_import_row`` shows them: ``before → after``."""
        if not rows:
            return []
        resource = self.resource
        export_fields = resource.get_export_fields()
        related = [f.name for f in self.fields if f.is_relation]
        pks = [before[self.fields.index(self.model._meta.pk)] for _k, _s, before, _r, _x in rows if before]
        stored = resource.get_queryset().select_related(*related).in_bulk(pks) if pks else {}
        results = []
        for kind, state, before, row, rules in rows:
            instance = self.model(**{f.attname: value for f, value in zip(self.fields, state, strict=True)})
            for rule in rules:
                ok, _value, record = rule.read(row.get(rule.column, ""))
                if ok and record is not None:
                    setattr(instance, rule.attribute, record)
            previous = {}
            if before is not None and kind != "new":
                old = stored.get(before[self.fields.index(self.model._meta.pk)])
                previous = {f.column_name: f.export(old) for f in export_fields} if old is not None else {}
            cells = []
            for field in export_fields:
                after = field.export(instance)
                earlier = previous.get(field.column_name, after)
                cells.append(after if earlier == after else f"{earlier} → {after}")
            result = RowResult()
            result.import_type, result.diff, result.instance = kind, cells, instance
            results.append(result)
        return results
