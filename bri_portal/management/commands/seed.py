"""python manage.py seed: load the seed data in fixtures/ into an empty database, never over curators' work.

``make run`` runs this at every start. Loading fixtures again would overwrite every record a curator
changed since (``loaddata`` saves each fixture object over the record with the same natural key), with
history off, so the history would say one thing and the record another. So the seed loads only while
the database holds no country and no source (the two things every seed, and every record, needs);
after that it says so and changes nothing. ``--force`` loads it anyway (a curator's deliberate reset).
"""

from django.core.management import call_command
from django.core.management.base import BaseCommand
from django.db import transaction
from django.test.utils import override_settings
from django.utils.translation import gettext as _

from portal.seed import SEED_FILES, load_seed
from reference.models import Country, Source


def has_data():
    return Source.objects.exists() or Country.objects.exists()


class Command(BaseCommand):
    help = "Load the seed data (fixtures/*.yaml) into an empty database; a database with data is left alone."

    def add_arguments(self, parser):
        parser.add_argument(
            "--force", action="store_true", help="Load it over existing records (overwrites their changes)."
        )

    def handle(self, *args, force=False, verbosity=1, **options):
        if has_data() and not force:
            self.stdout.write(
                _("The database already holds data: the seed data was not loaded, and nothing was changed.")
            )
            return
        with transaction.atomic(), override_settings(SIMPLE_HISTORY_ENABLED=False):
            load_seed(verbosity)
        # Each record's first version: what the seed said (only records without any history get one).
        call_command("populate_history", "--auto", verbosity=verbosity)
        self.stdout.write(_("Seed data loaded from %(count)d files.") % {"count": len(SEED_FILES)})
