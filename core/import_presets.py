"""Saved presets: a user's column mapping, kept under a name so the next file with the same headers needs none.

The built-in presets (``core.imports.presets.PRESETS``: UN Comtrade, World Bank WDI) are code; a preset
saved from the admin's mapping step, or written by a curator in the admin, is a row here with the same
parts (columns, rows to skip above the header, fixed values, value maps, unit conversion, rounding, row
filters, records to create), so it is exported, edited and reviewed like data. ``as_preset()`` turns a row
into the engine's ``Preset``; the engine does not care which kind it reads.

Who uses a saved preset: a partner's preset is for their organisation (``organisation``, the key of
``core.pending.organisation_key``, as pending changes are scoped); a curator's, with no organisation, is for
everyone. Curators edit every preset in the admin; partners make theirs only through the mapping step.
"""

from django.conf import settings
from django.core.exceptions import ValidationError
from django.core.validators import RegexValidator
from django.db import models
from django.utils.translation import gettext_lazy as _

from .pending import organisation_key

PRESET_NAME = RegexValidator(r"^[a-z0-9][a-z0-9-]*$", _("Lower-case letters, digits and hyphens, e.g. my-trade-file."))
# The parts of a preset, as stored in its JSON fields: {part: the type of its value}.
JSON_PARTS = {
    "columns": dict,
    "fixed": dict,
    "value_maps": dict,
    "scale": dict,
    "decimals": dict,
    "slugs": list,
    "keep": dict,
    "drop": dict,
    "creates": dict,
}


class ImportPresetQuerySet(models.QuerySet):
    def usable_by(self, user):
        """The presets ``user`` imports with: everyone's, and a partner's organisation's (curators: every one)."""
        from .roles import CURATOR, partner_profile_of, role_of

        if role_of(user) == CURATOR:
            return self.all()
        profile = partner_profile_of(user)
        shared = models.Q(organisation="")
        return self.filter(shared | models.Q(organisation=organisation_key(profile)) if profile else shared)


class ImportPreset(models.Model):
    """A named preset for one table (see the module docstring); the JSON parts are those of ``Preset``."""

    name = models.CharField(_("name"), max_length=60, validators=[PRESET_NAME], help_text=PRESET_NAME.message)
    label = models.CharField(_("description"), max_length=200, blank=True)
    table = models.CharField(
        _("table"), max_length=100, help_text=_("The table it imports into, e.g. trade.TradeRecord.")
    )
    organisation = models.CharField(
        _("organisation"),
        max_length=40,
        blank=True,
        db_index=True,
        help_text=_("The partner organisation that uses it; empty: everyone."),
    )
    created_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="+",
        verbose_name=_("saved by"),
    )
    signature = models.JSONField(
        _("headers"), default=list, help_text=_("The headers a file must have for the preset to apply by itself.")
    )
    columns = models.JSONField(
        _("columns"), default=dict, help_text=_('{"field": ["header", …]}: the first header the file has fills it.')
    )
    fixed = models.JSONField(
        _("fixed values"), default=dict, blank=True, help_text=_('{"field": "text"}; {header} stands for its cell.')
    )
    value_maps = models.JSONField(
        _("value maps"),
        default=dict,
        blank=True,
        help_text=_('{"field": {"cell": "value"}}, e.g. {"flow": {"X": "export"}}.'),
    )
    scale = models.JSONField(
        _("unit conversion"), default=dict, blank=True, help_text=_('{"field": divisor}, e.g. {"value": 100000000}.')
    )
    decimals = models.JSONField(_("decimal places"), default=dict, blank=True, help_text=_('{"field": places}.'))
    slugs = models.JSONField(_("codes made slugs"), default=list, blank=True, help_text=_('["field", …]'))
    keep = models.JSONField(
        _("keep only rows"), default=dict, blank=True, help_text=_('{"header": ["cell", …]}: other rows are left out.')
    )
    drop = models.JSONField(
        _("leave out rows"), default=dict, blank=True, help_text=_('{"header": ["cell", …]}: these rows are left out.')
    )
    preamble_rows = models.PositiveSmallIntegerField(
        _("lines above the header"),
        default=0,
        help_text=_("At most this many metadata lines above the header are skipped."),
    )
    creates = models.JSONField(
        _("records to create"),
        default=dict,
        blank=True,
        help_text=_('{"field": {"column": "text"}}: a missing related record is created as a draft.'),
    )
    documentation = models.URLField(_("documentation"), blank=True)
    created_at = models.DateTimeField(_("created"), auto_now_add=True)
    updated_at = models.DateTimeField(_("last changed"), auto_now=True)

    objects = ImportPresetQuerySet.as_manager()

    class Meta:
        ordering = ["table", "name"]
        verbose_name = _("import preset")
        verbose_name_plural = _("import presets")
        constraints = [
            models.UniqueConstraint(
                fields=["organisation", "name"],
                name="importpreset_one_name_per_organisation",
                violation_error_message=_("A preset of this name already exists."),
            )
        ]

    def __str__(self):
        return self.name

    def clean(self):
        from .imports.presets import by_name
        from .registry import importable_models

        if by_name(self.name):
            raise ValidationError({"name": _("A built-in preset is called so; choose another name.")})
        if self.table not in {model._meta.label for model in importable_models()}:
            raise ValidationError({"table": _("No importable table is called “%(table)s”.") % {"table": self.table}})
        for part, kind in JSON_PARTS.items():
            if not isinstance(getattr(self, part), kind):
                message = _("A JSON object {…}.") if kind is dict else _("A JSON list […].")
                raise ValidationError({part: message})
        if not isinstance(self.signature, list) or not all(isinstance(h, str) for h in self.signature):
            raise ValidationError({"signature": _("A JSON list of headers […].")})
