"""python manage.py backup FILE: every record of the portal in one file (see README, Backups)."""

from pathlib import Path

from django.core.management.base import BaseCommand

from bri_portal.backups import backup


class Command(BaseCommand):
    help = "Dump every record: pg_dump's custom format on PostgreSQL, JSON with natural keys on SQLite."

    def add_arguments(self, parser):
        parser.add_argument("file", type=Path, help="e.g. portal.dump (PostgreSQL) or portal.yaml.gz (SQLite)")

    def handle(self, *args, file, **options):
        backup(file)
        self.stdout.write(f"Backed up to {file}")
