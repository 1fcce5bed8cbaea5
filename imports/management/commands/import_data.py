"""python manage.py import_data <app_label.Model> <file> [--format ...] [--dry-run] [--user USERNAME] [--background]"""

from pathlib import Path

from django.contrib.auth import get_user_model
from django.core.exceptions import PermissionDenied
from django.core.management.base import BaseCommand, CommandError
from django.db import Error as DatabaseError

from core.imports.readers import FORMATS
from core.imports.services import import_file
from core.jobs import service as jobs
from core.registry import model_from_label


class Command(BaseCommand):
    help = "Import a CSV, TSV, XLSX or JSON file into a model. All or nothing; exits non-zero on any error."

    def add_arguments(self, parser):
        parser.add_argument("model", help="app_label.Model, e.g. trade.TradeRecord")
        parser.add_argument("file", type=Path)
        parser.add_argument("--format", choices=FORMATS, help="default: from the file name and content")
        parser.add_argument("--dry-run", action="store_true", help="check everything, write nothing")
        parser.add_argument("--user", help="import as this user (their rights and scope apply)")
        parser.add_argument(
            "--background", action="store_true", help="queue the import as a job for a worker and print its id"
        )

    def handle(self, *args, model, file, format, dry_run, user, background=False, **options):
        try:
            model = model_from_label(model)
        except LookupError as error:
            raise CommandError(str(error)) from None
        if not file.is_file():
            raise CommandError(f"No such file: {file}")
        account = None
        if user:
            account = get_user_model().objects.filter(username=user).first()
            if account is None:
                raise CommandError(f"No such user: {user}")
        if background:
            return self.queue(model, file, format, dry_run, account)
        try:
            report = import_file(
                model,
                file.read_bytes(),
                file.name,
                user=account,
                dry_run=dry_run,
                declared_format=format,
                via="command line",
            )
        except PermissionDenied as error:
            raise CommandError(str(error)) from None
        except DatabaseError as error:  # e.g. the connection dropped (InterfaceError too): nothing was committed
            message = str(error).strip().splitlines()[0] if str(error).strip() else type(error).__name__
            raise CommandError(
                f"The database failed during the import ({message}); nothing was written.", returncode=1
            ) from None
        self.stdout.write(report.summary())
        for problem in report.problems:
            self.stderr.write(f"{file.name}: {problem}")
        if not report.ok:
            raise CommandError(f"{len(report.problems)} errors: nothing was written.", returncode=1)

    def queue(self, model, file, file_format, dry_run, account):
        try:
            job = jobs.create_job(
                model,
                file.read_bytes(),
                file.name,
                user=account,
                via="command line",
                declared_format=file_format or "",
                confirm=False,
                dry_run=dry_run,
            )
        except (PermissionDenied, jobs.JobRefused) as error:
            raise CommandError(str(error)) from None
        jobs.start(job, inline=False)
        self.stdout.write(f"Queued import job {job.pk} ({job.model_label} ← {job.file_name}); a worker runs it.")
