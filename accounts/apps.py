from django.apps import AppConfig
from django.db.models.signals import post_migrate
from django.utils.translation import gettext_lazy as _


def sync_after_migrate(sender, apps=None, **kwargs):
    """Keep the roles' permissions in step with the models after every migrate (and test flush)."""
    from django.apps import apps as global_apps

    from .roles import sync_role_permissions

    sync_role_permissions(apps or global_apps)


class AccountsConfig(AppConfig):
    """Staff roles: the Curators and Partners groups and their permissions; partners' organisations."""

    name = "accounts"
    verbose_name = _("Accounts and roles")

    def ready(self):
        # After every app's migrate, not only this one's: the permissions of apps listed later
        # (imports' history and undo) exist only once their own post_migrate has run.
        post_migrate.connect(sync_after_migrate, dispatch_uid="accounts.sync_role_permissions")
