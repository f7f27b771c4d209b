from __future__ import annotations

import datetime as dt
import io
import json
import re
import tarfile
import threading
import time
from pathlib import Path

import pytest
from django.core.management import call_command
from django.core.management.base import CommandError
from django.db import connection, connections, transaction

from conftest import PASSWORD
from pathways.accounts.models import User
from pathways.activities import tally
from pathways.activities.dedup.matching import name_key
from pathways.activities.models import Attendance, Event, Person, Sex
from pathways.audit.models import AuditEvent
from pathways.audit.services import audit_record, diff, snapshot, verify_chain
from pathways.demo.personas import ensure_demo_personas
from pathways.ops.backup import backup_create, record_counts
from pathways.programs.models import Country, Organisation
from pathways.programs.services import load_reference_data
from pathways.results import figures

# A backup copies committed data and a restore replaces the whole database, so these tests
# commit for real; the database is emptied after each, so each loads what it needs.
pytestmark = pytest.mark.django_db(transaction=True)

START, END = dt.date(2021, 7, 1), dt.date(2022, 6, 30)


# --- Helpers ----------------------------------------------------------------------------


def audited(instance):
    audit_record(
        actor=None, action=AuditEvent.Action.CREATE, instance=instance,
        changes=diff({}, snapshot(instance)), source=AuditEvent.Source.COMMAND,
    )  # fmt: skip
    return instance


def make_event(title: str, event_type: str, day: dt.date) -> Event:
    event = Event.objects.create(
        title=f"{title} (synthetic)",
        event_type=event_type,
        start_date=day,
        end_date=day,
        country=Country.objects.get(code="KH"),
        lead_organisation=Organisation.objects.filter(country__code="KH").first(),
        is_synthetic=True,
    )
    return audited(event)


def make_person(full_name: str, sex: str) -> Person:
    person = Person.objects.create(
        full_name=full_name,
        name_key=name_key(full_name),
        sex=sex,
        country=Country.objects.get(code="KH"),
        is_synthetic=True,
    )
    return audited(person)


def attend(event: Event, person: Person, role: str = Attendance.Role.PARTICIPANT) -> None:
    audited(Attendance.objects.create(event=event, person=person, role=role))


def make_program_records() -> None:
    load_reference_data()
    ensure_demo_personas(password=PASSWORD)
    training = make_event("Victim identification training", Event.Type.TRAINING, START)
    refresher = make_event("Refresher training", Event.Type.TRAINING, dt.date(2022, 3, 1))
    workshop = make_event("SOP review workshop", Event.Type.WORKSHOP, dt.date(2021, 9, 9))
    make_event("Outside the period", Event.Type.WORKSHOP, dt.date(2022, 7, 1))
    people = [
        make_person("Sok Dara (synthetic)", Sex.WOMAN),
        make_person("Chan Vuthy (synthetic)", Sex.MAN),
        make_person("Lim Sophea (synthetic)", Sex.WOMAN),
        make_person("Person without sex recorded (synthetic)", Sex.NOT_RECORDED),
    ]
    for person in people:
        attend(training, person)
        attend(workshop, person)
    attend(refresher, people[0])
    attend(refresher, people[1], Attendance.Role.FACILITATOR)


def all_figures() -> dict:
    events = Event.objects.all()
    period = {"events": events, "start": START, "end": END}
    return {
        "events": figures.count_events(**period),
        "event_ids": sorted(figures.event_records(**period).values_list("id", flat=True)),
        "participants": figures.count_participants(**period).as_dict(),
        "capacity_events": figures.count_capacity_development_events(**period),
        "people_trained": figures.count_people_trained(**period).as_dict(),
        "trained_ids": sorted(
            figures.people_trained_records(**period).values_list("id", flat=True)
        ),
    }


def run_backup(*args: str) -> str:
    out = io.StringIO()
    call_command("backup", *args, stdout=out)
    return out.getvalue()


def run_restore(*args: str) -> str:
    out, err = io.StringIO(), io.StringIO()
    call_command("restore", *args, stdout=out, stderr=err)
    return out.getvalue() + err.getvalue()


def written_archive(output: str) -> Path:
    return Path(output.splitlines()[0].removeprefix("Backup written to "))


def rewrite_archive(source: Path, target: Path, change) -> Path:
    """A copy of an archive with `change(members: dict[name, bytes])` applied."""
    with tarfile.open(source, "r:gz") as tar:
        members = {m.name: tar.extractfile(m).read() for m in tar.getmembers() if m.isfile()}
    change(members)
    with tarfile.open(target, "w:gz") as tar:
        for name, data in members.items():
            info = tarfile.TarInfo(name)
            info.size = len(data)
            tar.addfile(info, io.BytesIO(data))
    return target


def change_manifest(edit):
    def change(members: dict[str, bytes]) -> None:
        manifest = json.loads(members["manifest.json"])
        edit(manifest)
        members["manifest.json"] = json.dumps(manifest).encode()

    return change


@pytest.fixture
def media(settings, tmp_path) -> Path:
    settings.MEDIA_ROOT = tmp_path / "uploads"
    sheet = settings.MEDIA_ROOT / "imports" / "2021" / "sign-in-sheet.xlsx"
    sheet.parent.mkdir(parents=True)
    sheet.write_bytes(b"PK\x03\x04 synthetic sign-in sheet")
    return settings.MEDIA_ROOT


@pytest.fixture
def archive(transactional_db, media, tmp_path) -> Path:
    make_program_records()
    return written_archive(run_backup("-o", str(tmp_path / "backups") + "/"))


# --- The round trip ---------------------------------------------------------------------


def test_round_trip_gives_identical_figures_files_and_an_intact_audit_chain(media, tmp_path):
    make_program_records()
    before = all_figures()
    assert before["events"] == 3 and before["participants"]["total"] == 9
    audit_count = AuditEvent.objects.count()
    archive = written_archive(run_backup("-o", str(tmp_path / "backup.tar.gz")))

    call_command("flush", interactive=False, verbosity=0)
    for path in sorted(media.rglob("*"), reverse=True):
        path.unlink() if path.is_file() else path.rmdir()
    assert Event.objects.count() == 0 and all_figures() != before

    output = run_restore(str(archive))
    assert all_figures() == before
    # The participant tally comes back with the records, and its triggers keep it from here.
    assert tally.stored() == tally.recount() and tally.stored()
    Attendance.objects.filter(role=Attendance.Role.PARTICIPANT).first().delete()
    assert tally.stored() == tally.recount()
    assert AuditEvent.objects.count() == audit_count
    assert verify_chain() is None
    assert "Audit chain: ok" in output
    sheet = media / "imports" / "2021" / "sign-in-sheet.xlsx"
    assert sheet.read_bytes() == b"PK\x03\x04 synthetic sign-in sheet"
    # The restored accounts work: the demo password still matches.
    assert User.objects.get(username="kh_officer").check_password(PASSWORD)


# --- Backup while the app is writing ---------------------------------------------------


class Writer(threading.Thread):
    """Another user saving events, each with its audit record in the same transaction."""

    def __init__(self) -> None:
        super().__init__()
        self.stop = threading.Event()
        self.commits: list[float] = []
        self.error: Exception | None = None

    def run(self) -> None:
        try:
            while not self.stop.is_set():
                with transaction.atomic():
                    make_event(f"Saved during the backup {len(self.commits)}", "meeting", START)
                self.commits.append(time.monotonic())
        except Exception as error:  # the test fails on it below
            self.error = error
        finally:
            connection.close()

    def wait_for(self, commits: int) -> None:
        deadline = time.monotonic() + 30
        while len(self.commits) < commits and self.error is None and time.monotonic() < deadline:
            time.sleep(0.01)


def event_audit_counts() -> tuple[int, int]:
    creations = AuditEvent.objects.filter(
        action=AuditEvent.Action.CREATE, content_type__model="event"
    )
    return Event.objects.count(), creations.count()


def test_backup_while_another_user_writes_is_a_consistent_snapshot(media, tmp_path):
    """Saves carry on during the backup; the archive holds each whole, or not at all."""
    if connection.vendor == "sqlite" and connection.is_in_memory_db():
        pytest.skip(
            "the in-memory SQLite test database cannot be shared with a second connection; "
            "set PATHWAYS_TEST_SQLITE=/tmp/some-file.sqlite3 to run this on SQLite"
        )
    make_program_records()
    writer = Writer()
    writer.start()
    try:
        writer.wait_for(5)
        started = time.monotonic()
        archive = written_archive(run_backup("-o", str(tmp_path / "live.tar.gz")))
        finished = time.monotonic()
        writer.wait_for(len(writer.commits) + 5)
    finally:
        writer.stop.set()
        writer.join()
    assert writer.error is None
    with tarfile.open(archive, "r:gz") as tar:
        manifest = json.load(tar.extractfile("manifest.json"))
    # The other user was not held up: saves went through while the backup ran.
    assert any(started < at < finished for at in writer.commits)
    saved = Event.objects.count()
    assert manifest["counts"]["events"] < saved

    run_restore(str(archive), "--yes")
    restored = record_counts()
    assert restored == manifest["counts"]
    events, creations = event_audit_counts()
    assert events == creations  # no event without its audit record, nor the reverse
    assert verify_chain() is None
    assert AuditEvent.objects.order_by("-id").first().hash == manifest["audit_chain_head"]


def test_sqlite_backup_copies_the_live_connection_with_the_online_backup_api(media, tmp_path):
    """The copy is taken through SQLite's backup API from the connection the app uses,
    not by copying the database file (which could catch a write half-done)."""
    if connection.vendor != "sqlite":
        pytest.skip("SQLite only; PostgreSQL backups use pg_dump on an exported snapshot")
    make_program_records()
    connection.ensure_connection()
    live = connection.connection
    used: list[object] = []

    class Spy:
        def __init__(self, real):
            self.real = real

        def backup(self, target, **kwargs):
            used.append(self.real)
            return self.real.backup(target, **kwargs)

        def __getattr__(self, name):
            return getattr(self.real, name)

    wrapper = connections["default"]
    wrapper.connection = Spy(live)
    try:
        _archive, manifest = backup_create(output=str(tmp_path / "b.tar.gz"))
    finally:
        wrapper.connection = live
    assert used == [live]
    assert manifest["counts"]["events"] == Event.objects.count()


# --- Backup -----------------------------------------------------------------------------


def test_the_audit_key_stays_out_of_the_backup_and_a_restore_verifies_with_it(
    archive, settings, tmp_path
):
    key_text = Path(settings.AUDIT_KEY_FILE).read_text()
    keys = [line.split(":")[1].encode() for line in key_text.splitlines() if line.strip()]
    with tarfile.open(archive, "r:gz") as tar:
        held = b"".join(tar.extractfile(m).read() for m in tar.getmembers() if m.isfile())
    assert keys and not any(key in held for key in keys)

    assert "Audit chain: ok" in run_restore(str(archive), "--yes")
    assert verify_chain() is None

    # On a machine without the key file, the restore says which key the check needs.
    settings.AUDIT_KEY_FILE = tmp_path / "not-restored.key"
    output = run_restore(str(archive), "--yes")
    assert "Audit chain: ok" not in output
    assert "which is not in the audit key file" in output and "not-restored.key" in output


def test_manifest_describes_the_snapshot(archive):
    with tarfile.open(archive, "r:gz") as tar:
        manifest = json.load(tar.extractfile("manifest.json"))
        names = set(tar.getnames())
    assert manifest["format"] == 1
    assert manifest["database"]["engine"] in {"sqlite", "postgresql"}
    assert "0001_initial" in manifest["migrations"]["audit"]
    assert manifest["counts"]["events"] == Event.objects.count()
    assert manifest["audit_chain_head"] == AuditEvent.objects.order_by("-id").first().hash
    assert "media/imports/2021/sign-in-sheet.xlsx" in manifest["files"]
    assert set(manifest["files"]) | {"manifest.json"} <= names
    assert all(len(checksum) == 64 for checksum in manifest["files"].values())
    assert dt.datetime.fromisoformat(manifest["created_at"]).tzinfo is not None


def test_output_directory_gets_a_dated_archive_name(archive, tmp_path):
    assert archive.parent == tmp_path / "backups"
    assert archive.name.startswith("pathways-backup-") and archive.name.endswith(".tar.gz")
    assert archive.stat().st_mode & 0o077 == 0  # personal data: readable by the owner only


def test_backup_reports_what_it_saved(media, tmp_path):
    output = run_backup("-o", str(tmp_path / "b.tar.gz"))
    assert "Backup written to" in output and "1 uploaded files" in output


# --- Restore refusals -------------------------------------------------------------------


def test_restore_refuses_to_replace_data_without_yes(archive):
    events = Event.objects.count()
    with pytest.raises(CommandError, match=r"already holds data.*--yes"):
        run_restore(str(archive))
    assert Event.objects.count() == events


def test_restore_of_a_missing_archive_says_so(tmp_path):
    with pytest.raises(CommandError, match="No backup archive at"):
        run_restore(str(tmp_path / "nope.tar.gz"), "--yes")


def test_restore_of_a_file_that_is_not_an_archive_says_so(tmp_path):
    junk = tmp_path / "junk.tar.gz"
    junk.write_bytes(b"this is not a backup")
    with pytest.raises(CommandError, match="not a readable backup archive"):
        run_restore(str(junk), "--yes")


def test_damaged_database_file_fails_its_checksum(archive, tmp_path):
    def damage(members):
        name = next(n for n in members if n.startswith("database."))
        members[name] = members[name][:-1] + bytes([members[name][-1] ^ 0xFF])

    damaged = rewrite_archive(archive, tmp_path / "damaged.tar.gz", damage)
    with pytest.raises(CommandError, match="Checksum mismatch for database"):
        run_restore(str(damaged), "--yes")


def test_missing_upload_is_named(archive, tmp_path):
    def drop(members):
        del members["media/imports/2021/sign-in-sheet.xlsx"]

    broken = rewrite_archive(archive, tmp_path / "broken.tar.gz", drop)
    missing = "incomplete: media/imports/2021/sign-in-sheet.xlsx"
    with pytest.raises(CommandError, match=re.escape(missing)):
        run_restore(str(broken), "--yes")


def test_archive_without_manifest_is_not_a_pathways_backup(archive, tmp_path):
    broken = rewrite_archive(archive, tmp_path / "x.tar.gz", lambda m: m.pop("manifest.json"))
    with pytest.raises(CommandError, match="not a Pathways backup"):
        run_restore(str(broken), "--yes")


def test_backup_from_another_database_engine_is_refused(archive, tmp_path):
    def other_engine(manifest):
        other = "postgresql" if manifest["database"]["engine"] == "sqlite" else "sqlite"
        manifest["database"]["engine"] = other

    moved = rewrite_archive(archive, tmp_path / "o.tar.gz", change_manifest(other_engine))
    with pytest.raises(CommandError, match="same database engine"):
        run_restore(str(moved), "--yes")


def test_backup_from_a_newer_version_is_refused(archive, tmp_path):
    def newer(manifest):
        manifest["migrations"]["activities"].append("9999_from_the_future")

    newer_archive = rewrite_archive(archive, tmp_path / "n.tar.gz", change_manifest(newer))
    with pytest.raises(CommandError, match=r"newer version of Pathways.*9999_from_the_future"):
        run_restore(str(newer_archive), "--yes")


def test_archive_with_a_path_outside_the_archive_is_refused(archive, tmp_path):
    def escape(members):
        members["../../etc/evil"] = b"x"

    evil = rewrite_archive(archive, tmp_path / "evil.tar.gz", escape)
    with pytest.raises(CommandError, match="not a readable backup archive"):
        run_restore(str(evil), "--yes")
    assert not (tmp_path.parent / "etc" / "evil").exists()
