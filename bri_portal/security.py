"""Security headers and client addresses that the settings refer to."""

import ipaddress
import logging

from django.conf import settings
from django.http import HttpResponse, HttpResponseBadRequest
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


def undeclared_proxy(request):
    """Whether, in production, the request came through a proxy that NUM_PROXIES does not declare: it carries
    X-Forwarded-For from a loopback or private address while NUM_PROXIES is 0. Then every client has the proxy's
    address, so five wrong passwords lock a curator out for everyone and all anonymous readers share one
    API throttle."""
    if not settings.PRODUCTION or settings.NUM_PROXIES or "HTTP_X_FORWARDED_FOR" not in request.META:
        return False
    try:
        address = ipaddress.ip_address(request.META.get("REMOTE_ADDR", ""))
    except ValueError:
        return False
    return address.is_loopback or address.is_private


class UndeclaredProxyMiddleware:
    """Production refuses to serve (503) behind an undeclared proxy rather than let anyone lock users out;
    the reason goes to the log (README, Deployment). ``/healthz`` still answers, for the load balancer."""

    def __init__(self, get_response):
        self.get_response = get_response

    def __call__(self, request):
        if request.path_info != "/healthz" and undeclared_proxy(request):
            logging.getLogger("bri_portal.security").error(
                "A request came through a proxy (X-Forwarded-For from %s) but NUM_PROXIES=0: set NUM_PROXIES to "
                "the number of proxies in front of the portal. Refusing to serve until then.",
                request.META.get("REMOTE_ADDR"),
            )
            return HttpResponse(
                _("The portal is not configured for the way it is reached; the administrators have been told."),
                status=503,
                content_type="text/plain; charset=utf-8",
            )
        return self.get_response(request)


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
