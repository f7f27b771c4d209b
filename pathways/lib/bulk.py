"""Inserting many new rows of one model fast, with their primary keys set.

`insert_rows` takes each row as its field values and does what `Model.objects.bulk_create`
does for plain models (field defaults and `auto_now_add` applied, no signals, no save()),
but reserves the primary keys first and then sends the rows in one COPY on PostgreSQL and
through one prepared INSERT (executemany) on SQLite: Django's bulk_create compiles one
INSERT per batch of a few dozen rows on SQLite, which costs more than writing the rows.
Other databases get Django's bulk_create. `bulk_insert` does the same for instances.

Reserving keys: on PostgreSQL from the table's sequence (other writers get other numbers);
on SQLite after the largest key ever given (`sqlite_sequence`) or present, which is safe
because it must run inside a transaction that has already written: SQLite lets one writer
at a time hold the database until its transaction ends.
"""

from __future__ import annotations

from collections.abc import Mapping, Sequence
from typing import Any, NamedTuple, TypeVar

from django.db import connection, connections, models, transaction
from django.db.models.fields import AutoFieldMixin

M = TypeVar("M", bound=models.Model)
CHUNK = 5000

# Fields whose value goes to the database as it is when it already has one of these types
# (Django's get_db_prep_save would only convert it to the same type), or is None: asking
# each field of each row through Django's machinery was most of the write's time. Any other
# value, and every other kind of field, goes through get_db_prep_save.
_PLAIN: dict[type[models.Field], tuple[type, ...]] = {
    models.CharField: (str,),
    models.TextField: (str,),
    models.EmailField: (str,),
    models.IntegerField: (int,),
    models.SmallIntegerField: (int,),
    models.BigIntegerField: (int,),
    models.PositiveIntegerField: (int,),
    models.PositiveSmallIntegerField: (int,),
    models.BooleanField: (bool,),
    # Prepared by Django when set; None is NULL either way.
    models.DecimalField: (),
    models.DateField: (),
    models.DateTimeField: (),
}


def _checked(model: type[models.Model], what: str) -> None:
    meta = model._meta
    if not isinstance(meta.pk, AutoFieldMixin) or meta.parents:
        raise TypeError(f"{what} needs a plain model with an automatic key: {model}")
    if not transaction.get_connection().in_atomic_block:
        raise RuntimeError(f"{what} runs inside transaction.atomic()")


def bulk_insert(objs: Sequence[M]) -> Sequence[M]:
    """Insert unsaved instances of one model through `insert_rows`; sets their pk. Returns
    them. (Their `auto_now` fields are stored, not set on the instances.)"""
    if not objs:
        return objs
    model = type(objs[0])
    for obj in objs:
        if type(obj) is not model or obj.pk is not None:
            raise ValueError("bulk_insert takes new instances of a single model")
    meta = model._meta
    names = [f.attname for f in meta.concrete_fields if f is not meta.pk]
    for obj in objs:
        if obj._state.fields_cache:  # a related instance was assigned: take its key
            obj._prepare_related_fields_for_save(operation_name="bulk_insert")
    ids = insert_rows(model, [{n: obj.__dict__[n] for n in names} for obj in objs])
    alias = connection.alias
    for obj, new_id in zip(objs, ids, strict=True):
        obj.pk = new_id
        obj._state.adding = False
        obj._state.db = alias
    return objs


def insert_rows(model: type[models.Model], rows: Sequence[Mapping[str, Any]]) -> list[int]:
    """Insert new rows of `model`, each given as {attname: value}, and return their keys in
    order, without building an instance per row (for a big import's persons and
    attendances, building them cost more than writing them). A field left out takes its
    default, as a new instance's would; `auto_now` and `auto_now_add` fields get one
    timestamp for every row, as one INSERT statement of all the rows would."""
    if not rows:
        return []
    _checked(model, "insert_rows")
    meta = model._meta
    fields = [f for f in meta.concrete_fields if f is not meta.pk]
    known = {f.attname for f in fields}
    for number, row in enumerate(rows, start=1):
        if unknown := row.keys() - known:
            raise ValueError(f"row {number}: {model.__name__} has no field {sorted(unknown)}")
    if connection.vendor not in ("postgresql", "sqlite"):
        # Other databases: Django's own bulk_create, which sets the keys where it can.
        made = model.objects.bulk_create([model(**row) for row in rows], batch_size=CHUNK)
        return [obj.pk for obj in made]
    db = connections[connection.alias]  # the connection itself, not the thread-local proxy
    columns = [_column(f, model, db) for f in fields]
    ids = _reserve(meta.db_table, meta.pk.column, len(rows))
    _send(db, model, fields, [_values(r, i, columns, db) for r, i in zip(rows, ids, strict=True)])
    return ids


def _send(db: Any, model: type[models.Model], fields: list[models.Field], rows: list) -> None:
    """The rows (key first, then `fields`' values, prepared) into the model's table."""
    meta = model._meta
    quote = db.ops.quote_name
    names = ", ".join(quote(c) for c in [meta.pk.column, *(f.column for f in fields)])
    # Table and column names come from the model, quoted; values go as parameters.
    with db.cursor() as cursor:
        if db.vendor == "postgresql":
            # COPY: one statement for every row, far less work for the server than an INSERT
            # per row.
            with cursor.cursor.copy(f"COPY {quote(meta.db_table)} ({names}) FROM STDIN") as copy:
                for row in rows:
                    copy.write_row(row)
        else:
            sqlite_insert(cursor, quote(meta.db_table), names, rows)


class _Column(NamedTuple):
    """A column of `insert_rows`: how a value given is prepared, and the value of a row that
    leaves the field out (prepared once), or the callable that makes it."""

    field: models.Field
    attname: str
    plain: tuple[type, ...] | None
    value: Any = None
    make: Any = None  # a callable default: called for each row that leaves the field out
    stamp: bool = False  # auto_now / auto_now_add: `value` for every row, given or not


def _column(field: models.Field, model: type[models.Model], db: Any) -> _Column:
    plain = _plain_types(field)
    if getattr(field, "auto_now", False) or getattr(field, "auto_now_add", False):
        value = field.get_db_prep_save(field.pre_save(model(), True), db)
        return _Column(field, field.attname, plain, value=value, stamp=True)
    if field.has_default() and callable(field.default):
        return _Column(field, field.attname, plain, make=field.default)
    return _Column(
        field, field.attname, plain, value=field.get_db_prep_save(field.get_default(), db)
    )


_MISSING = object()


def _values(row: Mapping[str, Any], new_id: int, columns: list[_Column], db: Any) -> tuple:
    values = [new_id]
    for column in columns:
        value = _MISSING if column.stamp else row.get(column.attname, _MISSING)
        if value is _MISSING:
            if column.make is None:
                values.append(column.value)
                continue
            value = column.make()
        if column.plain is not None and (value is None or type(value) in column.plain):
            values.append(value)
        else:
            values.append(column.field.get_db_prep_save(value, db))
    return tuple(values)


def _plain_types(field: models.Field) -> tuple[type, ...] | None:
    """The value types `field` stores unchanged (None always is), or None when each value
    must be prepared."""
    if isinstance(field, models.ForeignKey):
        target = field.target_field
        return (int,) if isinstance(target, AutoFieldMixin) else _PLAIN.get(type(target))
    return _PLAIN.get(type(field))


def sqlite_insert(cursor, table: str, columns: str, rows: list[tuple]) -> None:
    """Rows through one prepared INSERT (executemany), in chunks: on SQLite, with the
    tally's triggers on the tables, cheaper than INSERTs of many rows each compiled afresh
    (docs/performance.md)."""
    marks = ", ".join(["%s"] * len(rows[0]))
    sql = f"INSERT INTO {table} ({columns}) VALUES ({marks})"  # noqa: S608
    for start in range(0, len(rows), CHUNK):
        cursor.executemany(sql, rows[start : start + CHUNK])


def _reserve(table: str, column: str, count: int) -> list[int]:
    quote = connection.ops.quote_name
    with connection.cursor() as cursor:
        if connection.vendor == "postgresql":
            cursor.execute(
                "SELECT nextval(pg_get_serial_sequence(%s, %s)) FROM generate_series(1, %s)",
                [quote(table), column, count],
            )
            return [row[0] for row in cursor.fetchall()]
        cursor.execute(f"SELECT MAX({quote(column)}) FROM {quote(table)}")  # noqa: S608
        largest = cursor.fetchone()[0] or 0
        cursor.execute("SELECT name FROM sqlite_master WHERE name = 'sqlite_sequence'")
        if cursor.fetchone():
            cursor.execute("SELECT seq FROM sqlite_sequence WHERE name = %s", [table])
            row = cursor.fetchone()
            largest = max(largest, row[0] if row else 0)
        return list(range(largest + 1, largest + 1 + count))
