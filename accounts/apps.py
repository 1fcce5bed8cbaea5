from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class AccountsConfig(AppConfig):
    """Staff roles: the Curators and Partners groups and their permissions."""

    name = "accounts"
    verbose_name = _("Accounts and roles")

    def ready(self):
        from django.db.models.signals import post_migrate

        from .roles import sync_role_permissions

        post_migrate.connect(
            lambda sender, apps, **kwargs: sync_role_permissions(apps),
            sender=self,
            dispatch_uid="accounts.sync_role_permissions",
        )
