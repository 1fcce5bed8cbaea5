"""Writing an import's rows and their history in bulk, without the ORM's statement compiler.

The fast path (``core.imports.fast``) hands over whole chunks of rows already validated, as lists of values in
the order of the model's concrete fields. New rows and their historical rows (``+``) are written in a statement or
two, changed rows and theirs (``~``) likewise: on PostgreSQL the chunk goes in by ``COPY`` into a
temporary table and from there by ``INSERT … SELECT … RETURNING`` (the history copied from the rows it names) or
``UPDATE … FROM`` whose ``RETURNING`` feeds the history; elsewhere (SQLite) by ``executemany``, the history
copied from the rows just written. The historical rows carry what simple-history's bulk helpers give them
(``core.history.historical_attrs``, the user, one date), so undo (``core.imports.history``) reads them as it
reads any other import's.
"""

import io
from datetime import date, datetime
from decimal import Decimal
from types import NoneType

from django.db import connection

from core.history import historical_attrs, history_reason, history_user

# The history's own columns, after the tracked ones, in this order.
HISTORY_COLUMNS = (
    "history_date",
    "history_change_reason",
    "history_type",
    "history_user_id",
    "changed_via",
    "import_id",
    "token_prefix",
)


# Values kept per column: a column of a few hundred distinct cells is read once per value; a column of a million
# (the values themselves) starts afresh past this many, so the caches never grow with the file.
CACHE_SIZE = 4096
UNSET = object()
# Types whose values a column that took one as it was takes as they are (``TableWriter.ready_column``).
TAKEN_AS_THEY_ARE = (str, int, Decimal, NoneType)
COPY_SPECIAL = ("\\", "\t", "\n", "\r")  # what COPY's text format escapes


def remember(cache, key, value):
    if len(cache) >= CACHE_SIZE:
        cache.clear()
    cache[key] = value
    return value


def cell_key(value):
    """A dictionary key telling apart what ``==`` confuses: ``1``, ``1.0``, ``True`` and ``Decimal("1.00")``."""
    return value if type(value) is str or value is None else (type(value), repr(value))


def quote(name):
    return connection.ops.quote_name(name)


def copy_column(values):
    """A column's values as PostgreSQL's ``COPY … FROM STDIN`` text format writes them: text with nothing to escape
    and numbers are written at C speed, a value repeated from the row before is written once."""
    kinds = set(map(type, values))
    if kinds <= {str}:
        if any(special in value for value in values for special in COPY_SPECIAL):
            return [copy_text(value) for value in values]
        return values
    if kinds <= {int, Decimal}:
        return list(map(str, values))
    out, last, text = [], UNSET, None
    for value in values:
        if value is not last:
            last, text = value, copy_text(value)
        out.append(text)
    return out


def copy_text(value):
    """One value as PostgreSQL's ``COPY … FROM STDIN`` text format writes it."""
    if value is None:
        return "\\N"
    if value is True or value is False:
        return "t" if value else "f"
    if isinstance(value, datetime | date):
        return value.isoformat()
    text = str(value)
    if "\\" in text or "\t" in text or "\n" in text or "\r" in text:
        text = text.replace("\\", "\\\\").replace("\t", "\\t").replace("\n", "\\n").replace("\r", "\\r")
    return text


class TableWriter:
    """Writes one model's new and changed rows, and a historical row for each, for one import."""

    def __init__(self, model):
        self.model = model
        self.fields = list(model._meta.concrete_fields)  # the order of every row handed over
        self.pk_index = self.fields.index(model._meta.pk)
        self.columns = [f for f in self.fields if not f.primary_key]
        self.table = quote(model._meta.db_table)
        history = model.history.model
        self.history_table = quote(history._meta.db_table)
        self.history_date = history._meta.get_field("history_date")
        by_name = {f.name: i for i, f in enumerate(self.fields)}
        # Each tracked field of the history and the position of its value in a row.
        self.tracked = [(f.column, by_name[f.name]) for f in history.tracked_fields]
        self.history_insert = (
            f"INSERT INTO {self.history_table} "
            f"({', '.join(quote(c) for c, _i in self.tracked)}, {', '.join(quote(c) for c in HISTORY_COLUMNS)}) "
        )
        self.prepared = [{} for _f in self.fields]  # per column: value key -> value ready for the database
        self.same_types = [set() for _f in self.fields]  # per column: the types it takes as they are

    def history_values(self, history_type, now):
        attrs = historical_attrs()
        user = history_user()
        now = self.history_date.get_db_prep_save(now, connection)
        return [now, history_reason(), history_type, getattr(user, "pk", None), attrs["changed_via"],
                attrs["import_id"], attrs["token_prefix"]]  # fmt: skip

    def ready_column(self, index, values):
        """A column's values as the database takes them (``get_db_prep_save``): as they are for the types the column
        takes unchanged (text, numbers, ``None``: found on the first value of each type), else each distinct value
        prepared once (a value repeated from the row before, like an import's timestamp, at the cost of a test)."""
        same, cache, field = self.same_types[index], self.prepared[index], self.fields[index]
        if set(map(type, values)) <= same:
            return values
        out, last, last_prepared = [], UNSET, None
        for value in values:
            if type(value) in same:
                out.append(value)
                continue
            if value is not last:
                key = cell_key(value)
                last, last_prepared = value, cache.get(key, UNSET)
                if last_prepared is UNSET:
                    last_prepared = remember(cache, key, field.get_db_prep_save(value, connection))
                    if last_prepared is value and isinstance(value, TAKEN_AS_THEY_ARE):
                        same.add(type(value))
            out.append(last_prepared)
        return out

    def ready_columns(self, rows, positions):
        """The values of the columns at ``positions`` of ``rows``, ready for the database, a list per column."""
        return [self.ready_column(i, [row[i] for row in rows]) for i in positions]

    def ready_rows(self, rows, positions):
        """The same as lists per row."""
        return [list(values) for values in zip(*self.ready_columns(rows, positions), strict=True)]

    # -- new rows ---------------------------------------------------------------------------

    def insert(self, rows, now, audited):
        """Insert ``rows`` (their primary key None) and, if ``audited``, a ``+`` historical row for each."""
        if not rows:
            return
        if connection.vendor == "postgresql":
            self.insert_by_copy(rows, now, audited)
        else:
            self.insert_by_executemany(rows, now, audited)

    def insert_by_executemany(self, rows, now, audited):
        names = ", ".join(quote(f.column) for f in self.columns)
        marks = ", ".join(["%s"] * len(self.columns))
        pk = quote(self.model._meta.pk.column)
        with connection.cursor() as cursor:
            # The import holds the database's write lock (its ImportRecord is written in the same transaction),
            # so the rows it inserts are the ones numbered above the highest number before it.
            cursor.execute(f"SELECT MAX({pk}) FROM {self.table}")
            highest = cursor.fetchone()[0] or 0
            cursor.executemany(
                f"INSERT INTO {self.table} ({names}) VALUES ({marks})",
                self.ready_rows(rows, [self.fields.index(f) for f in self.columns]),
            )
            if audited:
                tracked = ", ".join(quote(column) for column, _i in self.tracked)
                cursor.execute(
                    self.history_insert + f"SELECT {tracked}, {', '.join(['%s'] * len(HISTORY_COLUMNS))} "
                    f"FROM {self.table} WHERE {pk} > %s ORDER BY {pk}",
                    [*self.history_values("+", now), highest],
                )

    def copy_into(self, cursor, temporary, fields, rows):
        """Fill the temporary table (made like the model's, plus the row's place) with ``rows``."""
        cursor.execute(
            f"CREATE TEMPORARY TABLE IF NOT EXISTS {temporary} ON COMMIT DROP AS "
            f"SELECT {', '.join(quote(f.column) for f in fields)}, 0 AS import_row FROM {self.table} WITH NO DATA"
        )
        cursor.execute(f"TRUNCATE {temporary}")
        columns = [copy_column(values) for values in self.ready_columns(rows, [self.fields.index(f) for f in fields])]
        columns.append(list(map(str, range(len(rows)))))  # import_row: the row's place
        # One text, sent as UTF-8 bytes: a StringIO would hold it at up to 4 bytes a character.
        data = "".join([line + "\n" for line in map("\t".join, zip(*columns, strict=True))]).encode()
        del columns  # freed before the copy, not after
        sql = f"COPY {temporary} ({', '.join(quote(f.column) for f in fields)}, import_row) FROM STDIN"
        if hasattr(cursor.cursor, "copy_expert"):  # psycopg2
            cursor.cursor.copy_expert(sql, io.BytesIO(data))
        else:  # psycopg 3
            with cursor.cursor.copy(sql) as copy:
                copy.write(data)

    def returning_history(self, alias):
        tracked = ", ".join(f"{alias}.{quote(column)}" for column, _i in self.tracked)
        return self.history_insert + f"SELECT {tracked}, {', '.join(['%s'] * len(HISTORY_COLUMNS))} FROM {alias}"

    def insert_by_copy(self, rows, now, audited):
        temporary = quote(f"import_new_{self.model._meta.db_table}")
        names = ", ".join(quote(f.column) for f in self.columns)
        insert = f"INSERT INTO {self.table} ({names}) SELECT {names} FROM {temporary} ORDER BY import_row"
        with connection.cursor() as cursor:
            self.copy_into(cursor, temporary, self.columns, rows)
            if not audited:
                cursor.execute(insert)
                return
            # One statement: the history is copied from the rows as the INSERT returns them, in their order.
            returning = ", ".join(f"{self.table}.{quote(column)}" for column, _i in self.tracked)
            pk = quote(self.model._meta.pk.column)
            cursor.execute(
                f"WITH written AS ({insert} RETURNING {returning}) "
                + self.returning_history("written")
                + f" ORDER BY written.{pk}",
                self.history_values("+", now),
            )

    # -- changed rows -----------------------------------------------------------------------

    def update(self, rows, fields, now, audited):
        """Write the ``fields`` of ``rows`` (each with its primary key) and, if ``audited``, a ``~`` historical row
        for each, holding the whole row as it now is."""
        if not rows:
            return
        if connection.vendor == "postgresql":
            self.update_by_copy(rows, fields, now, audited)
        else:
            self.update_by_executemany(rows, fields, now, audited)

    def update_by_executemany(self, rows, fields, now, audited):
        assignments = ", ".join(f"{quote(f.column)} = %s" for f in fields)
        pk = quote(self.model._meta.pk.column)
        with connection.cursor() as cursor:
            cursor.executemany(
                f"UPDATE {self.table} SET {assignments} WHERE {pk} = %s",
                self.ready_rows(rows, [*(self.fields.index(f) for f in fields), self.pk_index]),
            )
            if audited:
                extra = self.history_values("~", now)
                marks = ", ".join(["%s"] * (len(self.tracked) + len(HISTORY_COLUMNS)))
                cursor.executemany(
                    self.history_insert + f"VALUES ({marks})",
                    [values + extra for values in self.ready_rows(rows, [i for _c, i in self.tracked])],
                )

    def update_by_copy(self, rows, fields, now, audited):
        temporary = quote(f"import_changed_{self.model._meta.db_table}")
        pk = quote(self.model._meta.pk.column)
        with connection.cursor() as cursor:
            self.copy_into(cursor, temporary, [self.model._meta.pk, *fields], rows)
            assignments = ", ".join(f"{quote(f.column)} = changed.{quote(f.column)}" for f in fields)
            update = (
                f"UPDATE {self.table} SET {assignments} FROM {temporary} changed WHERE {self.table}.{pk} = changed.{pk}"
            )
            if not audited:
                cursor.execute(update)
                return
            returning = ", ".join(f"{self.table}.{quote(column)}" for column, _i in self.tracked)
            cursor.execute(
                f"WITH written AS ({update} RETURNING {returning}) " + self.returning_history("written"),
                self.history_values("~", now),
            )
