"""Which organisation a partner user speaks for."""

from django.conf import settings
from django.db import models
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
