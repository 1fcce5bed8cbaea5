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
# Lines written before the limit, per template: the count may only go down (wrap them as they are touched).
LONG_LINES_BEFORE = {
    "accounts/templates/admin/partners/review_waiting.html": 1,
    "accounts/templates/admin/review/queue.html": 2,
    "alliances/templates/alliances/alliance_detail.html": 6,
    "alliances/templates/alliances/alliance_list.html": 2,
    "alliances/templates/alliances/institution_detail.html": 7,
    "alliances/templates/alliances/institution_list.html": 2,
    "cooperation/templates/cooperation/includes/milestone.html": 1,
    "cooperation/templates/cooperation/milestone_list.html": 2,
    "cooperation/templates/cooperation/mode_list.html": 5,
    "cooperation/templates/cooperation/problem_detail.html": 2,
    "cooperation/templates/cooperation/problem_list.html": 2,
    "cooperation/templates/cooperation/project_detail.html": 5,
    "cooperation/templates/cooperation/project_list.html": 5,
    "cooperation/templates/cooperation/recommendation_detail.html": 2,
    "imports/templates/admin/imports/change_list.html": 1,
    "imports/templates/imports/dictionary.html": 1,
    "portal/templates/portal/country_detail.html": 14,
    "portal/templates/portal/country_list.html": 3,
    "portal/templates/portal/data.html": 4,
    "portal/templates/portal/home.html": 16,
    "portal/templates/portal/search.html": 5,
    "portal/templates/portal/source_detail.html": 3,
    "portal/templates/portal/source_list.html": 2,
    "templates/admin/base_site.html": 1,
    "templates/base.html": 3,
    "templates/includes/chart.html": 1,
    "templates/includes/cite_this.html": 2,
    "templates/includes/figure.html": 1,
    "templates/includes/filter_form.html": 3,
    "templates/includes/pagination.html": 1,
    "templates/includes/series_table.html": 1,
    "templates/includes/source_citation.html": 1,
    "templates/registration/locked_out.html": 1,
    "trade/templates/trade/explorer.html": 9,
    "trade/templates/trade/indicator_detail.html": 2,
    "trade/templates/trade/indicator_list.html": 3,
}
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
    assert {relative(path) for path in TEMPLATES} >= set(LONG_LINES_BEFORE)


@pytest.mark.parametrize("path", TEMPLATES, ids=relative)
def test_no_template_line_is_longer_than_160_characters(path):
    long_lines = [number for number, line in enumerate(path.read_text().splitlines(), 1) if len(line) > MAX_LINE]
    assert len(long_lines) <= LONG_LINES_BEFORE.get(relative(path), 0), f"lines over {MAX_LINE}: {long_lines}"


@pytest.mark.parametrize("include, pattern", EXTRACTED.items(), ids=list(EXTRACTED))
def test_repeated_pieces_are_written_once_in_their_include(include, pattern):
    writing = [relative(path) for path in TEMPLATES if pattern.search(path.read_text())]
    assert writing == [f"templates/{include}"]
