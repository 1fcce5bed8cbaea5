"""The seed data (``fixtures/*.yaml``, then their aliases), loaded with the search index built once at the end.

Indexed record by record, as ``post_save`` does for a curator's edit, loading the seed takes six times
as long (each save indexes the record and re-reads the records it names), so every loader of the seed
(``manage.py seed``, the tests, the benchmarks) goes through ``load_seed``.
"""

from pathlib import Path

from django.conf import settings
from django.core.management import call_command

from .search.aliases import apply_seed_aliases
from .search.index import paused

SEED_FILES = tuple(sorted(str(path) for path in (Path(settings.BASE_DIR) / "fixtures").glob("*.yaml")))


def load_seed(verbosity=0):
    """Load (or load again) every seed fixture and alias; the search index is rebuilt once, at the end."""
    with paused():
        call_command("loaddata", *SEED_FILES, verbosity=verbosity)
        apply_seed_aliases()
