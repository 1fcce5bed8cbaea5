"""python manage.py import_data <app_label.Model> <file> [--format ...] [--dry-run] [--user USERNAME]
[--marked OUT] [--background] [--preset NAME]; or import_data --workbook FILE [--preset SHEET=NAME,…]."""

from pathlib import Path

from django.contrib.auth import get_user_model
from django.core.exceptions import PermissionDenied
from django.core.management.base import BaseCommand, CommandError
from django.db import Error as DatabaseError

from core.choices import ChangedViaChoices
from core.imports.context import ImportContext
from core.imports.disk import FileOnDisk
from core.imports.marked import can_mark, marked_file
from core.imports.readers import FORMATS
from core.imports.services import import_file
from core.imports.workbooks import import_workbook
from core.jobs import service as jobs
from core.registry import model_from_label


class Command(BaseCommand):
    help = "Import a CSV, TSV, XLSX or JSON file into a model. All or nothing; exits non-zero on any error."

    def add_arguments(self, parser):
        parser.add_argument("model", nargs="?", help="app_label.Model, e.g. trade.TradeRecord")
        parser.add_argument("file", type=Path, nargs="?")
        parser.add_argument(
            "--workbook", type=Path, metavar="FILE", help="a workbook of several tables, one sheet each"
        )
        parser.add_argument("--format", choices=FORMATS, help="default: from the file name and content")
        parser.add_argument("--dry-run", action="store_true", help="check everything, write nothing")
        parser.add_argument(
            "--preset",
            default="",
            help="read the file with this preset: a published format (un-comtrade, world-bank-wdi) or one saved "
            "in the admin; none for no preset; default: found from the header. With --workbook: SHEET=NAME,…",
        )
        parser.add_argument("--user", help="import as this user (their rights and scope apply)")
        parser.add_argument(
            "--marked", type=Path, metavar="OUT", help="on problems, write the file with them marked to OUT"
        )
        parser.add_argument(
            "--background", action="store_true", help="queue the import as a job for a worker and print its id"
        )

    def handle(
        self,
        *args,
        model,
        file,
        format,
        dry_run,
        user,
        marked=None,
        workbook=None,
        background=False,
        preset="",
        **options,
    ):
        if workbook or (model and file is None):
            return self.import_workbook(workbook or Path(model), dry_run, self.account(user), preset)
        if not model or not file:
            raise CommandError("Give a model and a file, or --workbook FILE.")
        try:
            model = model_from_label(model)
        except LookupError as error:
            raise CommandError(str(error)) from None
        if not file.is_file():
            raise CommandError(f"No such file: {file}")
        account = self.account(user)
        if background:
            return self.queue(model, file, format, dry_run, account, preset)
        content = FileOnDisk(file)  # read from the disk at each pass, never held whole
        try:
            report = import_file(
                model,
                content,
                file.name,
                user=account,
                dry_run=dry_run,
                declared_format=format,
                via=ChangedViaChoices.OTHER,  # the command line: a script
                preset=preset,
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
        if marked and can_mark(report, file.name):
            marked.write_bytes(marked_file(file.read_bytes(), file.name, report)[0])
            self.stderr.write(f"The file with the problems marked: {marked}")
        if not report.ok:
            raise CommandError(f"{len(report.problems)} errors: nothing was written.", returncode=1)

    def account(self, user):
        if not user:
            return None
        account = get_user_model().objects.filter(username=user).first()
        if account is None:
            raise CommandError(f"No such user: {user}")
        return account

    def import_workbook(self, path, dry_run, account, preset=""):
        """Every sheet of the workbook as one import: a line per sheet, a line per problem. ``preset``:
        ``SHEET=NAME,…``, the preset each of those sheets goes through."""
        if not path.is_file():
            raise CommandError(f"No such file: {path}")
        context = ImportContext(
            user=account, dry_run=dry_run, file_name=path.name, via=ChangedViaChoices.OTHER, preset=preset
        )
        report = import_workbook(path.read_bytes(), path.name, context=context)
        for sheet in getattr(report, "sheets", []):
            self.stdout.write(
                f"{sheet.sheet} ({sheet.model_label}): {sheet.rows} rows, {sheet.new} new, {sheet.update} updated, "
                f"{sheet.skip} unchanged, {sheet.errors} errors"
            )
        for problem in report.problems:
            self.stderr.write(f"{path.name}: {problem}")
        if not report.ok:
            raise CommandError(f"{len(report.problems)} errors: nothing was written.", returncode=1)

    def queue(self, model, file, file_format, dry_run, account, preset=""):
        try:
            job = jobs.create_job(
                model,
                file.read_bytes(),
                file.name,
                user=account,
                via=ChangedViaChoices.OTHER,  # the command line: a script
                declared_format=file_format or "",
                confirm=False,
                dry_run=dry_run,
                options={"preset": preset} if preset else None,
            )
        except (PermissionDenied, jobs.JobRefused) as error:
            raise CommandError(str(error)) from None
        jobs.start(job, inline=False)
        self.stdout.write(f"Queued import job {job.pk} ({job.model_label} ← {job.file_name}); a worker runs it.")
