"""Import and export, the same for the admin, the command line and the API.

Imports: ``core.imports.files.import_file`` (a file) and ``core.imports.engine.import_rows`` (rows);
both are named here too, for the callers that know this module. Exports: ``export_file``.
"""

import re

from django.core.exceptions import PermissionDenied
from django.utils.translation import gettext as _

from core.imports.context import CHUNK_ROWS, PREVIEW_ROWS, ImportContext
from core.imports.engine import Batch, import_batches, import_rows, storable_text
from core.imports.files import import_file, map_headers
from core.imports.reports import ImportReport, Problem
from core.registry import resource_class_for
from core.roles import may_export

__all__ = [
    "CHUNK_ROWS",
    "EXPORT_FORMATS",
    "PREVIEW_ROWS",
    "Batch",
    "ImportContext",
    "ImportReport",
    "Problem",
    "export_file",
    "export_queryset",
    "import_batches",
    "import_file",
    "import_rows",
    "map_headers",
    "storable_text",
]

EXPORT_FORMATS = ("csv", "tsv", "xlsx", "json")
SHEET_NAME_UNSAFE = re.compile(r"[\[\]:*?/\\]")  # characters a worksheet's name cannot have


def export_queryset(model, user=None):
    """What ``user`` may export: everything for curators, their organisation's rows for partners."""
    if not may_export(user, model):
        raise PermissionDenied(_("You may not export %(model)s.") % {"model": model._meta.verbose_name_plural})
    resource = resource_class_for(model)(user=user)
    queryset = resource.get_queryset()
    if resource.partner_profile is not None:
        queryset = queryset.for_organisation(resource.partner_profile)
    elif user is not None:
        queryset = queryset.visible_to(user)
    return resource, queryset


def export_file(model, file_format="csv", *, user=None, queryset=None):
    """The export of ``model`` (or of ``queryset``, already limited to what the user may see) as bytes.

    Headers are the labels of the active language; every text cell a spreadsheet would run as
    a formula is escaped.
    """
    if file_format not in EXPORT_FORMATS:
        raise ValueError(
            _("Unknown format “%(format)s”; use one of %(formats)s.")
            % {"format": file_format, "formats": ", ".join(EXPORT_FORMATS)}
        )
    resource, allowed = export_queryset(model, user)
    # A workbook keeps numbers (years, values) as numbers, so a spreadsheet sums and sorts them.
    native = file_format == "xlsx"
    dataset = resource.export(queryset if queryset is not None else allowed, force_native_type=native)
    dataset.title = SHEET_NAME_UNSAFE.sub(" ", str(model._meta.verbose_name_plural))[:31]  # the sheet's name
    data = dataset.export(file_format)
    return data.encode("utf-8") if isinstance(data, str) else data
