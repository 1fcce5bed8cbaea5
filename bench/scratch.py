"""The scratch database every benchmark runs on, so that a benchmark never touches real data.

``configure(database_url, name, **environment)`` points Django at it before Django starts: on the
PostgreSQL server of ``database_url``, a database called ``name``; otherwise a SQLite file in a new
temporary folder. ``environment`` is set first (the page cache off, debug off, …). ``create_database``
makes it anew with the migrations and the seed data; ``drop_database`` removes it.
"""

import os
import shutil
import sys
import tempfile
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))


def configure(database_url, name, **environment):
    """Start Django on the scratch database (``name=None``: on ``database_url`` itself); its URL."""
    if name is None:
        url = database_url
    elif database_url.startswith("postgres"):
        url = database_url.rsplit("/", 1)[0] + f"/{name}"
    else:
        url = f"sqlite:///{tempfile.mkdtemp()}/bench.sqlite3"
    os.environ["DATABASE_URL"] = url
    os.environ.setdefault("DJANGO_SETTINGS_MODULE", "bri_portal.settings")
    os.environ["ALLOWED_HOSTS"] = "testserver"
    os.environ.update(environment)
    import django

    django.setup()
    return url


def on_server(*statements):
    """Run statements on the PostgreSQL server's maintenance database, outside any transaction."""
    import psycopg2
    from django.db import connection

    params = connection.settings_dict
    admin = psycopg2.connect(dbname="postgres", user=params["USER"], host=params["HOST"], port=params["PORT"])
    admin.autocommit = True
    try:
        with admin.cursor() as cursor:
            for statement in statements:
                cursor.execute(statement)
    finally:
        admin.close()


def create_database():
    from django.core.management import call_command
    from django.db import connection

    if connection.vendor == "postgresql":
        connection.close()
        name = connection.settings_dict["NAME"]
        on_server(f"DROP DATABASE IF EXISTS {name}", f"CREATE DATABASE {name}")
    from portal.seed import load_seed

    call_command("migrate", verbosity=0)
    load_seed()


def drop_database():
    from django.db import connection

    connection.close()
    if connection.vendor == "postgresql":
        on_server(f"DROP DATABASE IF EXISTS {connection.settings_dict['NAME']}")
    else:  # the temporary folder configure() made for the SQLite file
        shutil.rmtree(Path(connection.settings_dict["NAME"]).parent, ignore_errors=True)
