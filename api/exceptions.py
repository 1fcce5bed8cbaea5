"""Every error under /api/ is JSON of one shape:

    {"errors": [{"row": null, "field": "year__gte", "code": "invalid", "message": "Enter a number."}]}

``row`` is set for bulk imports (the spreadsheet's row: the header is row 1, the first data row or
the first object of a JSON array is row 2); ``field`` names the field or query parameter when there is one.
"""

from django.core.exceptions import PermissionDenied, RequestDataTooBig
from django.db.models import ProtectedError, RestrictedError
from django.http import Http404
from django.utils.translation import gettext as _
from rest_framework import exceptions, status
from rest_framework.response import Response
from rest_framework.views import set_rollback


class APIErrors(exceptions.APIException):
    """Located problems, reported all at once (400 unless said otherwise)."""

    status_code = status.HTTP_400_BAD_REQUEST

    def __init__(self, errors, status_code=None):
        super().__init__(detail="; ".join(str(e["message"]) for e in errors))
        self.errors = errors
        if status_code:
            self.status_code = status_code


def error(message, code="invalid", field=None, row=None):
    return {"row": row, "field": field, "code": code, "message": str(message)}


def flatten(detail, field=None):
    """DRF's nested error details as a flat list of errors."""
    if isinstance(detail, dict):
        return [e for key, value in detail.items() for e in flatten(value, key if key != "non_field_errors" else None)]
    if isinstance(detail, list):
        return [e for item in detail for e in flatten(item, field)]
    return [error(detail, getattr(detail, "code", "invalid"), field)]


def exception_handler(exc, context):
    if isinstance(exc, RequestDataTooBig):
        exc = APIErrors([error(_("The request body is too large."), "too_large")], 413)
    elif isinstance(exc, Http404):
        exc = exceptions.NotFound()
    elif isinstance(exc, PermissionDenied):
        exc = exceptions.PermissionDenied(str(exc) or None)
    elif isinstance(exc, ProtectedError | RestrictedError):
        exc = APIErrors(
            [error(_("Other records refer to this one; change or delete them first."), "protected")],
            status.HTTP_409_CONFLICT,
        )
    if not isinstance(exc, exceptions.APIException):
        return None  # a server error: Django logs it; the middleware answers in JSON
    headers = {}
    if getattr(exc, "auth_header", None):
        headers["WWW-Authenticate"] = exc.auth_header
    if getattr(exc, "wait", None):
        headers["Retry-After"] = str(int(exc.wait) + (exc.wait % 1 > 0))
    errors = exc.errors if isinstance(exc, APIErrors) else flatten(exc.detail)
    set_rollback()
    return Response({"errors": errors}, status=exc.status_code, headers=headers)
