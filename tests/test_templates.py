"""Every template of the project: no line over 160 characters, and the pieces that were repeated
(record links, source links) are written once, in ``templates/includes/``."""

import re
from fnmatch import fnmatch
from pathlib import Path

import pytest

ROOT = Path(__file__).resolve().parent.parent
MAX_LINE = 160
TEMPLATES = sorted(
    path for path in ROOT.rglob("*.html") if not {".venv", "node_modules", "staticfiles", "artifacts"} & set(path.parts)
)
# Temporary allowance: these templates are being edited in parallel (issue 10) and are wrapped there; every
# other template has no line over the limit. Some are new files on those branches. Remove an entry once its
# template is wrapped; never add one.
BEING_EDITED_IN_PARALLEL = (
    "accounts/templates/admin/partners/home.html",
    "accounts/templates/admin/partners/review_waiting.html",
    "accounts/templates/admin/review/diff.html",
    "accounts/templates/admin/review/queue.html",
    "alliances/templates/alliances/alliance_detail.html",
    "cooperation/templates/cooperation/mode_list.html",
    "cooperation/templates/cooperation/project_list.html",
    "core/jobs/templates/admin/jobs/job.html",
    "imports/templates/admin/imports/*",
    "imports/templates/imports/dictionary.html",
    "portal/templates/portal/compare.html",
    "portal/templates/portal/country_detail.html",
    "portal/templates/portal/embed_map.html",
    "portal/templates/portal/group_*.html",
    "portal/templates/portal/includes/*",
    "portal/templates/portal/rankings.html",
    "templates/embed_base.html",
    "templates/includes/map.html",
    "templates/includes/map_section.html",
    "templates/includes/select_field.html",
    "templates/list_page.html",
    "trade/templates/trade/explorer.html",
    "trade/templates/trade/indicator_detail.html",
)
# A repeated piece, and the one include allowed to write it.
EXTRACTED = {
    "includes/record_link.html": re.compile(r"<a href=\"\{\{ *\w+\|record_url *\}\}\">"),
    "includes/source_link.html": re.compile(
        r"\{% link 'portal:source_detail' [\w.]*source\.slug %\}\">\{\{ [\w.]*source\.title"
    ),
}


def relative(path):
    return str(path.relative_to(ROOT))


def being_edited_in_parallel(path):
    return any(fnmatch(relative(path), pattern) for pattern in BEING_EDITED_IN_PARALLEL)


def test_the_scan_finds_the_templates():
    assert len(TEMPLATES) > 40
    assert "templates/base.html" in {relative(path) for path in TEMPLATES}


@pytest.mark.parametrize("path", [path for path in TEMPLATES if not being_edited_in_parallel(path)], ids=relative)
def test_no_template_line_is_longer_than_160_characters(path):
    long_lines = [number for number, line in enumerate(path.read_text().splitlines(), 1) if len(line) > MAX_LINE]
    assert long_lines == [], f"lines over {MAX_LINE}: {long_lines}"


@pytest.mark.parametrize("include, pattern", EXTRACTED.items(), ids=list(EXTRACTED))
def test_repeated_pieces_are_written_once_in_their_include(include, pattern):
    writing = [relative(path) for path in TEMPLATES if pattern.search(path.read_text())]
    assert writing == [f"templates/{include}"]
