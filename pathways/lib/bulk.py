"""Inserting many new rows of one model fast, with their primary keys set.

`bulk_insert` does what `Model.objects.bulk_create` does for plain models (field defaults and
`auto_now_add` applied, no signals, no save()), but reserves the primary keys first and then
sends the rows in one COPY on PostgreSQL and in INSERTs of thousands of rows on SQLite:
Django's bulk_create compiles one INSERT per batch of a few dozen rows on SQLite, which costs
more than writing the rows. Other databases get Django's bulk_create.

Reserving keys: on PostgreSQL from the table's sequence (other writers get other numbers);
on SQLite after the largest key ever given (`sqlite_sequence`) or present, which is safe
because it must run inside a transaction that has already written: SQLite lets one writer
at a time hold the database until its transaction ends.
"""

from __future__ import annotations

import sqlite3
from collections.abc import Sequence
from typing import TypeVar

from django.db import connection, models, transaction
from django.db.models.fields import AutoFieldMixin

M = TypeVar("M", bound=models.Model)
CHUNK = 5000


def bulk_insert(objs: Sequence[M]) -> Sequence[M]:
    """Insert unsaved instances of one model; sets their pk. Returns them."""
    if not objs:
        return objs
    model = type(objs[0])
    meta = model._meta
    pk = meta.pk
    if not isinstance(pk, AutoFieldMixin) or meta.parents:
        raise TypeError(f"bulk_insert needs a plain model with an automatic key: {model}")
    if not transaction.get_connection().in_atomic_block:
        raise RuntimeError("bulk_insert runs inside transaction.atomic()")
    if connection.vendor not in ("postgresql", "sqlite"):
        # Other databases: Django's own bulk_create, which sets the keys where it can.
        return model.objects.bulk_create(objs, batch_size=CHUNK)
    fields = [f for f in meta.concrete_fields if f is not pk]
    ids = _reserve(meta.db_table, pk.column, len(objs))
    rows = []
    for obj, new_id in zip(objs, ids, strict=True):
        if type(obj) is not model or obj.pk is not None:
            raise ValueError("bulk_insert takes new instances of a single model")
        obj._prepare_related_fields_for_save(operation_name="bulk_insert")
        rows.append(
            (new_id, *(f.get_db_prep_save(f.pre_save(obj, True), connection) for f in fields))
        )
    quote = connection.ops.quote_name
    columns = ", ".join(quote(c) for c in [pk.column, *(f.column for f in fields)])
    # Table and column names come from the model, quoted; values go as parameters.
    with connection.cursor() as cursor:
        if connection.vendor == "postgresql":
            # COPY: one statement for every row, far less work for the server than an INSERT
            # per row.
            with cursor.cursor.copy(f"COPY {quote(meta.db_table)} ({columns}) FROM STDIN") as copy:
                for row in rows:
                    copy.write_row(row)
        else:
            sqlite_insert(cursor, quote(meta.db_table), columns, rows)
    for obj, new_id in zip(objs, ids, strict=True):
        obj.pk = new_id
        obj._state.adding = False
        obj._state.db = connection.alias
    return objs


def sqlite_insert(cursor, table: str, columns: str, rows: list[tuple]) -> None:
    """Many rows per INSERT, as many as SQLite takes parameters for. Not executemany: once a
    table has triggers (attendance and persons keep the participant tally), SQLite gives each
    statement its own statement journal, which costs more than writing the row."""
    width = len(rows[0])
    per_statement = max(
        1, connection.connection.getlimit(sqlite3.SQLITE_LIMIT_VARIABLE_NUMBER) // width
    )
    row_marks = "(" + ", ".join(["%s"] * width) + ")"
    for start in range(0, len(rows), per_statement):
        chunk = rows[start : start + per_statement]
        marks = ", ".join([row_marks] * len(chunk))
        sql = f"INSERT INTO {table} ({columns}) VALUES {marks}"  # noqa: S608
        cursor.execute(sql, [value for row in chunk for value in row])


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
