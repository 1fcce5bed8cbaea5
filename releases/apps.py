from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class ReleasesConfig(AppConfig):
    """Citable data releases: numbered, immutable snapshots of every public record, their downloads in
    open-data standards, catalogue metadata and citations. Above the domain apps; none imports it."""

    name = "releases"
    verbose_name = _("Data releases")

    def ready(self):
        from core import citations
        from core.api import views

        from . import reading

        citations.register_release_provider(reading.latest_release_info)
        views.register_release_reader(reading.ReleaseReader)
