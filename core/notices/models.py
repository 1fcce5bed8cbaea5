"""Notices to a user: stored with their parameters, written out in the reader's language when shown or sent."""

from django.conf import settings
from django.db import models
from django.utils.translation import gettext_lazy as _


class Notice(models.Model):
    user = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.CASCADE, related_name="+")
    kind = models.CharField(max_length=32)
    params = models.JSONField(default=dict)
    url = models.CharField(max_length=300, blank=True)
    created_at = models.DateTimeField(_("created"), auto_now_add=True, db_index=True)
    read_at = models.DateTimeField(_("read"), null=True, blank=True)

    class Meta:
        ordering = ["-created_at", "-pk"]
        verbose_name = _("notice")
        verbose_name_plural = _("notices")
        indexes = [models.Index(fields=["user", "read_at"])]

    def __str__(self):
        from .service import render

        return render(self)[0]


class NoticeSettings(models.Model):
    """A user's choices: the language of their e-mails, and whether they get e-mails at all."""

    user = models.OneToOneField(settings.AUTH_USER_MODEL, on_delete=models.CASCADE, related_name="notice_settings")
    language = models.CharField(_("language"), max_length=16, choices=settings.LANGUAGES, default="en")
    email = models.BooleanField(_("send me e-mails"), default=True)

    class Meta:
        verbose_name = _("notice settings")
        verbose_name_plural = _("notice settings")

    def __str__(self):
        return f"{self.user} ({self.language})"
