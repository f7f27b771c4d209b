"""Two imports into the same event at the same moment never count anyone twice, and a merge
of persons during an import neither fails it nor loses an attendance.

Each import runs in its own thread with its own database connection, released together.
On PostgreSQL the import locks the event row, so the second waits, then sees what the first
wrote. SQLite takes the write lock when each import's transaction begins (transaction mode
IMMEDIATE), so writers queue up one after the other anyway; the in-memory database the
tests use by default cannot be shared between connections, so there the tests are skipped.
Set PATHWAYS_TEST_SQLITE=/tmp/some-file.sqlite3 to run them against a SQLite file too.
"""

from __future__ import annotations

import datetime as dt
import threading

import pytest
from django.db import connection

from pathways.accounts.models import User
from pathways.activities.importing import import_file
from pathways.activities.models import Attendance, Event, ImportBatch, Person
from pathways.activities.tests.import_sheets import csv_bytes, make_event
from pathways.demo.personas import ensure_demo_personas
from pathways.programs.services import load_reference_data
from pathways.results import figures

pytestmark = pytest.mark.django_db(transaction=True)

HEADER = ["Name", "Sex", "Phone"]
# Synthetic people; the phone numbers make them sure matches across sheets.
PEOPLE = [
    ["Sok Dara", "M", "012 111 001"],
    ["Chan Sreymom", "F", "012 111 002"],
    ["Keo Vanna", "F", "012 111 003"],
    ["Lim Sophea", "F", "012 111 004"],
    ["Heng Rithy", "M", "012 111 005"],
    ["Pich Bopha", "F", "012 111 006"],
]


@pytest.fixture
def reference():
    if connection.vendor == "sqlite" and connection.is_in_memory_db():
        pytest.skip("the in-memory SQLite test database cannot be shared between connections")
    load_reference_data()
    ensure_demo_personas(password="pathways-demo")


def race(*jobs) -> list:
    """Run each job in its own thread and connection, all released at once."""
    barrier = threading.Barrier(len(jobs))
    results: list = [None] * len(jobs)

    def run(index: int, job) -> None:
        try:
            barrier.wait()
            results[index] = job()
        except Exception as error:  # reported to the test, which fails on it
            results[index] = error
        finally:
            connection.close()

    threads = [threading.Thread(target=run, args=(i, job)) for i, job in enumerate(jobs)]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join()
    return results


def importing(username: str, event: Event, data: bytes, name: str):
    def job():
        actor = User.objects.get(username=username)
        return import_file(actor=actor, event=event, data=data, file_name=name)

    return job


def participants(event: Event) -> dict:
    period = {"start": dt.date(2022, 1, 1), "end": dt.date(2022, 12, 31)}
    return figures.count_participants(events=Event.objects.filter(pk=event.pk), **period).as_dict()


def assert_counted_once(event: Event, expected_people: list[list[str]]) -> None:
    attendances = Attendance.objects.filter(event=event)
    persons = attendances.values("person").distinct().count()
    assert attendances.count() == persons == len(expected_people)
    assert Person.objects.count() == len(expected_people)
    shown = participants(event)
    women = sum(1 for p in expected_people if p[1] == "F")
    assert (shown["total"], shown["women"], shown["men"]) == (
        len(expected_people),
        women,
        len(expected_people) - women,
    )


def test_the_same_file_imported_twice_at_once_is_counted_once(reference):
    event = make_event()
    data = csv_bytes([HEADER, *PEOPLE[:4]])
    results = race(
        importing("kh_officer", event, data, "sign-in.csv"),
        importing("kh_manager", event, data, "sign-in copy.csv"),
    )
    assert not [r for r in results if isinstance(r, Exception)], results
    written = [r for r in results if r.written]
    assert len(written) == 1 and written[0].attendances_added == 4
    [other] = [r for r in results if not r.written]
    assert other.already_imported and other.attendances_added == 0
    assert ImportBatch.objects.filter(event=event).count() == 1
    assert_counted_once(event, PEOPLE[:4])


def test_overlapping_sheets_imported_at_once_count_each_person_once(reference):
    event = make_event()
    first = csv_bytes([HEADER, *PEOPLE[:4]])
    second = csv_bytes([HEADER, *PEOPLE[2:]])  # Keo Vanna and Lim Sophea are on both
    results = race(
        importing("kh_officer", event, first, "morning.csv"),
        importing("kh_manager", event, second, "afternoon.csv"),
    )
    assert not [r for r in results if isinstance(r, Exception)], results
    assert all(r.written for r in results)
    assert sum(r.attendances_added for r in results) == 6
    assert sum(r.persons_created for r in results) == 6
    skipped = [s.reason for r in results for s in r.skipped]
    assert skipped == ["already recorded at this event"] * 2
    assert ImportBatch.objects.filter(event=event).count() == 2
    assert_counted_once(event, PEOPLE)


def test_the_same_people_imported_into_two_events_at_once_are_one_person_each(reference):
    morning, afternoon = make_event(title="Morning session"), make_event(title="Afternoon session")
    data = csv_bytes([HEADER, *PEOPLE[:3]])
    results = race(
        importing("kh_officer", morning, data, "sign-in.csv"),
        importing("kh_manager", afternoon, data, "sign-in.csv"),
    )
    assert not [r for r in results if isinstance(r, Exception)], results
    assert sorted(r.persons_created for r in results) == [0, 3]
    assert sorted(r.persons_matched for r in results) == [0, 3]
    assert Person.objects.count() == 3
    for event in (morning, afternoon):
        assert Attendance.objects.filter(event=event).count() == 3


def test_a_merge_during_an_import_neither_fails_the_import_nor_loses_the_attendance(
    reference, monkeypatch
):
    """The import has matched a row to a person; a data officer merges that person away
    before the import writes. The import must not trip over the vanished person."""
    from pathways.activities.dedup import merging
    from pathways.activities.importing import writing
    from pathways.activities.tests.import_sheets import make_person

    event = make_event()
    kept = make_person(full_name="Sok Dara", birth_year=1985)
    merged = make_person(full_name="Dara Sok", phone="+85512111001")  # the sheet matches this
    planned, merge_started = threading.Event(), threading.Event()
    real_matches, real_check = writing.find_sure_matches, merging.check_merge_access

    def matches_then_wait(**kwargs):
        found = real_matches(**kwargs)
        planned.set()
        merge_started.wait(timeout=2)  # a merge that is not held up runs now
        return found

    def check_then_signal(actor, country_id):
        merge_started.set()
        return real_check(actor, country_id)

    monkeypatch.setattr(writing, "find_sure_matches", matches_then_wait)
    monkeypatch.setattr(merging, "check_merge_access", check_then_signal)

    def merge():
        planned.wait(timeout=10)
        actor = User.objects.get(username="kh_manager")
        return merging.person_merge(actor=actor, kept=kept, merged=merged)

    data = csv_bytes([HEADER, ["Dara Sok", "M", "012 111 001"]])
    results = race(importing("kh_officer", event, data, "sign-in.csv"), merge)
    assert not [r for r in results if isinstance(r, Exception)], results
    assert results[0].written and results[0].attendances_added == 1
    assert list(Person.objects.values_list("pk", flat=True)) == [kept.pk]
    assert list(Attendance.objects.filter(event=event).values_list("person", flat=True)) == [
        kept.pk
    ]


def test_an_event_saved_in_the_country_while_an_import_writes_does_not_deadlock(reference):
    """PostgreSQL checks an event's reference to its country when the event's transaction
    commits, after that transaction took the audit chain's head. The import must not hold the
    country row in a way that check waits for, while it waits for the audit chain's head."""
    from django.db import transaction

    from pathways.activities.services import event_create
    from pathways.programs.models import Country

    if connection.vendor != "postgresql":
        pytest.skip("the lock interplay is PostgreSQL's; SQLite runs one writer at a time")
    event = make_event()
    import_pid: list[int] = []
    holding_head = threading.Event()

    def create_event():
        actor = User.objects.get(username="kh_officer")
        with transaction.atomic():
            created = event_create(
                actor=actor,
                values={
                    "title": "Saved during an import (synthetic)",
                    "event_type": Event.Type.WORKSHOP,
                    "start_date": dt.date(2022, 2, 1),
                    "end_date": dt.date(2022, 2, 1),
                    "country": Country.objects.get(code="KH"),
                },
            )
            holding_head.set()
            _wait_until_blocked(import_pid)
        return created

    def run_import():
        with connection.cursor() as cursor:
            cursor.execute("SELECT pg_backend_pid()")
            import_pid.append(cursor.fetchone()[0])
        holding_head.wait(timeout=10)
        actor = User.objects.get(username="kh_manager")
        return import_file(
            actor=actor, event=event, data=csv_bytes([HEADER, *PEOPLE[:2]]), file_name="sign-in.csv"
        )

    results = race(create_event, run_import)
    assert not [r for r in results if isinstance(r, Exception)], results
    assert results[1].written and results[1].attendances_added == 2
    assert Event.objects.filter(title="Saved during an import (synthetic)").exists()


def _wait_until_blocked(pids: list[int], timeout: float = 10.0) -> None:
    """Until the other connection waits for a lock (the audit chain's head)."""
    import time

    deadline = time.monotonic() + timeout
    while time.monotonic() < deadline:
        if pids:
            with connection.cursor() as cursor:
                cursor.execute("SELECT 1 FROM pg_locks WHERE pid = %s AND NOT granted", [pids[0]])
                if cursor.fetchone():
                    return
        time.sleep(0.05)
    raise AssertionError("the import never waited for the audit chain's head")
