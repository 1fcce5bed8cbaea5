"""The database's rules checked by querying, so that a check (dry run) finds what the database would refuse
without writing, in the messages Django gives (``violation_error_message``)."""

from django.core.exceptions import NON_FIELD_ERRORS, ValidationError
from django.db import models


class ConstraintChecks:
    """Mixed into ``PortalResource``."""

    def constraint_checks(self):
        """The database's rules a check verifies by querying: every constraint and unique field but the natural key
        (rows are matched by it, and the file's own repeats are found in ``validate_instance``)."""
        model = self._meta.model
        key = {self.fields[name].attribute for name in self.get_import_id_fields()}
        constraints = [
            c for c in model._meta.constraints if not (isinstance(c, models.UniqueConstraint) and set(c.fields) == key)
        ]
        unique = [f.name for f in model._meta.concrete_fields if f.unique and not f.primary_key and {f.name} != key]
        return constraints, unique

    def check_constraints(self, instance, errors):
        """Whether the database would take the row, asked without writing, in the messages Django gives."""
        constraints, unique = self.unique_checks
        model = self._meta.model
        # A record an earlier sheet adds is not written in a check: nothing to ask the database about it.
        unsaved = {name for name, related in instance._state.fields_cache.items() if getattr(related, "pk", 0) is None}
        exclude = set(errors) | unsaved
        for constraint in constraints:
            try:
                constraint.validate(model, instance, exclude=exclude)
            except ValidationError as error:
                field_names = getattr(constraint, "fields", ()) or ()
                name = field_names[0] if len(field_names) == 1 else NON_FIELD_ERRORS
                errors.setdefault(name, []).extend(error.messages)
        if unique:
            others = {f.name for f in model._meta.concrete_fields} - set(unique)
            try:
                instance.validate_unique(exclude=others | exclude)
            except ValidationError as error:
                for name, messages in error.message_dict.items():
                    errors.setdefault(name, []).extend(messages)
