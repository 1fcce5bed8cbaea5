"""Dump every record to one file and load it back into an empty database (manage.py backup / restore).

PostgreSQL: ``pg_dump --format=custom`` and ``pg_restore``, schema and data in one file. SQLite:
``dumpdata`` with natural foreign keys (content types and permissions are made anew by ``migrate``) and
the records' own primary keys, which the change history refers to by number, restored by ``migrate`` and
``loaddata``; in YAML, because Django's JSON drops the microseconds of every time stamp (gzip if the name
ends in .gz).
Left out, because they are rebuilt or only transient: content types and permissions (``migrate``
creates them; records refer to them by natural key) and the search index (the portal app's tables,
rebuilt after loading). Left out because they are credentials: sessions (a
session key opens the admin), django-axes' login attempts and API tokens (their digests); on PostgreSQL
their tables are dumped without their rows. The file is readable by its owner only (0600): it still holds
the users' password hashes.
"""

import os
import subprocess

from django.apps import apps
from django.core.management import call_command
from django.core.management.base import CommandError
from django.db import connection
from django.test.utils import override_settings

EXCLUDED = ["contenttypes", "auth.permission", "sessions", "axes", "accounts.apitoken", "portal"]
# The same credentials as tables, for pg_dump (authtoken_token: REST framework's old tokens, if left over).
SECRET_TABLES = ["django_session", "axes_*", "accounts_apitoken", "authtoken_token"]


def is_postgresql():
    return connection.vendor == "postgresql"


def postgresql_command(program, *args):
    """Run pg_dump or pg_restore against the default database, with its credentials from settings."""
    database = connection.settings_dict
    options = [f"--host={database['HOST'] or 'localhost'}", f"--port={database['PORT'] or 5432}"]
    if database["USER"]:
        options.append(f"--username={database['USER']}")
    environment = {**os.environ, "PGPASSWORD": str(database["PASSWORD"] or "")}
    result = subprocess.run([program, *options, *args], env=environment, capture_output=True, text=True)
    if result.returncode != 0:
        raise CommandError(f"{program} failed: {result.stderr.strip()}")


def owner_only(path):
    """Create (or empty) the file with mode 0600 before anything is written to it."""
    descriptor = os.open(path, os.O_WRONLY | os.O_CREAT | os.O_TRUNC, 0o600)
    try:
        os.fchmod(descriptor, 0o600)
    finally:
        os.close(descriptor)


def backup(path):
    if not is_postgresql() and not path.name.endswith((".yaml", ".yaml.gz", ".yaml.bz2", ".yaml.xz")):
        raise CommandError(f"{path.name}: a SQLite backup is YAML; name it e.g. portal.yaml.gz.")
    owner_only(path)
    if is_postgresql():
        postgresql_command(
            "pg_dump",
            "--format=custom",
            "--no-owner",
            "--no-privileges",
            *(f"--exclude-table-data={table}" for table in SECRET_TABLES),
            f"--file={path}",
            connection.settings_dict["NAME"],
        )
    else:
        call_command(
            "dumpdata",
            format="yaml",
            natural_foreign=True,
            exclude=EXCLUDED,
            output=str(path),
            verbosity=0,
        )


def restore(path):
    """Load a backup into this database, which must be empty: a restore never merges."""
    if connection.introspection.table_names():
        raise CommandError(f"The database {connection.settings_dict['NAME']} is not empty; restore into a new one.")
    if is_postgresql():
        postgresql_command(
            "pg_restore",
            "--exit-on-error",
            "--no-owner",
            "--no-privileges",
            f"--dbname={connection.settings_dict['NAME']}",
            str(path),
        )
    else:
        call_command("migrate", verbosity=0, interactive=False)
        # migrate creates the roles' groups; the backup holds them as they were, with their own keys.
        apps.get_model("auth", "Group").objects.all().delete()
        # The backup holds the history as it was; setting many-to-many relations must not add versions.
        from portal.search.index import paused as paused_search_index  # this module is read before Django starts

        # The search index is derived from the records, so not in the backup: built once, at the end.
        with override_settings(SIMPLE_HISTORY_ENABLED=False), paused_search_index():
            call_command("loaddata", str(path), verbosity=0)
