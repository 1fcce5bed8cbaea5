"""``Authorization: Token <key>`` against the hashed tokens of ``accounts.models.APIToken``."""

from django.utils.translation import gettext_lazy as _
from rest_framework import authentication, exceptions

from accounts.models import APIToken


class TokenAuthentication(authentication.TokenAuthentication):
    """DRF's header and messages; the key is looked up by its prefix and checked against its digest.
    An expired token, or one of a deactivated user, opens nothing."""

    def authenticate_credentials(self, key):
        token = APIToken.objects.authenticate(key)
        if token is None:
            raise exceptions.AuthenticationFailed(_("Invalid token."))
        if not token.user.is_active:
            raise exceptions.AuthenticationFailed(_("User inactive or deleted."))
        if token.expired:
            raise exceptions.AuthenticationFailed(_("The token has expired; ask an administrator for a new one."))
        token.used()
        return token.user, token
