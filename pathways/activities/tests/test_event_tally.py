"""The participant tally stays equal to a recount from the records after every kind of write:
services, the importer's bulk writes, merges and their undo, deletes and raw SQL."""

from __future__ import annotations

import datetime as dt
import io

import pytest
from django.core.management import call_command
from django.core.management.base import CommandError
from django.db import connection, transaction

from pathways.activities import tally
from pathways.activities.dedup.merging import person_merge, person_unmerge
from pathways.activities.importing import import_file
from pathways.activities.models import Attendance, Event, EventTally, Person, Sex
from pathways.activities.services import (
    attendance_add,
    attendance_add_new_person,
    attendance_remove,
    attendance_update,
    event_delete,
    person_update,
)
from pathways.activities.tests.import_sheets import signin_sheet, xlsx_bytes

from .dedup_helpers import attend, make_event, make_person

pytestmark = [
    pytest.mark.django_db,
    pytest.mark.skipif(not tally.is_kept(), reason="the tally is kept on SQLite and PostgreSQL"),
]

PARTICIPANT, SPEAKER = Attendance.Role.PARTICIPANT, Attendance.Role.SPEAKER


def assert_exact() -> None:
    assert tally.stored() == tally.recount()
    assert not EventTally.objects.filter(participants=0).exists()


@pytest.fixture
def records(db):
    """Two events; a woman, a man and a person without sex recorded at both, in several roles."""
    first = make_event(start=dt.date(2021, 9, 1))
    second = make_event(event_type=Event.Type.WORKSHOP, start=dt.date(2022, 1, 5))
    woman = make_person("Sok Dara", sex=Sex.WOMAN)
    man = make_person("Chan Vuthy", sex=Sex.MAN)
    unknown = make_person("Keo Vanna")
    for person in (woman, man, unknown):
        attend(person, first)
    attend(woman, second)
    attend(man, second, role=SPEAKER)
    assert_exact()
    assert tally.stored()[(first.pk, Sex.WOMAN)] == 1
    return {"first": first, "second": second, "woman": woman, "man": man, "unknown": unknown}


def test_tally_counts_participants_by_event_and_sex(records):
    first, second = records["first"], records["second"]
    assert tally.stored() == {
        (first.pk, Sex.WOMAN): 1,
        (first.pk, Sex.MAN): 1,
        (first.pk, Sex.NOT_RECORDED): 1,
        (second.pk, Sex.WOMAN): 1,
    }


def test_attendance_added_edited_and_removed_through_the_services(records, kh_officer):
    second = records["second"]
    added = attendance_add(actor=kh_officer, event=second, person=records["unknown"])
    assert_exact()
    attendance_add_new_person(
        actor=kh_officer, event=second, person_values={"full_name": "Lim Sophea", "sex": "woman"}
    )
    assert_exact()
    assert tally.stored()[(second.pk, Sex.WOMAN)] == 2
    attendance_update(actor=kh_officer, attendance=added, values={"role": SPEAKER})
    assert_exact()
    speaker = Attendance.objects.get(event=second, person=records["man"])
    attendance_update(actor=kh_officer, attendance=speaker, values={"role": PARTICIPANT})
    assert_exact()
    attendance_update(actor=kh_officer, attendance=speaker, values={"days_attended": 2})
    assert_exact()
    for attendance in Attendance.objects.filter(event=second):
        attendance_remove(actor=kh_officer, attendance=attendance)
    assert_exact()
    assert not EventTally.objects.filter(event=second).exists()


def test_import_of_a_sheet_with_new_and_known_persons(records, kh_officer):
    event = records["second"]
    result = import_file(
        actor=kh_officer, event=event, data=xlsx_bytes(signin_sheet()), file_name="sheet.xlsx"
    )
    assert result.errors == [] and result.report()["attendances_added"] == 3
    assert_exact()
    assert tally.stored()[(event.pk, Sex.MAN)] == 1


def test_person_sex_edited(records, kh_officer):
    woman = records["woman"]
    person_update(actor=kh_officer, person=woman, version=woman.version, values={"sex": "man"})
    assert_exact()
    assert tally.stored()[(records["first"].pk, Sex.MAN)] == 2
    woman.refresh_from_db()
    person_update(actor=kh_officer, person=woman, version=woman.version, values={"phone": ""})
    assert_exact()


def test_merge_and_its_undo(records, kh_officer):
    # The kept person has no sex recorded: the merge fills it from the merged one.
    kept, merged = records["unknown"], records["woman"]
    own = make_event(start=dt.date(2022, 2, 1))
    attend(merged, own)
    merge = person_merge(actor=kh_officer, kept=kept, merged=merged)
    assert_exact()
    assert tally.stored()[(own.pk, Sex.WOMAN)] == 1
    assert (records["first"].pk, Sex.NOT_RECORDED) not in tally.stored()
    person_unmerge(actor=kh_officer, merge=merge)
    assert_exact()
    assert tally.stored()[(records["first"].pk, Sex.NOT_RECORDED)] == 1


def test_event_deleted(records, kh_officer):
    event_delete(actor=kh_officer, event=records["first"])
    assert_exact()
    assert not EventTally.objects.filter(event_id=records["first"].pk).exists()


def test_person_deleted_after_their_attendances(records):
    man = records["man"]
    Attendance.objects.filter(person=man).delete()
    man.delete()
    assert_exact()


def test_person_deleted_before_their_attendances_in_one_transaction(records):
    """Foreign keys are checked at commit: a person row may go before its attendances."""
    woman = records["woman"]
    with transaction.atomic(), connection.cursor() as cursor:
        cursor.execute("DELETE FROM activities_person WHERE id = %s", [woman.pk])
        assert_exact()
        cursor.execute("DELETE FROM activities_attendance WHERE person_id = %s", [woman.pk])
        assert_exact()


def test_raw_sql_bulk_writes(records):
    """As the benchmark generator and the importer write: many rows per statement."""
    persons = [make_person(f"Synthetic {i}", sex=sex) for i, sex in enumerate(Sex.values * 3)]
    event = records["second"]
    with connection.cursor() as cursor:
        cursor.executemany(
            "INSERT INTO activities_attendance (event_id, person_id, role, created_at) "
            "VALUES (%s, %s, %s, %s)",
            [(event.pk, p.pk, PARTICIPANT if i % 4 else SPEAKER, "2022-01-05") for i, p in
             enumerate(persons)],
        )  # fmt: skip
        assert_exact()
        cursor.execute(
            "UPDATE activities_attendance SET role = %s WHERE event_id = %s AND role = %s",
            [PARTICIPANT, event.pk, SPEAKER],
        )
        assert_exact()
        cursor.execute("UPDATE activities_person SET sex = %s WHERE sex = %s", ["other", "woman"])
        assert_exact()
        cursor.execute(
            "UPDATE activities_attendance SET event_id = %s WHERE event_id = %s",
            [make_event(start=dt.date(2022, 3, 1)).pk, event.pk],
        )
    assert_exact()
    Person.objects.filter(sex="other").update(sex="woman")
    assert_exact()


def test_a_wrong_tally_is_found_and_rebuilt_from_the_records(records):
    first = records["first"]
    EventTally.objects.filter(event=first, sex=Sex.WOMAN).update(participants=5)
    with pytest.raises(CommandError, match="stored 5, records 1"):
        call_command("event_tally", stdout=io.StringIO())
    out = io.StringIO()
    call_command("event_tally", "--rebuild", stdout=out)
    assert "rebuilt from the records: 4 rows" in out.getvalue()
    assert_exact()
    out = io.StringIO()
    call_command("event_tally", stdout=out)
    assert "agrees" in out.getvalue()
