"""Security headers and client addresses that the settings refer to."""

from django.conf import settings
from django.http import HttpResponseBadRequest
from django.utils.translation import gettext as _


def client_ip(request):
    """The client's address: NUM_PROXIES from the right of X-Forwarded-For, or the connection's own.

    Each trusted proxy appends the address it received the request from, so only the last
    NUM_PROXIES entries can be believed; anything left of them the client may have written.
    """
    forwarded = [address.strip() for address in request.META.get("HTTP_X_FORWARDED_FOR", "").split(",")]
    forwarded = [address for address in forwarded if address]
    if settings.NUM_PROXIES and forwarded:
        return forwarded[-min(settings.NUM_PROXIES, len(forwarded))]
    return request.META.get("REMOTE_ADDR", "")


class FrameAncestorsMiddleware:
    """A view that may be framed (``@xframe_options_exempt``) may be framed by any site under CSP too.

    Keeps ``frame-ancestors`` and ``X-Frame-Options`` saying the same thing: ``'none'`` and ``DENY``
    everywhere, no restriction on the /embed/ views. Must come after ``CSPMiddleware`` in MIDDLEWARE.
    """

    def __init__(self, get_response):
        self.get_response = get_response
        self.attribute = (
            "_csp_replace_ro" if hasattr(settings, "CONTENT_SECURITY_POLICY_REPORT_ONLY") else "_csp_replace"
        )

    def __call__(self, request):
        response = self.get_response(request)
        if getattr(response, "xframe_options_exempt", False):
            setattr(response, self.attribute, {"frame-ancestors": ["*"]})
        return response


class RefuseNullCharactersMiddleware:
    """A NUL character anywhere in the address is a bad request (400), before any view sends it to the
    database, which would fail on it (PostgreSQL refuses NUL in text). The API's filters refuse it
    themselves, naming the parameter, so only the API's path is checked here."""

    def __init__(self, get_response):
        self.get_response = get_response

    def __call__(self, request):
        if "\x00" in request.path_info or (
            not request.path_info.startswith("/api/")
            and any("\x00" in key or "\x00" in value for key, values in request.GET.lists() for value in values)
        ):
            message = _("Null characters are not allowed in an address.")
            return HttpResponseBadRequest(message, content_type="text/plain; charset=utf-8")
        return self.get_response(request)
