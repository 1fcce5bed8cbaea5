"""python manage.py rebuild_search_index: index every public searchable record again, from scratch."""

from django.core.management.base import BaseCommand
from django.db import transaction

from portal.models import SearchEntry
from portal.search.index import rebuild


class Command(BaseCommand):
    help = "Rebuild the search index from the records (after writes that sent no signals)."

    def handle(self, *args, **options):
        with transaction.atomic():
            rebuild()
        self.stdout.write(f"Indexed {SearchEntry.objects.count()} records.")
