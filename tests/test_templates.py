"""Every template of the project: no line over 160 characters, and the pieces that were repeated
(record links, source links) are written once, in ``templates/includes/``."""

import re
from pathlib import Path

import pytest

ROOT = Path(__file__).resolve().parent.parent
MAX_LINE = 160
TEMPLATES = sorted(
    path for path in ROOT.rglob("*.html") if not {".venv", "node_modules", "staticfiles", "artifacts"} & set(path.parts)
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


def test_the_scan_finds_the_templates():
    assert len(TEMPLATES) > 40
    assert "templates/base.html" in {relative(path) for path in TEMPLATES}


@pytest.mark.parametrize("path", TEMPLATES, ids=relative)
def test_no_template_line_is_longer_than_160_characters(path):
    long_lines = [number for number, line in enumerate(path.read_text().splitlines(), 1) if len(line) > MAX_LINE]
    assert long_lines == [], f"lines over {MAX_LINE}: {long_lines}"


@pytest.mark.parametrize("include, pattern", EXTRACTED.items(), ids=list(EXTRACTED))
def test_repeated_pieces_are_written_once_in_their_include(include, pattern):
    writing = [relative(path) for path in TEMPLATES if pattern.search(path.read_text())]
    assert writing == [f"templates/{include}"]
