"""Files the portal hands out (exports, templates, table downloads): one way to name and type them."""

from urllib.parse import quote

from django.http import HttpResponse

CONTENT_TYPES = {
    "csv": "text/csv; charset=utf-8",
    "tsv": "text/tab-separated-values; charset=utf-8",
    "json": "application/json; charset=utf-8",
    "xlsx": "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet",
}


FORMULA_PREFIXES = ("=", "+", "-", "@", "\t", "\r", "＝", "＋", "－", "＠")


def escape_formula(value):
    """Prefix ``'`` to a text cell a spreadsheet would run as a formula."""
    if isinstance(value, str) and value.startswith(FORMULA_PREFIXES):
        return "'" + value
    return value


def attachment(response, filename):
    """Mark ``response`` as a download named ``filename``: a plain ASCII name for every browser, and the
    exact name (Chinese included) as RFC 6266's ``filename*`` for those that read it."""
    ascii_name = filename.encode("ascii", "replace").decode().replace("?", "_").replace('"', "_")
    response["Content-Disposition"] = f"attachment; filename=\"{ascii_name}\"; filename*=UTF-8''{quote(filename)}"
    return response


def file_response(content, filename):
    """A download of ``content`` (bytes or text), typed by the file name's extension."""
    extension = filename.rsplit(".", 1)[-1]
    return attachment(HttpResponse(content, content_type=CONTENT_TYPES[extension]), filename)
