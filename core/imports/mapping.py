"""The mapping step: when a file's headers are not all the table's, propose a column for each.

The check says "Unknown column"; the admin then shows each unknown header with the closest column of the
table preselected (by field name, English and Chinese label and the known synonyms of
``PortalResource.header_aliases``), or "ignore". The user's choice goes back to the engine as
``ImportContext.mapping`` ({header: field, or "" to ignore}); nothing is imported without a new check.
Named, the choice is saved as a preset (``save_preset``: a row of ``core.import_presets.ImportPreset``) for
the user's organisation (a curator's: for everyone), found by itself the next time the same headers arrive.
"""

import difflib

from core.import_presets import ImportPreset
from core.imports import presets
from core.imports.context import ImportContext
from core.imports.files import file_layout, read_file
from core.imports.marked import is_problem_header
from core.imports.readers import UnreadableFile
from core.pending import organisation_key
from core.registry import resource_class_for
from core.roles import partner_profile_of

# The parts of a preset the file was read with, which a preset saved from it keeps.
KEPT_PARTS = ("fixed", "value_maps", "scale", "decimals", "slugs", "keep", "drop", "preamble_rows", "creates")


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
    """(unknown headers, {header: proposed field}, column choices, what a saved preset keeps) of a file; no
    unknown headers if unreadable. What a saved preset keeps: the file's headers, those already mapped
    ({header: field}) and the preset the file was read with (its name, or "")."""
    resource = resource_class_for(model)(context=context)
    try:
        preset, table = read_file(model, context, content, file_name)
    except (UnreadableFile, presets.UnknownPreset):
        return [], {}, [], {}
    layout = file_layout(resource, table, context, preset)
    taken = set(layout.columns.values())
    proposals = {}
    for header in layout.unknown:
        proposals[header] = closest_field(resource, header, taken)
        taken.add(proposals[header])
    headers = [str(h) for h in table.headers if not is_problem_header(str(h)) and h not in layout.year_columns]
    kept = {
        "all_headers": headers,
        "known": {str(header): name for header, name in layout.columns.items()},
        "base": layout.preset.name if layout.preset else "",
    }
    return layout.unknown, proposals, column_choices(resource), kept


def save_preset(user, model, name, kept, mapping):
    """Save the file's columns (``kept`` from ``unknown_columns``, and the user's ``mapping``) as the preset
    ``name`` for the user's organisation (a curator's: for everyone); raises ``ValidationError``."""
    columns = {}
    for header, field in [*kept["known"].items(), *mapping.items()]:
        if field:
            columns[field] = [header]
    profile = partner_profile_of(user)
    row = ImportPreset(
        name=name,
        table=model._meta.label,
        organisation=organisation_key(profile) if profile else "",
        created_by=user if getattr(user, "pk", None) else None,
        signature=kept["all_headers"],
        columns=columns,
    )
    base = presets.named(model, kept["base"], user) if kept.get("base") else None
    for part in KEPT_PARTS if base else ():
        setattr(row, part, plain(getattr(base, part)))
    row.full_clean()
    row.save()
    return row


def plain(value):
    """A preset's part as JSON holds it (sets and tuples as sorted lists)."""
    if isinstance(value, dict):
        return {key: plain(item) for key, item in value.items()}
    if isinstance(value, set | frozenset | tuple | list):
        return sorted(value) if isinstance(value, set | frozenset) else list(value)
    return value
