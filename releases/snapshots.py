"""A release's records or the live ones ("now"), side by side: what compare pages, notes and downloads read.

A snapshot answers, per table, {natural key: version hash}, and the stored fields of given keys. A
release reads its list of versions; "now" serializes the public records as a release would store them.
"""

from functools import cached_property

from .models import RecordVersion, ReleaseItem
from .tables import digest, key_of, model_of, restored, rows, table_name, tables


class ReleaseSnapshot:
    def __init__(self, release):
        self.release = release
        self.label = release.version

    @cached_property
    def index(self):
        index = {table_name(model): {} for model in tables()}
        items = ReleaseItem.objects.filter(release=self.release).values_list(
            "version__table", "version__key", "version__digest"
        )
        for table, key, address in items.iterator(chunk_size=5000):
            index.setdefault(table, {})[key] = address
        return index

    def data(self, table, keys):
        addresses = [self.index[table][key] for key in keys if key in self.index[table]]
        found = RecordVersion.objects.filter(digest__in=addresses).values_list("key", "data")
        model = model_of(table)
        return {key: restored(model, data) for key, data in found}

    def table_rows(self, table):
        """Every stored row of a table, in key order."""
        versions = RecordVersion.objects.filter(
            pk__in=ReleaseItem.objects.filter(release=self.release).values("version_id"), table=table
        )
        model = model_of(table)
        for data in versions.order_by("key").values_list("data", flat=True).iterator(chunk_size=2000):
            yield restored(model, data)


class LiveSnapshot:
    """The public records now, as a release published at this moment would hold them."""

    release = None
    label = "now"

    @cached_property
    def index(self):
        index = {}
        for model in tables():
            table = table_name(model)
            index[table] = {key_of(model, row): digest(table, row) for row in rows(model)}
        return index

    def data(self, table, keys):
        wanted, model = set(keys), model_of(table)
        return {key: row for row in rows(model) if (key := key_of(model, row)) in wanted}

    def table_rows(self, table):
        return rows(model_of(table))


def snapshot(release):
    return LiveSnapshot() if release is None else ReleaseSnapshot(release)


def differences(old, new):
    """Per table: the keys added, changed and withdrawn from ``old`` to ``new`` (sorted)."""
    result = {}
    for model in tables():
        table = table_name(model)
        before, after = old.index.get(table, {}), new.index.get(table, {})
        result[table] = {
            "added": sorted(after.keys() - before.keys()),
            "changed": sorted(key for key in after.keys() & before.keys() if after[key] != before[key]),
            "withdrawn": sorted(before.keys() - after.keys()),
        }
    return result


def counts(differences_by_table):
    return {table: {kind: len(keys) for kind, keys in kinds.items()} for table, kinds in differences_by_table.items()}


def field_changes(old, new, table, keys):
    """For changed records: [(key, [(field, before, after), ...]), ...], only the fields that differ."""
    before, after = old.data(table, keys), new.data(table, keys)
    changes = []
    for key in keys:
        a, b = before.get(key, {}), after.get(key, {})
        fields = [(name, a.get(name), b.get(name)) for name in dict.fromkeys([*a, *b]) if a.get(name) != b.get(name)]
        changes.append((key, fields))
    return changes
