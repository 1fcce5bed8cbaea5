"""Every error under /api/ is JSON, in one of two stable shapes.

Bulk writes (``<endpoint>bulk/``) report every problem of the file at once, located::

    {"errors": [{"row": 3, "field": "value", "value": "lots", "code": "invalid", "message": "…"}]}

``row`` is the spreadsheet's row (the header is row 1, the first data row or the first object of a
JSON array is row 2). Everything else answers in Django REST framework's standard shape, which DRF
clients already read: ``{"detail": "…"}``, or for invalid input the messages by field
(``{"year__gte": ["Enter a number."]}``, ``non_field_errors`` for the rest).
"""

from django.core.exceptions import PermissionDenied, RequestDataTooBig
from django.db.models import ProtectedError, RestrictedError
from django.http import Http404
from django.utils.translation import gettext as _
from rest_framework import exceptions, status
from rest_framework.response import Response
from rest_framework.settings import api_settings
from rest_framework.views import exception_handler as standard_handler
from rest_framework.views import set_rollback

BULK_SUFFIX = ("/bulk/", "/bulk/file/")  # str.endswith takes either


class RequestTimeout(BaseException):
    """Raised in a request that ran longer than gunicorn's ``timeout`` (bri_portal.gunicorn_hooks); answered
    with a 503 (api.middleware). Not an ``Exception``: code that carries on after one (django-import-export
    records it as a row's error and goes to the next row) must not swallow it."""


class APIErrors(exceptions.APIException):
    """Located problems, reported all at once (400 unless said otherwise)."""

    status_code = status.HTTP_400_BAD_REQUEST

    def __init__(self, errors, status_code=None):
        super().__init__(detail="; ".join(str(e["message"]) for e in errors), code=errors[0]["code"])
        self.errors = errors
        if status_code:
            self.status_code = status_code

    def as_standard(self):
        """The same problems in DRF's shape: messages by field for invalid input, else one detail."""
        if self.status_code != status.HTTP_400_BAD_REQUEST:
            standard = exceptions.APIException(self.detail)
            standard.status_code = self.status_code
            return standard
        detail = {}
        for e in self.errors:
            field = e["field"] or api_settings.NON_FIELD_ERRORS_KEY
            detail.setdefault(field, []).append(exceptions.ErrorDetail(e["message"], e["code"]))
        return exceptions.ValidationError(detail)


def error(message, code="invalid", field=None, row=None, value=None):
    return {"row": row, "field": field, "value": value, "code": code, "message": str(message)}


def flatten(detail, field=None):
    """DRF's nested error details as a flat list of errors."""
    if isinstance(detail, dict):
        return [e for key, value in detail.items() for e in flatten(value, key if key != "non_field_errors" else None)]
    if isinstance(detail, list):
        return [e for item in detail for e in flatten(item, field)]
    return [error(detail, getattr(detail, "code", "invalid"), field)]


def as_api_exception(exc):
    """Django's own exceptions as the API exceptions they mean; None for a server error."""
    if isinstance(exc, RequestDataTooBig):
        return APIErrors(
            [error(_("The request body is too large."), "too_large")], status.HTTP_413_REQUEST_ENTITY_TOO_LARGE
        )
    if isinstance(exc, Http404):
        return exceptions.NotFound()
    if isinstance(exc, PermissionDenied):
        return exceptions.PermissionDenied(str(exc) or None)
    if isinstance(exc, ProtectedError | RestrictedError):
        message = _("Other records refer to this one; change or delete them first.")
        return APIErrors([error(message, "protected")], status.HTTP_409_CONFLICT)
    if isinstance(exc, exceptions.APIException):
        return exc
    return None  # a server error: Django logs it; the middleware answers in JSON


def exception_handler(exc, context):
    exc = as_api_exception(exc)
    if exc is None:
        return None
    if context["request"].path_info.endswith(BULK_SUFFIX):
        return bulk_response(exc)
    if isinstance(exc, APIErrors):
        exc = exc.as_standard()
    elif isinstance(exc, exceptions.ValidationError) and isinstance(exc.detail, dict):
        exc.detail = {
            field: messages if isinstance(messages, list) else [messages] for field, messages in exc.detail.items()
        }
    return standard_handler(exc, context)


def bulk_response(exc):
    headers = {}
    if getattr(exc, "auth_header", None):
        headers["WWW-Authenticate"] = exc.auth_header
    if getattr(exc, "wait", None):
        headers["Retry-After"] = str(int(exc.wait) + (exc.wait % 1 > 0))
    errors = exc.errors if isinstance(exc, APIErrors) else flatten(exc.detail)
    set_rollback()
    return Response({"errors": errors}, status=exc.status_code, headers=headers)
