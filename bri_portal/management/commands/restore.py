"""python manage.py restore FILE: load a backup into a new, empty database (see README, Backups)."""

from pathlib import Path

from django.core.management.base import BaseCommand, CommandError

from bri_portal.backups import restore


class Command(BaseCommand):
    help = "Load a file written by `backup` into the configured database, which must be empty."

    def add_arguments(self, parser):
        parser.add_argument("file", type=Path)

    def handle(self, *args, file, **options):
        if not file.is_file():
            raise CommandError(f"No such file: {file}")
        restore(file)
        self.stdout.write(f"Restored from {file}")
