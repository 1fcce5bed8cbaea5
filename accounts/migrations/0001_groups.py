from django.contrib.auth.management import create_permissions
from django.db import migrations

from core.roles import CURATORS, PARTNERS, sync_role_permissions


def create_groups(apps, schema_editor):
    # Permissions are normally created after migrate; create them now so the groups can hold them.
    for app_config in apps.get_app_configs():
        app_config.models_module = True
        create_permissions(app_config, apps=apps, verbosity=0)
        app_config.models_module = None
    sync_role_permissions(apps)


def remove_groups(apps, schema_editor):
    apps.get_model("auth", "Group").objects.filter(name__in=[CURATORS, PARTNERS]).delete()


class Migration(migrations.Migration):
    dependencies = [
        ("auth", "0012_alter_user_first_name_max_length"),
        ("contenttypes", "0002_remove_content_type_name"),
        ("reference", "0001_initial"),
        ("alliances", "0001_initial"),
        ("cooperation", "0001_initial"),
        ("trade", "0001_initial"),
    ]

    operations = [migrations.RunPython(create_groups, remove_groups)]
