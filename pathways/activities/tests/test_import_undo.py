"""Undoing an import: exactly its records removed, shared persons kept, refusals that change
nothing, the same file importable again, one audit event, the tally exact."""

from __future__ import annotations

import io
import json

import pytest
from django.core.exceptions import PermissionDenied, ValidationError
from django.core.management import call_command
from django.core.management.base import CommandError

from pathways.activities import tally
from pathways.activities.dedup.merging import person_merge, person_unmerge
from pathways.activities.importing import import_file
from pathways.activities.importing.undo import import_undo, undo_refusal
from pathways.activities.models import (
    Attendance,
    DuplicateCandidate,
    ImportBatch,
    Person,
    PersonBlock,
)
from pathways.activities.services import attendance_add, attendance_update, person_update
from pathways.activities.tests.import_sheets import (
    PEOPLE,
    make_event,
    make_person,
    signin_sheet,
    xlsx_bytes,
)
from pathways.audit.models import AuditEvent
from pathways.audit.services import verify_chain

pytestmark = pytest.mark.django_db

SHEET = xlsx_bytes(signin_sheet())


def _import(actor, event, data=SHEET):
    result = import_file(actor=actor, event=event, data=data, file_name="signin.xlsx")
    assert result.written, result.errors
    return ImportBatch.objects.get(pk=result.batch_id)


def _assert_tally_exact() -> None:
    if tally.is_kept():
        assert tally.stored() == tally.recount()


def test_undo_removes_exactly_the_batch_and_the_file_imports_again(kh_officer):
    event = make_event()
    before = make_person(full_name="Somebody Else")
    batch = _import(kh_officer, event)
    assert Person.objects.count() == 4
    result = import_undo(actor=kh_officer, batch=batch)
    assert result.report() == {
        "import_batch": batch.pk,
        "file_name": "signin.xlsx",
        "attendances_removed": 3,
        "persons_removed": 3,
        "persons_kept": 0,
        "candidates_removed": result.candidates_removed,
    }
    assert not Attendance.objects.filter(event=event).exists()
    assert list(Person.objects.all()) == [before]
    assert not ImportBatch.objects.exists()
    assert not PersonBlock.objects.exclude(person=before).exists()
    _assert_tally_exact()
    again = _import(kh_officer, event)
    assert again.attendances.count() == 3


def test_undo_is_audited_once_with_counts_and_no_names(kh_officer):
    event = make_event()
    batch = _import(kh_officer, event)
    import_undo(actor=kh_officer, batch=batch)
    audit = AuditEvent.objects.get(action=AuditEvent.Action.DELETE)
    assert audit.actor == kh_officer
    assert audit.changes["attendances_removed"] == 3
    assert audit.changes["persons_removed"] == 3
    text = json.dumps(audit.changes, ensure_ascii=False)
    assert not any(person[1] in text for person in PEOPLE)
    assert verify_chain() is None


def test_matched_persons_and_persons_who_attended_elsewhere_are_kept(kh_officer):
    event, other = make_event(), make_event(title="Another training")
    known = make_person(full_name="Sok Dara", phone="+85512345678")
    batch = _import(kh_officer, event)
    assert batch.report["persons_matched"] == 1
    chan = Person.objects.get(full_name="Chan Sreymom")
    attendance_add(actor=kh_officer, event=other, person=chan)
    result = import_undo(actor=kh_officer, batch=batch)
    assert (result.attendances_removed, result.persons_removed, result.persons_kept) == (3, 1, 1)
    assert set(Person.objects.values_list("full_name", flat=True)) == {"Sok Dara", "Chan Sreymom"}
    assert Person.objects.filter(pk=known.pk).exists()
    assert Attendance.objects.filter(event=other, person=chan).exists()
    assert not Attendance.objects.filter(event=event).exists()
    _assert_tally_exact()


def test_attendances_added_by_hand_to_the_event_stay(kh_officer):
    event = make_event()
    batch = _import(kh_officer, event)
    by_hand = make_person(full_name="Pich Sophea")
    attendance_add(actor=kh_officer, event=event, person=by_hand)
    import_undo(actor=kh_officer, batch=batch)
    assert list(Attendance.objects.filter(event=event).values_list("person", flat=True)) == [
        by_hand.pk
    ]


def test_duplicate_pairs_of_removed_persons_go_with_them(kh_officer):
    event = make_event()
    make_person(full_name="Keo Vana")
    batch = _import(kh_officer, event)
    assert DuplicateCandidate.objects.exists()
    result = import_undo(actor=kh_officer, batch=batch)
    assert result.candidates_removed >= 1
    assert not DuplicateCandidate.objects.exists()


def test_refused_after_a_later_merge_and_allowed_once_it_is_undone(kh_officer):
    event = make_event()
    batch = _import(kh_officer, event)
    elsewhere = make_person(full_name="Keo Vanna Other")
    merge = person_merge(
        actor=kh_officer, kept=elsewhere, merged=Person.objects.get(full_name="Keo Vanna")
    )
    with pytest.raises(ValidationError, match="merge"):
        import_undo(actor=kh_officer, batch=batch)
    assert Attendance.objects.filter(event=event).count() == 3
    assert ImportBatch.objects.filter(pk=batch.pk).exists()
    person_unmerge(actor=kh_officer, merge=merge)
    assert undo_refusal(batch) is None
    import_undo(actor=kh_officer, batch=batch)
    assert not Attendance.objects.filter(event=event).exists()


def test_refused_after_a_created_person_was_edited(kh_officer):
    event = make_event()
    batch = _import(kh_officer, event)
    person = Person.objects.get(full_name="Keo Vanna")
    person_update(actor=kh_officer, person=person, version=1, values={"email": "k@example.org"})
    with pytest.raises(ValidationError, match="edited"):
        import_undo(actor=kh_officer, batch=batch)
    assert Person.objects.filter(pk=person.pk).exists()


def test_refused_after_an_attendance_was_edited(kh_officer):
    event = make_event()
    batch = _import(kh_officer, event)
    attendance = batch.attendances.first()
    attendance_update(actor=kh_officer, attendance=attendance, values={"days_attended": 1})
    with pytest.raises(ValidationError, match="attendance"):
        import_undo(actor=kh_officer, batch=batch)
    assert batch.attendances.count() == 3


def test_read_only_user_cannot_undo(kh_officer, donor):
    event = make_event()
    batch = _import(kh_officer, event)
    with pytest.raises(PermissionDenied):
        import_undo(actor=donor, batch=batch)
    assert batch.attendances.count() == 3


def test_second_undo_is_refused(kh_officer):
    event = make_event()
    batch = _import(kh_officer, event)
    import_undo(actor=kh_officer, batch=batch)
    with pytest.raises(ValidationError, match="already"):
        import_undo(actor=kh_officer, batch=batch)


def test_command_undoes_and_reports_json(kh_officer):
    event = make_event()
    batch = _import(kh_officer, event)
    out = io.StringIO()
    call_command("import_undo", str(batch.pk), "--json", stdout=out)
    assert json.loads(out.getvalue())["attendances_removed"] == 3
    audit = AuditEvent.objects.get(action=AuditEvent.Action.DELETE)
    assert audit.source == AuditEvent.Source.COMMAND
    with pytest.raises(CommandError, match="No import"):
        call_command("import_undo", str(batch.pk))
