from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class AccountsConfig(AppConfig):
    """Partners' organisations (partner profiles) and the admin login command; roles are in ``core.roles``."""

    name = "accounts"
    verbose_name = _("Accounts and roles")
