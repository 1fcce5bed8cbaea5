"""The Simplified Chinese catalogue is complete, and the compiled one in the repository matches it."""

import gettext
from pathlib import Path

from tests.portal.helpers import read_catalogue

CATALOGUE = Path(__file__).resolve().parents[2] / "locale" / "zh_Hans" / "LC_MESSAGES" / "django.po"


def test_no_entry_is_fuzzy_or_empty():
    entries = read_catalogue(CATALOGUE)
    assert len(entries) > 500
    assert [entry["msgid"] for entry in entries if "fuzzy" in entry["flags"]] == []
    assert [entry["msgid"] for entry in entries if not all(entry["msgstr"])] == []


def test_compiled_catalogue_is_up_to_date():
    with open(CATALOGUE.with_suffix(".mo"), "rb") as compiled_file:
        compiled = gettext.GNUTranslations(compiled_file)
    for entry in read_catalogue(CATALOGUE):
        if "msgid_plural" in entry:
            assert compiled.ngettext(entry["msgid"], entry["msgid_plural"], 2) == entry["msgstr"][0]
        elif "msgctxt" in entry:
            assert compiled.pgettext(entry["msgctxt"], entry["msgid"]) == entry["msgstr"][0]
        else:
            assert compiled.gettext(entry["msgid"]) == entry["msgstr"][0], entry["msgid"]
