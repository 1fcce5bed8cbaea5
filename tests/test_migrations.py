"""The migrations describe the models exactly."""

import pytest
from django.core.management import call_command


@pytest.mark.django_db
def test_no_missing_migrations():
    call_command("makemigrations", "--check", "--dry-run", verbosity=0)


@pytest.mark.django_db(transaction=True)
def test_an_import_made_before_undo_read_history_can_still_be_undone(seeded_transactional_db):
    """core 0002 carries ``ImportChange.before`` into the history: a seed record (no history of its own)
    that an old import changed is put back by today's undo, which reads the history alone."""
    from django.contrib.auth.models import User
    from django.db import connection
    from django.db.migrations.executor import MigrationExecutor

    from core.history import history_context
    from core.imports.history import undo_import
    from core.models import ImportRecord
    from trade.models import TradeRecord

    record = TradeRecord.objects.filter(partner__iso3="KAZ", year=2015, flow="total").get()
    before, old_value = {"value": str(record.value)}, record.value
    executor = MigrationExecutor(connection)
    executor.migrate([("core", "0001_initial")])
    try:
        old = MigrationExecutor(connection).loader.project_state([("core", "0001_initial")]).apps
        OldImportRecord, OldImportChange = old.get_model("core", "ImportRecord"), old.get_model("core", "ImportChange")
        made = OldImportRecord.objects.create(
            model_label="trade.TradeRecord", file_name="old.csv", sha256="0" * 64, via="command line",
            status="completed", rows=1, updated=1,
        )  # fmt: skip
        with history_context(changed_via="import", import_id=made.pk):
            record.value = old_value + 100
            record.save()
        OldImportChange.objects.create(record_id=made.pk, action="updated", object_pk=record.pk, before=before)
    finally:
        MigrationExecutor(connection).migrate(MigrationExecutor(connection).loader.graph.leaf_nodes())
    carried = ImportRecord.objects.get(pk=made.pk)
    assert carried.via == "other"
    undo_import(carried, User.objects.create_superuser("undoer", password="a-long-test-password"))
    record.refresh_from_db()
    assert record.value == old_value
    assert record.history.filter(changed_via="undo").exists()
