"""Publishing a release: all or nothing, immutable afterwards, versions shared, notes equal to the history."""

import pytest
from django.core.exceptions import ValidationError
from django.core.management import call_command
from django.db import DatabaseError

from releases import publish as publishing
from releases.models import RecordVersion, Release, ReleaseItem
from releases.publish import publish_release
from releases.snapshots import LiveSnapshot, ReleaseSnapshot, counts, differences
from releases.tables import tables
from trade.models import TradeRecord

pytestmark = pytest.mark.django_db


def public_total():
    return sum(model._default_manager.public().count() for model in tables())


def test_a_release_holds_every_public_record_once():
    release = publish_release("2026.1", summary="First release.")
    assert release.record_count == public_total() == ReleaseItem.objects.filter(release=release).count()
    assert release.counts["traderecord"] == TradeRecord.objects.public().count()
    assert release.notes["since"] is None
    assert release.notes["tables"]["traderecord"]["added"] == release.counts["traderecord"]


def test_a_second_release_of_unchanged_data_adds_no_version():
    publish_release("2026.1")
    versions = RecordVersion.objects.count()
    second = publish_release("2026.2")
    assert RecordVersion.objects.count() == versions
    assert second.previous.version == "2026.1"
    assert all(
        kinds == {"added": 0, "changed": 0, "withdrawn": 0}
        for kinds in counts(differences(ReleaseSnapshot(second.previous), ReleaseSnapshot(second))).values()
    )


def test_publication_is_all_or_nothing(monkeypatch):
    publish_release("2026.1")
    before = (Release.objects.count(), RecordVersion.objects.count(), ReleaseItem.objects.count())
    TradeRecord.objects.filter(pk=TradeRecord.objects.public().first().pk).update(value=12345)

    def fail(*args, **kwargs):
        raise DatabaseError("disk full")

    monkeypatch.setattr(publishing, "release_notes", fail)  # after every version and item is written
    with pytest.raises(DatabaseError):
        publish_release("2026.2")
    assert (Release.objects.count(), RecordVersion.objects.count(), ReleaseItem.objects.count()) == before


def test_a_bad_or_taken_version_is_refused():
    publish_release("2026.1")
    for version in ("2026.1", "v2", "2026"):
        with pytest.raises(ValidationError):
            publish_release(version)
    assert Release.objects.count() == 1


def test_a_release_never_changes_after_publication():
    release = publish_release("2026.1")
    frozen = ReleaseSnapshot(release).index
    rows = {t: list(ReleaseSnapshot(release).table_rows(t)) for t in ("traderecord", "alliance")}
    record = TradeRecord.objects.public().first()
    record.value = record.value + 1
    record.save()
    TradeRecord.objects.public().last().delete()
    release.refresh_from_db()
    assert ReleaseSnapshot(release).index == frozen
    assert {t: list(ReleaseSnapshot(release).table_rows(t)) for t in rows} == rows
    with pytest.raises(ValidationError):
        release.save()
    with pytest.raises(ValidationError):
        release.delete()
    with pytest.raises(ValidationError):
        RecordVersion.objects.first().save()
    live = counts(differences(ReleaseSnapshot(release), LiveSnapshot()))["traderecord"]
    assert live == {"added": 0, "changed": 1, "withdrawn": 1}


def test_the_command_publishes_and_says_so(capsys):
    call_command("publish_release", "--release", "2026.1", "--summary", "First.")
    assert "Published release 2026.1" in capsys.readouterr().out
    assert Release.objects.get().summary == "First."


def test_a_version_stores_no_empty_field_and_reads_back_whole(client):
    """Empty texts are left out of the stored row and put back on every read."""
    from alliances.models import Institution

    release = publish_release("2026.1")
    record = Institution.objects.public().filter(website="", city_en="").order_by("pk").first()
    version = RecordVersion.objects.get(table="institution", key=record.slug)
    assert "website" not in version.data and "city_en" not in version.data
    assert version.data["name_en"] == record.name_en
    snapshot, live = ReleaseSnapshot(release), LiveSnapshot()
    assert snapshot.data("institution", [record.slug]) == live.data("institution", [record.slug])
    assert differences(snapshot, live)["institution"]["changed"] == []
    page = client.get(f"/api/v1/institutions/?release=2026.1&country={record.country.iso3}&page_size=1000").json()
    row = next(item for item in page["results"] if item["key"] == record.slug)
    assert row["website"] == "" and row["city_en"] == ""
