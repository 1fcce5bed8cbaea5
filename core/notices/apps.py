from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class NoticesConfig(AppConfig):
    """In-app notices and e-mails to a user, in the user's language. In ``core`` so that every layer
    (the jobs, the review queue in ``accounts``) can tell a user something."""

    name = "core.notices"
    label = "notices"
    verbose_name = _("Notices")
    default_auto_field = "django.db.models.BigAutoField"
