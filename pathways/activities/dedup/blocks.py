"""Blocks: the groups of persons that may be one, so that the finder never compares all
pairs.

Each person is in a few blocks (phone, email, phonetic name key, the name's letters run
together, a name word with the birth year or the organisation, a name word alone:
`PersonRecord.block_entries`), and only persons sharing a block are compared. A block too
large to compare fully is sorted and compared within a sliding window, so the work grows
linearly with the number of persons.

The blocks are grouped in memory for a whole country (`_blocks`), and stored as PersonBlock
rows, kept by every service that writes a person (`refresh_person_blocks`), so that an
import's new persons are compared with the persons sharing their blocks alone.
"""

from __future__ import annotations

import itertools
from collections import defaultdict
from collections.abc import Iterable, Iterator, Sequence
from typing import Any, NamedTuple

from django.db import connection, transaction
from django.db.models import Exists, OuterRef, QuerySet

from pathways.activities.dedup.records import PersonRecord, person_records
from pathways.activities.models import Person, PersonBlock

# Blocks up to this size are compared pair by pair; larger ones through a sorted window.
BLOCK_LIMIT = 8
WINDOW = 4
WORD_WINDOW = 2


# A person's place in a block, (rest, year, position): the block's sorted order is these
# values' order, and ties keep the order the persons were given in (their position). Plain
# tuples, as are the block keys, (country, key): an import makes one per person and block.
Place = tuple[str, int, int]


def _blocks(records: Sequence[PersonRecord]) -> dict[tuple[int, tuple[Any, ...]], list[Place]]:
    """The places of `records` by (country, block key), each person once in each of its
    blocks, in the order given."""
    blocks: dict[tuple[int, tuple[Any, ...]], list[Place]] = defaultdict(list)
    for i, record in enumerate(records):
        country, year = record.country_id, record.birth_year or 0
        for key, rest in record.block_entries:
            blocks[(country, key)].append((rest, year, i))
    return blocks


def _window(kind: str, size: int) -> int:
    """How far apart in a block's sorted order two persons may be to be compared."""
    if size <= BLOCK_LIMIT:
        return size
    # A name word alone is the widest block: a narrower window keeps the work linear.
    return WORD_WINDOW if kind == "word" else WINDOW


def _in_block_order(places: list[Place]) -> list[int]:
    """A block's members (positions) in the order its window walks: a block too large to
    compare fully is sorted (the database paths give persons by primary key, so ties keep
    that order, which the focused finder relies on)."""
    if len(places) > BLOCK_LIMIT:
        places = sorted(places)
    return [position for _, _, position in places]


def _name_counts(blocks: dict[tuple[int, tuple[Any, ...]], list[Place]]) -> dict[Any, int]:
    """Persons by (country, phonetic name key)."""
    return {(country, key[1]): len(m) for (country, key), m in blocks.items() if key[0] == "name"}


# Blocks are stored for the keys below; a word's blocks with the birth year or the
# organisation are the word block's members sharing those, so they are not stored twice.
_DERIVED = ("word-year", "word-org")
_CHUNK = 500


class _Member(NamedTuple):
    """A stored block row: its fields in this order are the block's sorted order."""

    rest: str
    year: int
    pk: int
    org: int | None


def _key_text(key: tuple[Any, ...]) -> str:
    return ":".join(str(part) for part in key)


_BLOCK_COLUMNS = ("person_id", "country_id", "key", "rest", "year", "organisation_id")


def _block_rows(record: PersonRecord) -> Iterator[tuple[Any, ...]]:
    """The person's stored block rows, as values of _BLOCK_COLUMNS."""
    year = record.birth_year or 0
    for key, rest in record.block_entries:
        if key[0] in _DERIVED:
            continue
        yield (record.pk, record.country_id, _key_text(key), rest, year, record.organisation_id)


def _insert_blocks(rows: Iterable[tuple[Any, ...]], *, new_persons: bool = False) -> None:
    """One prepared INSERT for every row (executemany), or COPY on PostgreSQL: an import
    stores several rows per new person, and model instances, or statements of many rows
    each compiled afresh, cost more than the rest of the work (docs/performance.md). A row
    already there (a person edited while an import stores its missing blocks) is left as it
    is.

    `new_persons`: the rows are of persons created in this transaction, whom no other
    writer can see yet, so no row can be there already (on PostgreSQL they are copied
    straight into the table); and they are made in memory, not read from the database, so
    they are sent as they come: an import's half a million rows are never held all at once.
    Other rows may come from a query on this connection, which a COPY under way would
    stall: they are read in full first."""
    rows = iter(rows) if new_persons else iter(list(rows))
    first = next(rows, None)
    if first is None:
        return
    rows = itertools.chain((first,), rows)
    table = connection.ops.quote_name(PersonBlock._meta.db_table)
    columns = ", ".join(connection.ops.quote_name(c) for c in _BLOCK_COLUMNS)
    with transaction.atomic(), connection.cursor() as cursor:
        if connection.vendor == "postgresql" and new_persons:
            with cursor.cursor.copy(f"COPY {table} ({columns}) FROM STDIN") as copy:
                for row in rows:
                    copy.write_row(row)
            return
        if connection.vendor == "postgresql":
            _copy_blocks(cursor, table, columns, rows)
            return
        marks = ", ".join(["%s"] * len(_BLOCK_COLUMNS))
        sql = f"INSERT INTO {table} ({columns}) VALUES ({marks}) ON CONFLICT DO NOTHING"  # noqa: S608
        while chunk := list(
            itertools.islice(rows, 5000)
        ):  # names from the model, values as parameters
            cursor.executemany(sql, chunk)


def _copy_blocks(cursor: Any, table: str, columns: str, rows: Iterable[tuple[Any, ...]]) -> None:
    cursor.execute(
        "CREATE TEMPORARY TABLE person_block_new (person_id bigint, country_id bigint,"
        " key text, rest text, year integer, organisation_id bigint)"
    )
    with cursor.cursor.copy(f"COPY person_block_new ({columns}) FROM STDIN") as copy:
        for row in rows:
            copy.write_row(row)
    cursor.execute(  # names from the model
        f"INSERT INTO {table} ({columns}) SELECT {columns} FROM person_block_new"  # noqa: S608
        " ON CONFLICT DO NOTHING"
    )
    cursor.execute("DROP TABLE person_block_new")


def _chunks(items: Iterable[Any], size: int = _CHUNK) -> Iterator[list[Any]]:
    items = list(items)
    for start in range(0, len(items), size):
        yield items[start : start + size]


def refresh_person_blocks(persons: Iterable[Person]) -> None:
    """Store the blocks of these persons afresh from their saved facts; every service that
    changes a person's names, contacts, birth year or organisation calls it."""
    records = [PersonRecord.of_person(p) for p in persons]
    for chunk in _chunks([r.pk for r in records]):
        PersonBlock.objects.filter(person_id__in=chunk).delete()
    _insert_blocks(row for r in records for row in _block_rows(r))


def _without_blocks(country_id: int) -> QuerySet[Person]:
    return (
        Person.objects.filter(country_id=country_id)
        .filter(~Exists(PersonBlock.objects.filter(person_id=OuterRef("pk"))))
        .order_by()
    )


def store_missing_blocks(country_id: int) -> None:
    """Blocks for the country's persons that have none yet: persons written in bulk (the
    scale data, say) get theirs here, before anyone is compared with them."""
    _insert_blocks(
        row for r in person_records(_without_blocks(country_id)) for row in _block_rows(r)
    )


def _sync_blocks(country_id: int, records: list[PersonRecord]) -> None:
    """Make the country's stored blocks exactly those of `records` (the full finder's)."""
    wanted = {row for r in records for row in _block_rows(r)}
    stale = []
    for pk, *fields in (
        PersonBlock.objects.filter(country_id=country_id)
        .values_list("pk", *_BLOCK_COLUMNS)
        .iterator(chunk_size=5000)
    ):
        row = tuple(fields)
        if row in wanted:
            wanted.discard(row)
        else:
            stale.append(pk)
    for chunk in _chunks(stale):
        PersonBlock.objects.filter(pk__in=chunk).delete()
    _insert_blocks(wanted)


def _stored_rows(
    country_id: int, focus: set[int], unstored: Sequence[tuple[Any, ...]] = ()
) -> Iterator[tuple[Any, ...]]:
    """The stored rows of every block the focus persons are in, with the `unstored` rows
    (`_block_rows` of persons not written yet, or written without their blocks) of those
    blocks, as if they were stored."""
    keys = {row[2] for row in unstored if row[0] in focus}
    for chunk in _chunks(focus):
        keys.update(PersonBlock.objects.filter(person_id__in=chunk).values_list("key", flat=True))
    rows = PersonBlock.objects.filter(country_id=country_id).order_by()
    for chunk in _chunks(keys):
        yield from (
            rows.filter(key__in=chunk)
            .values_list("key", "rest", "year", "person_id", "organisation_id")
            .iterator(chunk_size=5000)
        )
    for pk, _country, key, rest, year, org in unstored:
        if key in keys:
            yield key, rest, year, pk, org


def _stored_blocks(
    country_id: int, focus: set[int], unstored: Sequence[tuple[Any, ...]] = ()
) -> dict[tuple[Any, ...], list[_Member]]:
    """The whole membership of every block the focus persons are in, from the stored rows
    (and the `unstored` ones, see `_stored_rows`)."""
    stored: dict[str, list[_Member]] = defaultdict(list)
    for key, *member in _stored_rows(country_id, focus, unstored):
        stored[key].append(_Member(*member))
    blocks: dict[tuple[Any, ...], list[_Member]] = {}
    for key, members in stored.items():
        kind, _, value = key.partition(":")
        blocks[(kind, value)] = members
        if kind == "word":
            blocks.update(_word_blocks(value, members, focus))
    return blocks


def _word_blocks(
    token: str, members: list[_Member], focus: set[int]
) -> dict[tuple[Any, ...], list[_Member]]:
    """The focus persons' blocks of this word with their birth year or organisation."""
    years = {m.year for m in members if m.pk in focus and m.year}
    orgs = {m.org for m in members if m.pk in focus and m.org}
    blocks = {("word-year", token, y): [m for m in members if m.year == y] for y in years}
    blocks.update({("word-org", token, o): [m for m in members if m.org == o] for o in orgs})
    return blocks


def _pairs_with(focus: set[int], kind: str, members: list[_Member]) -> Iterator[tuple[int, int]]:
    """The pairs a block's window offers (`arrays.window_pairs`) that involve a focus
    person, found from the focus persons' places alone: a large block's window is walked
    only around them."""
    ordered = sorted(members) if len(members) > BLOCK_LIMIT else members
    window = _window(kind, len(members))
    for i, member in enumerate(ordered):
        if member.pk in focus:
            for other in ordered[max(0, i - window) : i] + ordered[i + 1 : i + 1 + window]:
                yield member.pk, other.pk
