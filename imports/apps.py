from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class ImportsConfig(AppConfig):
    """Bulk import and export of every domain model, on django-import-export."""

    name = "imports"
    verbose_name = _("Imports and exports")
