"""manage.py publish_release [--release 2026.1] [--title …] [--summary …] [--user NAME]"""

from django.contrib.auth import get_user_model
from django.core.exceptions import ValidationError
from django.core.management.base import BaseCommand, CommandError

from releases.publish import publish_release


class Command(BaseCommand):
    help = "Publish a numbered, immutable release of every public record, with notes since the last release."

    def add_arguments(self, parser):
        parser.add_argument("--release", dest="release_version", help="e.g. 2026.1 (default: the next of this year)")
        parser.add_argument("--title", default="")
        parser.add_argument("--summary", default="", help="the curator's summary, shown above the notes")
        parser.add_argument("--user", help="the curator publishing it")

    def handle(self, *args, **options):
        user = None
        if options["user"]:
            user = get_user_model().objects.filter(username=options["user"]).first()
            if user is None:
                raise CommandError(f"No user {options['user']!r}.")
        try:
            release = publish_release(options["release_version"], options["title"], options["summary"], user)
        except ValidationError as error:
            raise CommandError("; ".join(error.messages)) from error
        self.stdout.write(f"Published release {release.version}: {release.record_count} records.")
        for table, kinds in release.notes["tables"].items():
            self.stdout.write(f"  {table}: +{kinds['added']} ~{kinds['changed']} -{kinds['withdrawn']}")
