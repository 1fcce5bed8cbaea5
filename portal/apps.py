from django.apps import AppConfig
from django.db.models.signals import post_migrate
from django.utils.translation import gettext_lazy as _


def fill_search_index(sender, **kwargs):
    """After migrate: a database whose records were never indexed (the index is new) gets its index."""
    from .models import SearchEntry
    from .search.documents import SPECS
    from .search.index import rebuild

    if not SearchEntry.objects.exists() and any(spec.public().exists() for spec in SPECS.values()):
        rebuild()


class PortalConfig(AppConfig):
    name = "portal"
    verbose_name = _("Public portal")

    def ready(self):
        from .search import index

        index.connect()
        post_migrate.connect(fill_search_index, sender=self, dispatch_uid="portal.fill_search_index")
