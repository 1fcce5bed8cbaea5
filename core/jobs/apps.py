from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class JobsConfig(AppConfig):
    """Imports as background jobs (django-tasks). It lives in ``core`` because its doors do: the admin's
    import mixin and the API's bulk endpoint are core's bases, and core may not import a higher layer."""

    name = "core.jobs"
    label = "jobs"
    verbose_name = _("Background jobs")
    default_auto_field = "django.db.models.BigAutoField"
