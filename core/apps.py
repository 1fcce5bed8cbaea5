from django.apps import AppConfig
from django.db.models.signals import post_migrate
from django.utils.translation import gettext_lazy as _


def sync_after_migrate(sender, apps=None, **kwargs):
    """Keep the roles' permissions in step with the models after every migrate (and test flush)."""
    from django.apps import apps as global_apps

    from .roles import sync_role_permissions

    sync_role_permissions(apps or global_apps)


class CoreConfig(AppConfig):
    """The shared machinery every app builds on: abstract models, history, roles, the registry,
    the import engine, the page cache, and the bases of the admin, the API and the public lists."""

    name = "core"
    verbose_name = _("Core")

    def ready(self):
        from django.core import checks

        from . import cache, registry
        from .checks import check_registry

        registry.discover()  # each app's registry.py declares its domain models
        checks.register(check_registry)

        cache.connect_signals()
        # After every app's migrate, not only this one's: the permissions of apps listed later exist
        # only once their own post_migrate has run.
        post_migrate.connect(sync_after_migrate, dispatch_uid="core.sync_role_permissions")
