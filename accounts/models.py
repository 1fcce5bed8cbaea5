"""Which organisation a partner user speaks for, and users' API tokens."""

import hashlib
import hmac
import secrets
from datetime import timedelta

from django.conf import settings
from django.db import models
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from core.history import record_history
from core.models import TimeStampedModel


class PartnerProfile(TimeStampedModel):
    """Links a partner user to the one organisation, an institution or an alliance, whose records they keep."""

    user = models.OneToOneField(
        settings.AUTH_USER_MODEL, on_delete=models.CASCADE, related_name="partner_profile", verbose_name=_("user")
    )
    institution = models.ForeignKey(
        "alliances.Institution",
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="partner_profiles",
        verbose_name=_("institution"),
    )
    alliance = models.ForeignKey(
        "alliances.Alliance",
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="partner_profiles",
        verbose_name=_("alliance"),
    )

    language = models.CharField(
        _("language"),
        max_length=8,
        choices=settings.LANGUAGES,
        default="en",
        help_text=_("The language of the e-mails the portal sends the partner."),
    )

    history = record_history()

    class Meta:
        ordering = ["user__username"]
        verbose_name = _("partner profile")
        verbose_name_plural = _("partner profiles")
        constraints = [
            models.CheckConstraint(
                condition=models.Q(institution__isnull=False, alliance__isnull=True)
                | models.Q(institution__isnull=True, alliance__isnull=False),
                name="partnerprofile_one_organisation",
                violation_error_message=_("A partner speaks for one organisation: an institution or an alliance."),
            ),
        ]

    def __str__(self):
        return f"{self.user} — {self.organisation}"

    @property
    def organisation(self):
        return self.institution or self.alliance


# -- API tokens --------------------------------------------------------------------------------------

TOKEN_PREFIX_LENGTH = 8  # as the change history's ``token_prefix`` (core.history)


def default_token_expiry():
    return timezone.now() + timedelta(days=settings.API_TOKEN_DAYS)


def token_digest(key):
    """SHA-256 of the key. A key is 160 random bits: no dictionary or brute force can reach it, so a slow
    password hasher (PBKDF2's million rounds, about half a second) would only slow every API request down."""
    return hashlib.sha256(key.encode()).hexdigest()


class APITokenManager(models.Manager):
    def issue(self, user, **fields):
        """A new token for ``user``; returns its key, which is not stored and cannot be shown again."""
        token = self.model(user=user, **fields)
        key = token.new_key()
        token.save()
        return key

    def authenticate(self, key):
        """The token with this key, with its user, or None. Looked up by prefix, compared in constant time."""
        if len(key) <= TOKEN_PREFIX_LENGTH:
            return None
        token = self.select_related("user").filter(prefix=key[:TOKEN_PREFIX_LENGTH]).first()
        if token is None or not hmac.compare_digest(token.digest, token_digest(key)):
            return None
        return token


class APIToken(models.Model):
    """A key for programs (``Authorization: Token <key>``). Only its first characters and a digest are kept."""

    user = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.CASCADE, related_name="api_tokens", verbose_name=_("user")
    )
    name = models.CharField(_("purpose"), max_length=100, blank=True, help_text=_("What or who uses the token."))
    prefix = models.CharField(_("key prefix"), max_length=TOKEN_PREFIX_LENGTH, unique=True, editable=False)
    digest = models.CharField(_("key digest"), max_length=64, editable=False)
    created_at = models.DateTimeField(_("created"), auto_now_add=True)
    expires_at = models.DateTimeField(_("expires"), default=default_token_expiry)
    last_used_at = models.DateTimeField(_("last used"), null=True, blank=True, editable=False)

    objects = APITokenManager()

    class Meta:
        ordering = ["-created_at"]
        verbose_name = _("API token")
        verbose_name_plural = _("API tokens")

    def __str__(self):
        return f"{self.prefix}… ({self.user})"

    def new_key(self):
        """Give the token a new random key (40 hex characters, as before) and return it."""
        while True:
            key = secrets.token_hex(20)
            if not APIToken.objects.filter(prefix=key[:TOKEN_PREFIX_LENGTH]).exists():
                break
        self.prefix, self.digest = key[:TOKEN_PREFIX_LENGTH], token_digest(key)
        return key

    @property
    def expired(self):
        return self.expires_at <= timezone.now()

    def used(self):
        """Record the use, at most once a minute (not a write on every request)."""
        now = timezone.now()
        if self.last_used_at is None or now - self.last_used_at > timedelta(minutes=1):
            APIToken.objects.filter(pk=self.pk).update(last_used_at=now)
            self.last_used_at = now
