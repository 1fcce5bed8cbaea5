"""JSON for every error under /api/, including those Django answers itself (unknown URL, server error,
a body too large, a bad Host): an API client never gets an HTML page it did not ask for. The shapes
are those of ``core.api.exceptions``. A request stopped by gunicorn's timeout is a 503 (JSON under /api/)."""

from django.http import HttpResponse, JsonResponse
from django.utils.translation import gettext as _
from rest_framework.response import Response

from core.api.exceptions import BULK_SUFFIX, RequestTimeout, error

CODES = {
    400: "bad_request",
    403: "permission_denied",
    404: "not_found",
    405: "method_not_allowed",
    413: "too_large",
    500: "server_error",
}


class JSONErrorsMiddleware:
    prefix = "/api/"

    def __init__(self, get_response):
        self.get_response = get_response

    def __call__(self, request):
        try:
            response = self.get_response(request)
        except RequestTimeout:
            return self.timed_out(request)
        if (
            request.path_info.startswith(self.prefix)
            and response.status_code >= 400
            and not isinstance(response, Response)
            and not response.get("Content-Type", "").startswith("application/json")
            and not response.has_header("Content-Disposition")  # a file asked for (?marked=1) is the answer
        ):
            return self.as_json(request, response)
        return response

    @staticmethod
    def timed_out(request):
        """A request gunicorn stopped for running too long (bri_portal.gunicorn_hooks), its transaction rolled
        back: 503, in JSON under /api/."""
        message = _(
            "The request took longer than the server allows and was stopped; nothing was written. "
            "Send a smaller file, or ask a curator to run the import with manage.py import_data."
        )
        if not request.path_info.startswith(JSONErrorsMiddleware.prefix):
            return HttpResponse(message, status=503, content_type="text/plain; charset=utf-8")
        body = {"errors": [error(message, "timeout")]} if request.path_info.endswith(BULK_SUFFIX) else {}
        return JsonResponse(body or {"detail": message}, status=503, json_dumps_params={"ensure_ascii": False})

    def as_json(self, request, response):
        status = response.status_code
        if status >= 500:
            message = _("The server failed to answer; the error has been logged.")
        elif status == 404:
            message = _("There is no such address in the API; the root /api/v1/ lists every endpoint.")
        else:
            message = response.reason_phrase
        if request.path_info.endswith(BULK_SUFFIX):
            code = CODES.get(status, "server_error" if status >= 500 else "error")
            body = {"errors": [error(message, code)]}
        else:
            body = {"detail": message}
        answer = JsonResponse(body, status=status, json_dumps_params={"ensure_ascii": False})
        for header in ("Allow", "Retry-After", "WWW-Authenticate"):
            if header in response:
                answer[header] = response[header]
        return answer
