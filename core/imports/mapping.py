"""The mapping step: when a file's headers are not all the table's, propose a column for each.

The check says "Unknown column"; the admin then shows each unknown header with the closest column of the
table preselected (by field name, English and Chinese label and the known synonyms of
``PortalResource.header_aliases``), or "ignore". The user's choice goes back to the engine as
``ImportContext.mapping`` ({header: field, or "" to ignore}); nothing is imported without a new check.
"""

import difflib

from django.conf import settings

from core.imports import presets
from core.imports.context import ImportContext
from core.imports.files import chosen_preset, file_layout
from core.imports.readers import UnreadableFile, read_table
from core.registry import resource_class_for


def column_choices(resource):
    """(field, "Label / 中文 (field)") for each column of the table, in the table's order."""
    return [
        (name, f"{resource.label(name, 'en')} / {resource.label(name, 'zh-hans')} ({name})")
        for name in resource.get_import_field_names()
    ]


def closest_field(resource, header, taken=()):
    """The column ``header`` most likely means, among those not yet taken; "" if none is close."""
    spellings = {spelling: name for spelling, name in resource.header_spellings().items() if name not in taken}
    text = str(header).strip().casefold()
    contained = [name for spelling, name in spellings.items() if len(spelling) > 3 and spelling in text]
    if contained:
        return contained[0]
    match = difflib.get_close_matches(text, list(spellings), n=1, cutoff=0.6)
    return spellings[match[0]] if match else ""


def unknown_columns(model, content, file_name, context: ImportContext):
    """(unknown headers, {header: proposed field}, column choices) of a file; no unknown headers if unreadable."""
    resource = resource_class_for(model)(context=context)
    try:
        preset = chosen_preset(model, context, content)
        trimmed, _skipped = preset.trim(content) if preset else (content, 0)
        table = read_table(
            trimmed, file_name, max_bytes=settings.IMPORT_MAX_FILE_SIZE, max_rows=settings.IMPORT_MAX_ROWS
        )
    except (UnreadableFile, presets.UnknownPreset):
        return [], {}, []
    layout = file_layout(resource, table, context, preset)
    taken = set(layout.columns.values())
    proposals = {}
    for header in layout.unknown:
        proposals[header] = closest_field(resource, header, taken)
        taken.add(proposals[header])
    return layout.unknown, proposals, column_choices(resource)
