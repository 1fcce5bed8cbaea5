"""Where uploaded files wait for their job: a private folder (IMPORT_UPLOAD_DIR), random names."""

import secrets
from pathlib import Path

from django.conf import settings


def upload_dir():
    directory = Path(settings.IMPORT_UPLOAD_DIR)
    directory.mkdir(parents=True, exist_ok=True, mode=0o700)
    return directory


def store(content):
    """Keep ``content`` under a new random name; return the name."""
    name = secrets.token_hex(16)
    (upload_dir() / name).write_bytes(content)
    return name


def stored_path(name):
    return upload_dir() / Path(name).name


def delete(name):
    if name:
        stored_path(name).unlink(missing_ok=True)
