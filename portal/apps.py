from django.apps import AppConfig
from django.db.models.signals import post_migrate
from django.utils.translation import gettext_lazy as _


def fill_search_index(sender, **kwargs):
    """After migrate: record types never indexed (a new index, or a type newly made searchable, such as
    country groups) get their rows."""
    from .models import SearchEntry
    from .search.documents import SPECS
    from .search.index import rebuild

    indexed = set(SearchEntry.objects.values_list("record_type", flat=True).distinct())
    missing = [key for key, spec in SPECS.items() if key not in indexed and spec.public().exists()]
    if missing:
        rebuild(missing)


class PortalConfig(AppConfig):
    name = "portal"
    verbose_name = _("Public portal")

    def ready(self):
        from .search import index

        index.connect()
        post_migrate.connect(fill_search_index, sender=self, dispatch_uid="portal.fill_search_index")
