"""The base of every resource: natural keys, strict widgets, three header spellings, speed, partner scope.

Each app's ``resources.py`` declares one ``PortalResource`` per importable model with an
explicit ``fields`` list and its natural key as ``import_id_fields``; this class makes
django-import-export behave as the portal promises:

- cells are read by the strict widgets of ``core.imports.widgets`` (no silent coercion);
- every instance goes through ``full_clean()``; rows never carry database ids;
- headers may be the field name, the English label or the Chinese label;
- existing rows are looked up once per chunk, not once per row, and written in bulk;
  database constraints are then checked by the database, and if it refuses, the import
  is run again row by row only to say which rows (``precise`` mode);
- a partner's rows must belong to their organisation; new ones are saved as drafts (a rejected
  record a partner corrects goes back to draft, its review note cleared), and a change to a published
  one is held as a pending change beside it (``core.imports.pending``), the record left as it is;
- a real import records every row it writes in the records' history, in bulk where it writes
  in bulk, with the state before it where the history had none (for undo);
- a check (``context.dry_run``) writes nothing: it validates every row, the database's constraints
  included (``check_constraints``), by querying.

The resource reads everything about the run from its ``ImportContext`` (``core.imports.context``);
a domain resource declares its own behaviour here (``partner_keeps``, ``date_parts``,
``column_defaults``, ``header_aliases``, ``key_widget_class``, ``wide_layout_value_field``) and in the
hooks it overrides, never in the engine.
"""

from django.core.exceptions import NON_FIELD_ERRORS, ValidationError
from django.db import models, transaction
from django.utils import timezone, translation
from django.utils.text import capfirst
from django.utils.translation import gettext as _
from import_export import resources
from import_export.fields import Field
from simple_history.utils import bulk_create_with_history, bulk_update_with_history

from core.choices import PublicationStatusChoices
from core.downloads import escape_formula
from core.history import historical_attrs, history_reason, history_user
from core.imports import widgets
from core.imports.constraints import ConstraintChecks
from core.imports.context import ImportContext
from core.imports.history import snapshot, write_baselines
from core.imports.keys import NaturalKeyInstanceLoader, widget_for
from core.imports.pending import HoldsPartnersChanges


class PortalResource(HoldsPartnersChanges, ConstraintChecks, resources.ModelResource):
    """See the module docstring."""

    # (year field, month field[, day field]): a date in the year cell fills the other parts.
    date_parts: tuple[tuple[str, ...], ...] = ()
    # Fields a partner may not set: they are the curators' to decide.
    curator_only_fields = ("publication_status",)
    # More header spellings than the field name and the two labels: {field name: [spelling, ...]}.
    header_aliases: dict[str, list[str]] = {}
    # Values for columns a file leaves out or blank: {field name: value}.
    column_defaults: dict[str, str] = {}
    # Whether its rows may go by the bulk path (``core.imports.fast``: the same rules, by column) when nothing
    # in the resource or the model needs a row at a time.
    fast_path = False

    class Meta:
        skip_unchanged = True
        report_skipped = True
        clean_model_instances = True
        use_transactions = True
        use_bulk = True
        batch_size = 2000
        # No stock Diff per row: unchanged rows are found by comparing with the snapshot taken for
        # undo, and the preview builds its own diff for the rows it shows (see ``after_import_row``).
        skip_diff = True
        instance_loader_class = NaturalKeyInstanceLoader

    def __init__(self, user=None, precise=False, context=None, **kwargs):
        super().__init__(**kwargs)
        self.context = context if context is not None else ImportContext(user=user)
        self.user = user = self.context.user
        self.precise = precise
        self.seen_keys = {}
        self.before_states = {}  # pk -> state before this chunk, to find unchanged rows
        self.before_cells = {}  # pk -> exported cells before the import, for the preview's rows
        # The organisation whose rows a partner may write; None for curators, who may write every row.
        self.partner_profile = self.context.partner_profile
        for field in self.fields.values():  # related records are looked up among those the user may see
            widget = getattr(field.widget, "item_widget", field.widget)
            if isinstance(widget, widgets.NaturalKeyWidget):
                widget.user, widget.context = user, self.context
            for inner in vars(widget).values():  # a widget reading keys with its own (participants)
                if isinstance(inner, widgets.NaturalKeyWidget):
                    inner.context = self.context
        if precise:
            self._meta = self.precise_meta()
        self.unique_checks = self.constraint_checks()

    def precise_meta(self):
        """A copy of the options that saves row by row, so every database refusal names its row."""
        meta = type(self._meta)()
        meta.__dict__.update(self._meta.__dict__)
        meta.use_bulk = False
        return meta

    @classmethod
    def field_from_django_field(cls, field_name, django_field, readonly):
        return Field(
            attribute=field_name,
            column_name=field_name,
            widget=widget_for(django_field),
            readonly=readonly,
            default=models.NOT_PROVIDED,
            m2m_add=False,
            # A blank cell in a column with a default leaves the value alone (the default for a new row).
            saves_null_values=not django_field.has_default(),
        )

    # -- headers ---------------------------------------------------------------------------

    def model_field(self, name):
        try:
            return self._meta.model._meta.get_field(name)
        except Exception:
            return None

    def label(self, name, language):
        field = self.model_field(name)
        if field is None or not hasattr(field, "verbose_name"):
            return name
        with translation.override(language):
            return capfirst(str(field.verbose_name))

    def header_spellings(self):
        """Every accepted spelling of every column: {spelling (case-folded): field name}."""
        spellings = {}
        for name in self.get_import_field_names():
            english, chinese = self.label(name, "en"), self.label(name, "zh-hans")
            # the blank templates' headers carry both labels: "Partner / 贸易伙伴"
            for spelling in (name, english, chinese, f"{english} / {chinese}", *self.header_aliases.get(name, ())):
                spellings[spelling.casefold()] = name
        return spellings

    def get_import_field_names(self):
        return [field.column_name for field in self.get_import_fields() if not field.readonly]

    def get_export_headers(self, selected_fields=None):
        language = translation.get_language() or "en"
        return [self.label(field.column_name, language) for field in self.get_export_fields(selected_fields)]

    def export_field(self, field, instance, **kwargs):
        return escape_formula(super().export_field(field, instance, **kwargs))

    # -- natural keys ----------------------------------------------------------------------

    def natural_key_of(self, row):
        """The row's natural key as a tuple of database values, or None if a key cell is missing or wrong."""
        key = []
        for name in self.get_import_id_fields():
            field = self.fields[name]
            if field.column_name not in row:
                return None
            try:
                value = field.clean(row)
            except (ValueError, ValidationError):
                return None
            key.append(value.pk if isinstance(value, models.Model) else value)
        return tuple(key)

    def key_of_instance(self, instance):
        key = []
        for name in self.get_import_id_fields():
            attribute = self.fields[name].attribute
            django_field = self.model_field(attribute)
            if isinstance(django_field, models.ForeignKey):
                key.append(getattr(instance, django_field.attname))
            else:
                key.append(getattr(instance, attribute))
        return tuple(key)

    def existing_by_key(self, keys):
        """Existing records for the given keys, fetched with one ``IN`` filter per key column."""
        condition = models.Q()
        for position, name in enumerate(self.get_import_id_fields()):
            attribute = self.fields[name].attribute
            django_field = self.model_field(attribute)
            column = django_field.attname if isinstance(django_field, models.ForeignKey) else attribute
            values = {key[position] for key in keys}
            matches = models.Q(**{f"{column}__in": values - {None}})
            if None in values:  # SQL's IN never matches NULL
                matches |= models.Q(**{f"{column}__isnull": True})
            condition &= matches
        wanted = set(keys)
        found = {}
        related = [f.name for f in self._meta.model._meta.concrete_fields if f.is_relation]
        for instance in self.get_queryset().filter(condition).select_related(*related).iterator(chunk_size=2000):
            key = self.key_of_instance(instance)
            if key in wanted:
                found[key] = instance
        return found

    # -- rows --------------------------------------------------------------------------------

    def prepare_row(self, row):
        """Fill defaults and split dates before anything reads the row (the natural key depends on both).

        ``2015年5月`` (or an Excel date) in a year column fills the year and the month columns.
        """
        for column, value in self.column_defaults.items():
            if widgets.is_blank(row.get(column)):
                row[column] = value
        for column in self.get_import_id_fields():
            row.setdefault(column, "")  # an optional key column left out of the file is blank
        for parts in self.date_parts:
            year_column = parts[0]
            if year_column not in row or widgets.is_blank(row[year_column]):
                continue
            parsed = widgets.parse_date_parts(row[year_column])
            if parsed is None:
                continue  # the year widget reports it
            row[year_column] = parsed[0]
            for column, value in zip(parts[1:], parsed[1:], strict=False):
                if value is None:
                    continue
                if widgets.is_blank(row.get(column)):
                    row[column] = value

    def import_instance(self, instance, row, **kwargs):
        errors = {}
        if self.partner_profile is not None:
            for name in self.curator_only_fields:
                if name in row and not widgets.is_blank(row[name]):
                    errors[name] = ValidationError(_("Only curators may set this column."), code="curator_only")
        try:
            super().import_instance(instance, row, **kwargs)
        except ValidationError as error:
            errors = error.update_error_dict(errors)
        if self.partner_profile is not None and instance.pk is None and hasattr(instance, "publication_status"):
            instance.publication_status = PublicationStatusChoices.DRAFT
            instance.review_note = ""
        if errors:
            raise ValidationError(errors)

    def validate_instance(self, instance, import_validation_errors=None, validate_unique=True):
        errors = dict(import_validation_errors or {})
        # The widgets found every related record already: no need to ask the database again per row.
        exclude = set(errors) | {f.name for f in instance._meta.get_fields() if f.is_relation and f.concrete}
        try:
            instance.full_clean(exclude=exclude, validate_unique=False, validate_constraints=False)
        except ValidationError as error:
            errors = error.update_error_dict(errors)
        if self.context.dry_run or self.precise:
            self.check_constraints(instance, errors)
        # Keys seen in this file, by their hash: a million tuples would take 200 MB, their hashes half
        # that. Two different keys sharing a 64-bit hash in one file is a chance of about 1 in 10^7.
        # A row whose key could not be read has no key to repeat: no "same key" for it.
        if not any(self.fields[name].attribute in errors for name in self.get_import_id_fields()):
            key = hash(self.key_of_instance(instance))
            if key in self.seen_keys:
                errors.setdefault(NON_FIELD_ERRORS, []).append(
                    ValidationError(_("Same key as row %(row)s of this file.") % {"row": self.seen_keys[key]})
                )
            else:
                self.seen_keys[key] = self.current_row_number
        if self.partner_profile is not None and not self.partner_may_write(instance, self.current_row):
            errors.setdefault(NON_FIELD_ERRORS, []).append(
                ValidationError(_("This row is outside your organisation's records."), code="out_of_scope")
            )
        if errors:
            raise ValidationError(errors)

    def partner_keeps(self, instance, row):
        """Whether the row, as imported, belongs to the partner's organisation (the models open to partners say)."""
        return False

    def partner_may_write(self, instance, row):
        """An existing record must be the partner's before the import, and every row after it."""
        own = self._meta.model._default_manager.for_organisation(self.partner_profile)
        if instance.pk is not None and not own.filter(pk=instance.pk).exists():
            return False
        return self.partner_keeps(instance, row)

    def import_row(self, row, instance_loader, **kwargs):
        number = kwargs["row_number"]
        self.current_row_number = self.context.row_number(number)
        self.current_row = row
        return super().import_row(row, instance_loader, **kwargs)

    def before_import(self, dataset, **kwargs):
        self.before_states, self.before_cells, self.held_rows = {}, {}, 0
        super().before_import(dataset, **kwargs)

    def after_import(self, dataset, result, **kwargs):
        self.count_held(result)
        if not self.context.dry_run:
            super().after_import(dataset, result, **kwargs)

    def after_init_instance(self, instance, new, row, **kwargs):
        if new:
            return
        self.before_states[instance.pk] = snapshot(instance)
        if self.context.preview_left > 0:
            self.before_cells[instance.pk] = {f.column_name: f.export(instance) for f in self.get_export_fields()}

    def before_save_instance(self, instance, row, **kwargs):
        # Bulk updates skip auto_now: stamp the change so caches and undo see it.
        instance.updated_at = timezone.now()
        if self.partner_profile is not None and self.stored_status(instance) == PublicationStatusChoices.REJECTED:
            instance.publication_status, instance.review_note = PublicationStatusChoices.DRAFT, ""  # resubmitted
        if not self.context.audited:
            instance.skip_history_when_saving = True
        elif instance.pk is not None and not self._meta.use_bulk:
            write_baselines(self._meta.model, [instance.pk])

    def save_instance(self, instance, is_create, row, **kwargs):
        """A check writes nothing; a partner's change to a published record is held, not written."""
        if self.is_held(instance):
            self.hold(instance, row)
        elif not self.context.dry_run:
            super().save_instance(instance, is_create, row, **kwargs)

    def do_instance_save(self, instance, is_create):
        """Row by row (``precise``), each row in a savepoint: a refused row does not spoil the ones after it."""
        with transaction.atomic():
            super().do_instance_save(instance, is_create)

    def save_m2m(self, instance, row, **kwargs):
        """A check (and a held change) reads the many-to-many cells (the real import reports them here), writes
        nothing."""
        if not (self.context.dry_run or self.is_held(instance)):
            return super().save_m2m(instance, row, **kwargs)
        for field in self.get_import_fields():
            if isinstance(field.widget, widgets.ManyNaturalKeysWidget) and field.column_name in row:
                field.clean(row)
        return None

    def get_bulk_update_fields(self):
        fields = [*super().get_bulk_update_fields(), "updated_at"]
        if self.partner_profile is not None and hasattr(self._meta.model, "review_note"):
            fields.append("review_note")
        return fields

    def bulk_create(self, using_transactions, dry_run, raise_errors, batch_size=None, result=None):
        """Creates a batch and, in a real import, its historical rows: one more bulk insert."""
        if not (self.context.audited and self.create_instances):
            return super().bulk_create(using_transactions, dry_run, raise_errors, batch_size, result)
        self.write_with_history(
            bulk_create_with_history, self.create_instances, result, raise_errors, batch_size=batch_size
        )

    def bulk_update(self, using_transactions, dry_run, raise_errors, batch_size=None, result=None):
        """Updates a batch and, in a real import, records its historical rows: one more bulk insert."""
        if not (self.context.audited and self.update_instances):
            return super().bulk_update(using_transactions, dry_run, raise_errors, batch_size, result)
        write_baselines(self._meta.model, [instance.pk for instance in self.update_instances])
        fields = self.get_bulk_update_fields()
        self.write_with_history(
            bulk_update_with_history, self.update_instances, result, raise_errors, fields=fields, batch_size=batch_size
        )

    def write_with_history(self, write, instances, result, raise_errors, **kwargs):
        """Write a batch with simple-history's bulk helper ``write``; a database refusal is the batch's, as in
        django-import-export's own bulk writes (the import service then finds the rows)."""
        try:
            write(
                instances,
                self._meta.model,
                default_user=history_user(),
                default_change_reason=history_reason(),
                custom_historical_attrs=historical_attrs(),
                **kwargs,
            )
        except Exception as error:
            self.handle_import_error(result, error, raise_errors)
        finally:
            instances.clear()

    def skip_row(self, instance, original, row, import_validation_errors=None):
        """Unchanged when every stored value and every many-to-many set equals the state before the import."""
        if import_validation_errors or instance.pk is None:
            return False
        before = self.before_states[instance.pk]
        for field in instance._meta.concrete_fields:
            if field.attname in ("created_at", "updated_at"):
                continue
            if field.value_from_object(instance) != before[field.attname]:
                return False
        for field in self.get_import_fields():
            if isinstance(field.widget, widgets.ManyNaturalKeysWidget) and field.column_name in row:
                if {related.pk for related in field.clean(row)} != set(before[field.attribute]):
                    return False
        return True

    def after_import_row(self, row, row_result, **kwargs):
        """For the first rows only, the cells the preview shows: ``before → after`` where a cell changes."""
        if self.context.pending is not None and self.context.dry_run and row_result.import_type == "new":
            self.context.pending.setdefault(self._meta.model, []).append(row_result.instance)
        if self.context.preview_left <= 0 or row_result.import_type not in ("new", "update", "skip"):
            return
        self.context.preview_left -= 1
        instance = row_result.instance
        previous = self.before_cells.get(instance.pk, {}) if row_result.import_type != "new" else {}
        cells = []
        for field in self.get_export_fields():
            after = field.export(instance)
            before = previous.get(field.column_name, after)
            cells.append(after if before == after else f"{before} → {after}")
        row_result.diff = cells
