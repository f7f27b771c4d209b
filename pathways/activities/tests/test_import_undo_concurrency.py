"""An undo at the same moment as another undo, a merge or a re-import of the same file: one
waits for the other (the event and country locks the import takes), never a deadlock, and
what is left is one of the orders the two could have run in.

Runs on PostgreSQL, or SQLite in a file (see test_import_concurrency's docstring)."""

from __future__ import annotations

import pytest
from django.core.exceptions import ValidationError

from pathways.accounts.models import User
from pathways.activities import tally
from pathways.activities.dedup.merging import person_merge
from pathways.activities.importing.undo import import_undo
from pathways.activities.models import Attendance, ImportBatch, Person
from pathways.activities.tests.import_sheets import make_event, make_person
from pathways.activities.tests.test_import_concurrency import (
    HEADER,
    PEOPLE,
    csv_bytes,
    importing,
    race,
    reference,  # noqa: F401 - a fixture
)

pytestmark = pytest.mark.django_db(transaction=True)

SHEET = csv_bytes([HEADER, *PEOPLE])


def undoing(batch_id: int):
    def job():
        actor = User.objects.get(username="kh_officer")
        return import_undo(actor=actor, batch=ImportBatch.objects.get(pk=batch_id))

    return job


def _imported(event) -> ImportBatch:
    result = importing("kh_officer", event, SHEET, "sheet.csv")()
    assert result.written
    return ImportBatch.objects.get(pk=result.batch_id)


def _assert_tally_exact() -> None:
    if tally.is_kept():
        assert tally.stored() == tally.recount()


@pytest.mark.usefixtures("reference")
def test_two_undos_of_one_import_remove_it_once():
    event = make_event()
    batch = _imported(event)
    results = race(undoing(batch.pk), undoing(batch.pk))
    done = [r for r in results if not isinstance(r, Exception)]
    refused = [r for r in results if isinstance(r, ValidationError | ImportBatch.DoesNotExist)]
    assert len(done) == 1 and len(refused) == 1, results
    assert done[0].attendances_removed == len(PEOPLE)
    assert not Attendance.objects.filter(event=event).exists()
    assert not Person.objects.exists()
    _assert_tally_exact()


@pytest.mark.usefixtures("reference")
def test_undo_and_a_reimport_of_the_same_file_end_in_one_of_their_orders():
    event = make_event()
    batch = _imported(event)
    undo, again = race(undoing(batch.pk), importing("kh_officer", event, SHEET, "sheet.csv"))
    assert not isinstance(undo, Exception), undo
    assert not isinstance(again, Exception), again
    count = Attendance.objects.filter(event=event).count()
    if again.already_imported:  # the re-import ran first and found the file imported
        assert count == 0 and not ImportBatch.objects.exists()
    else:  # the undo ran first, then the file imported again
        assert count == len(PEOPLE) and ImportBatch.objects.count() == 1
    _assert_tally_exact()


@pytest.mark.usefixtures("reference")
def test_undo_and_a_merge_of_a_person_it_created_never_both_happen():
    event = make_event()
    batch = _imported(event)
    kept = make_person(full_name="Sok Dara (other record)")
    merged = Person.objects.get(full_name="Sok Dara")

    def merging():
        actor = User.objects.get(username="kh_officer")
        return person_merge(actor=actor, kept=kept, merged=merged)

    undo, merge = race(undoing(batch.pk), merging)
    failed = [r for r in (undo, merge) if isinstance(r, Exception)]
    assert len(failed) == 1, (undo, merge)
    if isinstance(undo, Exception):  # the merge ran first: the undo is refused
        assert isinstance(undo, ValidationError)
        assert Attendance.objects.filter(event=event).count() == len(PEOPLE)
    else:  # the undo ran first: the person to merge is gone
        assert isinstance(merge, Person.DoesNotExist)
        assert not Attendance.objects.filter(event=event).exists()
    _assert_tally_exact()
