"""python manage.py export_data <app_label.Model> [--format csv|tsv|xlsx|json] [--output FILE]"""

import sys
from pathlib import Path

from django.contrib.auth import get_user_model
from django.core.exceptions import PermissionDenied
from django.core.management.base import BaseCommand, CommandError

from core.imports.services import EXPORT_FORMATS, export_file
from core.registry import model_from_label


class Command(BaseCommand):
    help = "Export a model as CSV, TSV, XLSX or JSON, to a file or standard output."

    def add_arguments(self, parser):
        parser.add_argument("model", help="app_label.Model, e.g. trade.TradeRecord")
        parser.add_argument("--format", choices=EXPORT_FORMATS, default="csv")
        parser.add_argument("--output", type=Path, help="default: standard output")
        parser.add_argument("--user", help="export as this user (a partner gets their organisation's rows)")

    def handle(self, *args, model, format, output, user, **options):
        try:
            model = model_from_label(model)
        except LookupError as error:
            raise CommandError(str(error)) from None
        account = get_user_model().objects.filter(username=user).first() if user else None
        if user and account is None:
            raise CommandError(f"No such user: {user}")
        try:
            data = export_file(model, format, user=account)
        except PermissionDenied as error:
            raise CommandError(str(error)) from None
        if output:
            output.write_bytes(data)
        else:
            sys.stdout.buffer.write(data)
            sys.stdout.flush()
