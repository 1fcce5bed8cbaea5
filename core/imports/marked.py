"""The user's own file handed back with the problems marked, to fix and upload again.

XLSX: the faulty cells filled red with a comment giving the reason, and a *Problems* column;
CSV/TSV: an added *Problems* column, written in the file's own encoding and delimiter; JSON: a
``Problems`` member on each object at fault. The *Problems* column is in the active language; the
import ignores a column named *Problems* or *问题* (``PROBLEM_HEADERS``), so the file goes back as it is.
"""

import csv
import io
import json
from collections import defaultdict
from pathlib import Path

from django.utils.translation import gettext as _

from core.downloads import escape_formula
from core.imports import presets

PROBLEM_HEADERS = {"problems", "问题"}
RED = "FFC7CE"
CONTENT_TYPES = {
    "csv": "text/csv",
    "tsv": "text/tab-separated-values",
    "json": "application/json",
    "xlsx": "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet",
}


def is_problem_header(header):
    return str(header).strip().casefold() in PROBLEM_HEADERS


def problems_by_row(problems, sheet=None):
    """{spreadsheet row: [problem, ...]} for the problems of ``sheet`` (all of them if None)."""
    rows = defaultdict(list)
    for problem in problems:
        if sheet is None or not problem.sheet or problem.sheet == sheet:
            rows[problem.row or 1].append(problem)
    return rows


def describe(problem):
    message = str(problem.message)
    return f"{problem.column}: {message}" if problem.column else message


def problem_cell(found):
    """The Problems cell of a row: every reason, never something a spreadsheet would run as a formula."""
    return escape_formula("; ".join(describe(p) for p in found))


def marked_name(file_name):
    path = Path(file_name or "import")
    return f"{path.stem}-{_('problems')}{path.suffix}"


def can_mark(report, file_name):
    """Whether the file can be handed back marked: it was read (a spreadsheet never opened is never
    opened here either), or it is text whose rows could be told apart."""
    if report.ok:
        return False
    return report.file_format in CONTENT_TYPES or Path(file_name or "").suffix.lower() in (".csv", ".tsv", ".txt")


def marked_file(content, file_name, report):
    """``(bytes, file name, content type)``: the file of ``report`` with its problems marked."""
    file_format = report.file_format or Path(file_name).suffix.lstrip(".").lower()
    file_format = file_format if file_format in CONTENT_TYPES else "csv"
    preset = presets.any_named(report.preset)
    if file_format == "xlsx":
        data = marked_xlsx(content, report.problems, preset)
    elif file_format == "json":
        data = marked_json(content, report.problems)
    else:
        data = marked_delimited(content, report.problems, report.encoding or "utf-8-sig", file_format, preset)
    content_type = CONTENT_TYPES[file_format]
    if file_format in ("csv", "tsv"):
        content_type += f"; charset={(report.encoding or 'utf-8').replace('-sig', '')}"
    return data, marked_name(file_name), content_type


def marked_delimited(content, problems, encoding, file_format, preset=None):
    """The text file with a Problems column; a preset's metadata lines above the header are left as they are."""
    delimiter = "\t" if file_format == "tsv" else ","
    try:
        text = content.decode(encoding)
    except UnicodeDecodeError:  # the reader refused the file before it told its encoding
        encoding = "gb18030"
        text = content.decode(encoding, errors="replace")
    rows = problems_by_row(problems)
    out = io.StringIO()
    writer = csv.writer(out, delimiter=delimiter, lineterminator="\r\n" if "\r\n" in text[:10_000] else "\n")
    problem_column = None
    for number, cells in enumerate(csv.reader(io.StringIO(text, newline=""), delimiter=delimiter), start=1):
        if problem_column is None and any(cells) and (preset is None or preset.is_header(cells)):
            found = [i for i, cell in enumerate(cells) if is_problem_header(cell)]
            problem_column = found[0] if found else len(cells)
            if not found:
                cells = [*cells, _("Problems")]
            writer.writerow(cells)
            continue
        if problem_column is not None and any(cells):
            cells = (cells + [""] * (problem_column + 1 - len(cells)))[: max(len(cells), problem_column + 1)]
            cells[problem_column] = problem_cell(rows.get(number, ())) if number in rows else ""
        writer.writerow(cells)
    data = out.getvalue()
    if encoding.lower().replace("_", "-") == "utf-8-sig":
        return data.encode("utf-8-sig")
    return data.encode(encoding)


def marked_json(content, problems):
    items = json.loads(content.decode("utf-8-sig"))
    rows = problems_by_row(problems)
    if isinstance(items, list):
        for index, item in enumerate(items):
            if isinstance(item, dict):
                for key in [k for k in item if is_problem_header(k)]:
                    del item[key]
                found = rows.get(index + 2)
                if found:
                    item[_("Problems")] = problem_cell(found)
    return json.dumps(items, ensure_ascii=False, indent=1).encode("utf-8")


def mark_sheet(sheet, problems, preset=None):
    """Fill the faulty cells of ``sheet``, comment each with its reasons, and write a Problems column (in the
    header row: the first that holds a value, or the preset's header below its metadata lines)."""
    from openpyxl.comments import Comment
    from openpyxl.styles import PatternFill

    fill = PatternFill(start_color=RED, end_color=RED, fill_type="solid")
    header_row = next(
        (
            row
            for row in sheet.iter_rows(min_row=1, max_row=50)
            if any(c.value for c in row) and (preset is None or preset.is_header(str(c.value or "") for c in row))
        ),
        None,
    )
    if header_row is None:
        return
    top = header_row[0].row
    columns = {str(c.value).strip(): c.column for c in header_row if c.value not in (None, "")}
    problem_column = next((c.column for c in header_row if c.value and is_problem_header(c.value)), None)
    if problem_column is None:
        problem_column = sheet.max_column + 1
        sheet.cell(row=top, column=problem_column, value=_("Problems")).fill = fill
    for number, found in problems_by_row(problems, sheet.title).items():
        number = max(number, top)
        sheet.cell(row=number, column=problem_column, value=problem_cell(found))
        by_cell = defaultdict(list)
        for problem in found:
            if problem.column and str(problem.column).strip() in columns:
                by_cell[columns[str(problem.column).strip()]].append(str(problem.message))
        for column, messages in by_cell.items():
            cell = sheet.cell(row=number, column=column)
            cell.fill = fill
            cell.comment = Comment("\n".join(messages), _("BRI Cooperation Portal"), width=300, height=120)


def marked_xlsx(content, problems, preset=None):
    """Mark each worksheet that has problems (a file of one table: its first worksheet)."""
    import openpyxl

    workbook = openpyxl.load_workbook(io.BytesIO(content))
    named = {p.sheet for p in problems if p.sheet}
    for sheet in workbook.worksheets if named else workbook.worksheets[:1]:
        if not named or sheet.title in named:
            mark_sheet(sheet, problems, preset)
    out = io.BytesIO()
    workbook.save(out)
    return out.getvalue()
