"""The casework demo leaves no victim's data in clear: not in the database file (SQLite) or a
`pg_dump` (PostgreSQL), not in a backup archive. Every demo client's names (Latin and local
script, in both orders), phones (as written, in E.164 and as bare digits), identity number,
address, the text of every sealed case section and every case note are looked for, and what
the demo's screenings and staged cases wrote (names, phones, notes, reasons, and the texts of
their records: assessment notes, care plans and goals, services, follow-ups, trafficking
events)."""

from __future__ import annotations

import sqlite3
import subprocess
import tarfile
from pathlib import Path

import pytest
from django.db import connection

from conftest import PASSWORD
from pathways.casework.models import Client, FollowUp
from pathways.demo.casework import CaseworkDemo, load_casework_demo
from pathways.demo.casework.care import SAID as RECORD_TEXTS
from pathways.demo.personas import ensure_demo_personas
from pathways.lib.phones import to_e164
from pathways.ops import backup
from pathways.programs.services import load_reference_data

# A backup copies committed data, so these tests commit; the database is emptied after.
pytestmark = pytest.mark.django_db(transaction=True)

DEMO_CLIENTS = 60


def load_demo() -> CaseworkDemo:
    load_reference_data()
    ensure_demo_personas(password=PASSWORD)
    demo = load_casework_demo(password=PASSWORD, clients=DEMO_CLIENTS)
    assert demo is not None and demo.clients == DEMO_CLIENTS
    return demo


def needles(demo: CaseworkDemo) -> dict[str, bytes]:
    """What must never be found in clear, each named for the failure message."""
    found: dict[str, bytes] = {}
    for n, planned in enumerate(demo.planned):
        identity = planned.identity
        values = {
            "name": f"{identity.first_name} {identity.last_name}".strip(),
            "name, family first": f"{identity.last_name} {identity.first_name}".strip(),
            "local-script name": identity.local_script_name,
            "identity number": identity.identity_number,
            "address": identity.address,
        }
        for kind in ("mobile_phone", "home_phone"):
            written = getattr(identity, kind)
            if written:
                values[f"{kind} as written"] = written
                values[f"{kind} in E.164"] = to_e164(written, "KH")
                values[f"{kind} digits"] = written.replace(" ", "")
        if planned.case is not None:
            for field, text in planned.case.sections.items():
                # Not a single word ("high", "Community"): the indicator sets' questions,
                # loaded in clear, use such words too.
                if " " in text:
                    values[f"case {field}"] = text
            for i, note in enumerate(planned.case.notes):
                values[f"note {i}"] = note.text
        for what, value in values.items():
            if len(value) >= 6:
                found[f"client {n}: {what}"] = value.encode()
    # What the screenings and the cases taken through the services wrote.
    for n, value in enumerate(demo.said):
        if len(value) >= 6:
            found[f"screened or staged {n}"] = value.encode()
    return found


def leaks(data: bytes, demo: CaseworkDemo) -> list[str]:
    """The needles found in `data`, in UTF-8 and, for a PostgreSQL dump, as the hex digits a
    bytea column is written in."""
    hay = data.lower()
    return [
        what
        for what, value in needles(demo).items()
        if value.lower() in hay or value.hex().encode() in hay
    ]


def database_bytes(tmp_path: Path) -> bytes:
    """The whole database as stored: the SQLite file (a page-for-page copy when the test
    database lives in memory), or a plain-text pg_dump of the PostgreSQL test database."""
    if connection.vendor == "sqlite":
        if not connection.is_in_memory_db():
            name = Path(connection.settings_dict["NAME"])
            wal = name.with_name(name.name + "-wal")
            return name.read_bytes() + (wal.read_bytes() if wal.exists() else b"")
        connection.ensure_connection()
        copy_path = tmp_path / "copy.sqlite3"
        copy = sqlite3.connect(copy_path)
        connection.connection.backup(copy)
        copy.close()
        return copy_path.read_bytes()
    pg = backup.pg_settings()
    pg_dump = backup.pg_tool("pg_dump")
    args = [pg_dump, "--format=plain", *backup.pg_args(pg), f"--dbname={pg['name']}"]
    return subprocess.run(args, capture_output=True, check=True, env=backup.pg_env(pg)).stdout


def archive_bytes(archive: Path) -> bytes:
    """Every member of a backup archive, the PostgreSQL dump turned back into SQL text (its
    custom format compresses each table, where no text could be seen)."""
    parts = []
    with tarfile.open(archive, "r:gz") as tar:
        for member in tar.getmembers():
            if member.isfile():
                parts.append(tar.extractfile(member).read())
                if member.name.endswith(".pgdump"):
                    parts.append(pg_dump_as_sql(parts[-1], archive.parent))
    return b"".join(parts)


def pg_dump_as_sql(dump: bytes, folder: Path) -> bytes:
    path = folder / "database.pgdump"
    path.write_bytes(dump)
    pg_restore = backup.pg_tool("pg_restore")
    return subprocess.run(
        [pg_restore, "--file=-", str(path)], capture_output=True, check=True
    ).stdout


def test_neither_the_database_nor_a_backup_holds_a_demo_client_value_in_clear(tmp_path, settings):
    settings.MEDIA_ROOT = tmp_path / "uploads"
    demo = load_demo()
    # The case records' texts are among what is looked for, and the demo wrote them.
    assert {t.encode() for t in RECORD_TEXTS} <= set(needles(demo).values())
    assert FollowUp.objects.exists()
    data = database_bytes(tmp_path)
    # The search sees text where there is some: the demo's shelter is named in clear.
    assert b"Mekong Safe Shelter" in data
    assert leaks(data, demo) == []

    archive, _manifest = backup.backup_create(output=str(tmp_path / "backup.tar.gz"))
    data = archive_bytes(archive)
    assert b"Mekong Safe Shelter" in data
    assert leaks(data, demo) == []


def test_the_search_finds_values_left_in_clear(tmp_path):
    """The tests above could not pass by looking in the wrong place: a name written in clear
    into a text column, and a note's text into a binary column (as if sealing had been
    skipped), are both found, in a SQLite file as in a PostgreSQL dump."""
    demo = load_demo()
    first = Client.objects.order_by("id").first()
    identity = demo.planned[0].identity
    note = next(p.case.notes[0].text for p in demo.planned if p.case is not None)
    Client.objects.filter(pk=first.pk).update(
        blind_index_name=f"{identity.first_name} {identity.last_name}",
        nickname_sealed=note.encode(),
    )
    # A follow-up's text as if its sealing had been skipped.
    followup = FollowUp.objects.order_by("id").first()
    FollowUp.objects.filter(pk=followup.pk).update(what_sealed=RECORD_TEXTS[-1].encode())
    found = leaks(database_bytes(tmp_path), demo)
    assert "client 0: name" in found
    assert any(what.endswith("note 0") for what in found)
    said = demo.said.index(RECORD_TEXTS[-1])
    assert f"screened or staged {said}" in found
