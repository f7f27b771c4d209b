"""No identifier of a client reaches the database in clear: not a column, not the audit
trail, not (on SQLite) a byte of the database file."""

from __future__ import annotations

import datetime as dt
import sqlite3

import pytest
from django.db import connection

from pathways.casework.sealing import ClientIdentity, clients_with_phone
from pathways.casework.tests.conftest import make_agency, register
from pathways.ops.backup import pg_args, pg_settings, pg_tool, run_pg, sqlite_snapshot
from pathways.programs.models import Country
from pathways.programs.services import load_reference_data

CLIENTS = [
    ClientIdentity(
        first_name="Sreyneang",
        last_name="Chhorvannak",
        local_script_name="ស្រីនាង ឆវណ្ណារ៉ា",
        nickname="Neangdaughter",
        birthdate=dt.date(2007, 11, 23),
        identity_number="N0981-22334",
        mobile_phone="012 987 654",
        home_phone="+855 23 998 877",
        email="neang.refuge@example.org",
        address="Rue Kampotvattanak 4471, Sangkat Zeroville",
    ),
    ClientIdentity(
        first_name="Phallyrotha",
        middle_name="Bunthoeunna",
        local_script_name="ផល្លីរដ្ឋា ប៊ុនធឿន",
        birthdate=dt.date(1999, 2, 8),
        identity_number="P7788-5566Q",
        mobile_phone="+855 97 765 4321",
    ),
    ClientIdentity(
        last_name="Thavrithyrak",
        nickname="ស្រីពៅតូចល្អ",
        mobile_phone="(0)16 554 433",
        email="thavrith.safe@example.com",
    ),
]

NEEDLES = [
    "Sreyneang",
    "Chhorvannak",
    "ស្រីនាង",
    "ឆវណ្ណារ៉ា",
    "Neangdaughter",
    "2007-11-23",
    "N0981-22334",
    "N098122334",
    "012 987 654",
    "85512987654",
    "85523998877",
    "neang.refuge",
    "Kampotvattanak",
    "Zeroville",
    "Phallyrotha",
    "Bunthoeunna",
    "ផល្លីរដ្ឋា",
    "ប៊ុនធឿន",
    "1999-02-08",
    "P7788-5566Q",
    "P77885566Q",
    "85597765432",
    "Thavrithyrak",
    "ស្រីពៅតូចល្អ",
    "85516554433",
    "thavrith.safe",
]


def register_all(kh, kh_agency) -> None:
    for identity in CLIENTS:
        register(
            kh,
            kh_agency,
            identity,
            birthdate_precision="day" if identity.birthdate else "",
            identity_document_type="passport" if identity.identity_number else "",
        )


def as_bytes(value) -> bytes:
    if isinstance(value, memoryview | bytearray):
        return bytes(value)
    if isinstance(value, bytes):
        return value
    return str(value).encode("utf-8")


def every_value() -> list[tuple[str, bytes]]:
    """Every value of every column of every table of the database, as bytes."""
    values = []
    with connection.cursor() as cursor:
        for table in connection.introspection.table_names(cursor):
            cursor.execute(f"SELECT * FROM {connection.ops.quote_name(table)}")
            for row in cursor.fetchall():
                values.extend((table, as_bytes(v)) for v in row if v is not None)
    return values


def test_no_identifier_is_in_any_column_of_any_table(kh, kh_agency):
    register_all(kh, kh_agency)
    assert clients_with_phone(kh, "012 987 654").count() == 1  # the clients are there
    values = every_value()
    assert any(
        table == "programs_organisation" and kh_agency.name.encode() in value
        for table, value in values
    )
    for needle in NEEDLES:
        encoded = needle.encode("utf-8")
        found = sorted({table for table, value in values if encoded in value})
        assert not found, f"a registered identifier is in clear in {found}"


@pytest.mark.django_db(transaction=True)
def test_no_identifier_is_in_the_database_file_or_a_dump(tmp_path):
    """Committed for real, as a server would: the SQLite file (through the backup's own
    copy) or a plain-text pg_dump of the whole database holds none of the identifiers."""
    load_reference_data()
    kh = Country.objects.get(code="KH")
    agency = make_agency(kh)
    register_all(kh, agency)
    copy = tmp_path / "database-copy"
    if connection.vendor == "sqlite":
        sqlite_snapshot(copy)
        check = sqlite3.connect(copy)
        assert check.execute("SELECT count(*) FROM casework_client").fetchone()[0] == 3
        check.close()
    else:
        pg = pg_settings()
        args = [pg_tool("pg_dump"), "--format=plain", "--no-owner", f"--file={copy}"]
        run_pg([*args, *pg_args(pg), f"--dbname={pg['name']}"], pg, "pg_dump")
    content = copy.read_bytes()
    # Text in clear is found in the file: the agency's name, a tier-1 fact.
    assert agency.name.encode("utf-8") in content
    for needle in NEEDLES:
        assert needle.encode("utf-8") not in content, "a registered identifier is in the file"
