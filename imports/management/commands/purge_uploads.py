"""python manage.py purge_uploads: run from cron, e.g. hourly (see README, Deployment)."""

from django.core.management.base import BaseCommand

from core.imports.admin import CONFIRM_MAX_AGE, purge_expired_uploads


class Command(BaseCommand):
    help = f"Delete uploaded import files not confirmed within {CONFIRM_MAX_AGE // 60} minutes (token expired)."

    def handle(self, *args, **options):
        self.stdout.write(f"Deleted {purge_expired_uploads()} expired upload(s).")
