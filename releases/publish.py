"""Publishing a release: one transaction that stores every public record's version and the release's list.

All or nothing: a failure anywhere (a bad version number, a database error half-way) leaves no release,
no list and no new versions behind.
"""

from django.core.exceptions import ValidationError
from django.db import transaction
from django.utils import timezone
from django.utils.translation import gettext as _

from .models import RecordVersion, Release, ReleaseItem
from .snapshots import ReleaseSnapshot, counts, differences
from .tables import digest, key_of, rows, stored, table_name, tables

BATCH = 5000
NOTE_KEYS = 50  # keys listed per table and kind in the notes (the compare page lists them all)


def next_version(now=None):
    """The next free number of this year: 2026.1, 2026.2, …"""
    year = (now or timezone.now()).year
    taken = Release.objects.filter(version__startswith=f"{year}.").values_list("version", flat=True)
    numbers = [int(version.split(".")[1]) for version in taken]
    return f"{year}.{max(numbers, default=0) + 1}"


def latest():
    return Release.objects.order_by("-published_at", "-pk").first()


@transaction.atomic
def publish_release(version=None, title="", summary="", user=None):
    """Snapshot every public record as release ``version`` (the next free one if not given)."""
    now = timezone.now()
    previous = latest()
    version = version or next_version(now)
    release = Release(
        version=version,
        title=title or _("BRI Cooperation Portal data, release %(version)s") % {"version": version},
        summary=summary,
        previous=previous,
        published_at=now,
        published_by=user,
    )
    release.full_clean(exclude=["notes", "counts", "previous", "published_by"])
    release.save()
    record_counts, years = {}, set()
    for model in tables():
        table = table_name(model)
        known = dict(RecordVersion.objects.filter(table=table).values_list("digest", "pk").iterator(chunk_size=BATCH))
        addresses, new = [], []
        for row in rows(model):
            address = digest(table, row)
            addresses.append(address)
            if isinstance(row.get("year"), int):
                years.add(row["year"])
            if address not in known:
                known[address] = None
                new.append(RecordVersion(digest=address, table=table, key=key_of(model, row), data=stored(model, row)))
        RecordVersion.objects.bulk_create(new, batch_size=BATCH)
        if new:
            created = RecordVersion.objects.filter(table=table, digest__in=[v.digest for v in new])
            known.update(created.values_list("digest", "pk").iterator(chunk_size=BATCH))
        ReleaseItem.objects.bulk_create(
            (ReleaseItem(release=release, version_id=known[address]) for address in addresses), batch_size=BATCH
        )
        record_counts[table] = len(addresses)
    notes = release_notes(previous, release)
    coverage = f"{min(years)}/{max(years)}" if years else ""
    Release.objects.filter(pk=release.pk).update(notes=notes, counts=record_counts, temporal_coverage=coverage)
    release.refresh_from_db()
    return release


def release_notes(previous, release):
    """Per table: how many records were added, changed and withdrawn since ``previous``, with their keys
    (the first ``NOTE_KEYS`` of each kind)."""
    new = ReleaseSnapshot(release)
    if previous is None:
        return {
            "since": None,
            "tables": {t: {"added": len(keys), "changed": 0, "withdrawn": 0} for t, keys in new.index.items()},
        }
    found = differences(ReleaseSnapshot(previous), new)
    tables_notes = {}
    for table, kinds in counts(found).items():
        entry = dict(kinds)
        entry["keys"] = {kind: keys[:NOTE_KEYS] for kind, keys in found[table].items() if keys}
        tables_notes[table] = entry
    return {"since": previous.version, "tables": tables_notes}


def check_version(version):
    if Release.objects.filter(version=version).exists():
        raise ValidationError(_("Release %(version)s exists; a release is never replaced.") % {"version": version})
