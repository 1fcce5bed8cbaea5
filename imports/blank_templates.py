"""The columns of every importable table, from the resources and the models' labels: the data dictionary
page and the import templates (``imports.template_files``) both read them."""

from django.db import models
from django.utils import translation
from django.utils.translation import gettext as _
from django.utils.translation import pgettext

from core.imports import widgets
from core.registry import importable_models, resource_class_for


def describe_type(resource, name):
    """A column's type and allowed values, in words a partner understands."""
    widget = resource.fields[name].widget
    if getattr(widget, "description", None):
        return tuple(map(str, widget.description))
    if isinstance(widget, widgets.ManyNaturalKeysWidget):
        item = widget.item_widget
        kind = getattr(item, "plural", None) or item.model._meta.verbose_name_plural
        return _("list"), _("%(kind)s separated by | (e.g. KAZ | RUS)") % {"kind": kind}
    if isinstance(widget, widgets.NaturalKeyWidget):
        return _("reference"), _("the slug of an existing %(model)s") % {"model": widget.model._meta.verbose_name}
    if isinstance(widget, widgets.ChoiceWidget):
        return _("choice"), ", ".join(f"{code} ({label})" for code, label in widget.choices)
    if isinstance(widget, widgets.YearWidget):
        return _("year"), _("1900–2100; 2015年5月 or 2015-05 also fills the month")
    if isinstance(widget, widgets.IntegerWidget):
        return _("whole number"), ""
    if isinstance(widget, widgets.DecimalWidget):
        return pgettext("data type", "number"), _(
            "full-width digits and thousands separators are accepted: 1,071.0 or １０７１．０"
        )
    if isinstance(widget, widgets.BooleanWidget):
        return _("yes/no"), _("yes/no, true/false, 1/0, 是/否")
    if name == "participants":
        return _("list"), _("institution slugs separated by |, each optionally followed by :role")
    return _("text"), ""


def columns(model):
    """One entry per importable column: name, labels, meaning, type, allowed values, example, required."""
    resource = resource_class_for(model)()
    example = (
        model._default_manager.public().first()
        if hasattr(model, "publication_status")
        else (model._default_manager.first())
    )
    entries = []
    for name in resource.get_import_field_names():
        field = resource.model_field(resource.fields[name].attribute)
        kind, allowed = describe_type(resource, name)
        required = name in resource.get_import_id_fields() or (
            isinstance(field, models.Field) and not field.blank and not field.has_default() and not field.null
        )
        entries.append(
            {
                "name": name,
                "label_en": resource.label(name, "en"),
                "label_zh": resource.label(name, "zh-hans"),
                "meaning": str(getattr(field, "help_text", "") or getattr(field, "verbose_name", name)),
                "type": kind,
                "allowed": allowed,
                "example": resource.fields[name].export(example) if example else "",
                "required": required and name not in resource.column_defaults,
            }
        )
    return entries


def data_dictionary():
    """Every importable model with its columns, for the data dictionary page."""
    language = translation.get_language()
    return [
        {
            "model": model,
            "label": model._meta.label,
            "name": model._meta.verbose_name_plural,
            "columns": columns(model),
            "language": language,
        }
        for model in importable_models()
    ]
