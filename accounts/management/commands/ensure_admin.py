"""Create the first admin login, or say which one exists.

Used by ``make run`` so that a newcomer's first start ends with a login they can use.
The password comes from ``ADMIN_PASSWORD`` or is generated; a generated one is shown
once and kept in ``.admin-login`` (git-ignored, readable by the owner only) so it can
be shown again on the next start.
"""

import os
import secrets
from pathlib import Path

from django.conf import settings
from django.contrib.auth import get_user_model
from django.core.management.base import BaseCommand, CommandError

LOGIN_FILE = Path(settings.BASE_DIR) / ".admin-login"


class Command(BaseCommand):
    help = "Create a superuser for development if none exists, and print the login."

    def add_arguments(self, parser):
        parser.add_argument("--username", default=os.environ.get("ADMIN_USERNAME", "admin"))

    def handle(self, *args, username, **options):
        if settings.PRODUCTION:
            raise CommandError("ensure_admin is for development; use createsuperuser in production.")
        User = get_user_model()
        existing = User.objects.filter(is_superuser=True).order_by("pk").first()
        if existing:
            saved = LOGIN_FILE.read_text().strip() if LOGIN_FILE.exists() else None
            if saved and saved.startswith(f"{existing.username}:"):
                self.stdout.write(f"Admin login: {saved.replace(':', ' / ', 1)}")
            else:
                self.stdout.write(
                    f"Admin login: {existing.username} (password unchanged; "
                    f"reset it with: python manage.py changepassword {existing.username})"
                )
            return
        password = os.environ.get("ADMIN_PASSWORD") or secrets.token_urlsafe(12)
        User.objects.create_superuser(username=username, email="", password=password)
        LOGIN_FILE.write_text(f"{username}:{password}\n")
        LOGIN_FILE.chmod(0o600)
        self.stdout.write(self.style.SUCCESS(f"Admin login created: {username} / {password}"))
