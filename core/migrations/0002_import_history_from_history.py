# Undo reads the records' history, not ImportChange.before: the imports made before are carried over.
# Where an import updated a record whose history holds no earlier version (seed data loaded with
# history off), the state ImportChange.before kept is written into the history as that earlier
# version, dated just before the import's own row; then ImportChange goes. ImportRecord.via becomes
# one of the changed-via choices ("command line" → "other").

from datetime import timedelta

from django.db import migrations, models
from django.db.models import Q

BASELINE_REASON = "Version before an import (no earlier version was recorded)"
HISTORY_FIELDS = {"history_id", "history_date", "history_change_reason", "history_type", "history_user",
                  "changed_via", "import_id", "token_prefix"}
VIA = {"admin": "admin", "api": "api", "import": "import", "undo": "undo"}


def historical(apps, label):
    app_label, name = label.split(".")
    try:
        return apps.get_model(app_label, name), apps.get_model(app_label, f"Historical{name}")
    except LookupError:
        return None, None


def first_import_row(history, pk, record, **extra):
    rows = history.objects.filter(id=pk, import_id=record.pk, changed_via__in=["import", "api"], **extra)
    return rows.order_by("history_date", "history_id").first()


def has_earlier(history, pk, row):
    return history.objects.filter(id=pk).filter(
        Q(history_date__lt=row.history_date) | Q(history_date=row.history_date, history_id__lt=row.history_id)
    ).exists()


def baseline(history, row, values):
    """A historical row with ``values`` over ``row``'s tracked fields, dated just before ``row``."""
    fields = {}
    for field in history._meta.concrete_fields:
        if field.name in HISTORY_FIELDS:
            continue
        value = values.get(field.attname, getattr(row, field.attname))
        fields[field.attname] = field.to_python(value) if value is not None else None
    return history.objects.create(
        history_type="~",
        history_date=row.history_date - timedelta(microseconds=1),
        history_change_reason=BASELINE_REASON,
        changed_via="other",
        **fields,
    )


def carry_over(apps, schema_editor):
    ImportRecord = apps.get_model("core", "ImportRecord")
    ImportChange = apps.get_model("core", "ImportChange")
    for record in ImportRecord.objects.all():
        via = VIA.get((record.via or "").strip().lower(), "other")
        if via != record.via:
            ImportRecord.objects.filter(pk=record.pk).update(via=via)
    for change in ImportChange.objects.filter(action="updated", before__isnull=False).select_related("record"):
        record = change.record
        model, history = historical(apps, record.model_label)
        if history is None:
            continue
        row = first_import_row(history, change.object_pk, record)
        before = dict(change.before)
        participations = before.pop("participations", None)
        if row is not None and not has_earlier(history, change.object_pk, row):
            version = baseline(history, row, before)
            for name, keys in before.items():
                if not isinstance(keys, list):
                    continue
                try:
                    links = apps.get_model(history._meta.app_label, f"{history.__name__}_{name}")
                except LookupError:
                    continue
                source = model._meta.model_name
                target = model._meta.get_field(name).related_model._meta.model_name
                links.objects.bulk_create(
                    [links(history=version, **{f"{source}_id": change.object_pk, f"{target}_id": key}) for key in keys]
                )
        if participations is not None:
            carry_over_participants(apps, record, change.object_pk, participations)


def carry_over_participants(apps, record, project_pk, participations):
    """The participants a project import changed: their state before, where their history lacks it."""
    _model, history = historical(apps, "cooperation.ProjectParticipant")
    if history is None:
        return
    for before in participations:
        rows = history.objects.filter(
            project_id=project_pk, institution_id=before["institution_id"], import_id=record.pk
        ).order_by("history_date", "history_id")
        row = rows.first()
        if row is None or row.history_type == "+" or has_earlier(history, row.id, row):
            continue
        baseline(history, row, before)


class Migration(migrations.Migration):

    dependencies = [
        ("core", "0001_initial"),
        ("reference", "0003_history"),
        ("alliances", "0003_institution_name"),
        ("cooperation", "0002_history_and_review"),
        ("trade", "0003_history_and_review"),
    ]

    operations = [
        migrations.RunPython(carry_over, migrations.RunPython.noop),
        migrations.AlterField(
            model_name="importrecord",
            name="via",
            field=models.CharField(
                choices=[
                    ("admin", "Admin"),
                    ("import", "Import"),
                    ("api", "API"),
                    ("undo", "Undo of an import"),
                    ("other", "Other (shell, script)"),
                ],
                default="other",
                help_text="How the import came in: the admin, the API, or other (the command line, a script).",
                max_length=16,
                verbose_name="via",
            ),
        ),
        migrations.DeleteModel(
            name="ImportChange",
        ),
    ]
