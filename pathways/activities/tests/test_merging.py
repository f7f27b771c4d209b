from __future__ import annotations

import datetime as dt

import pytest
from django.core.exceptions import PermissionDenied, ValidationError
from django.http import Http404

from pathways.activities.dedup.merging import person_merge, person_unmerge
from pathways.activities.models import Attendance, DuplicateCandidate, Event, Person
from pathways.audit.models import AuditEvent
from pathways.audit.services import snapshot, verify_chain
from pathways.results.figures import count_participants, count_people_trained

from .dedup_helpers import attend, make_event, make_person, organisation

YEAR = {"start": dt.date(2021, 7, 1), "end": dt.date(2022, 6, 30)}


@pytest.fixture
def pair(db):
    kept = make_person("Sok Dara", sex="man", phone="+85512345678")
    merged = make_person("សុខ ដារ៉ា", sex="man", birth_year=1985, organisation=organisation())
    return kept, merged


def test_merge_moves_attendances_and_fills_empty_fields(pair, kh_officer):
    kept, merged = pair
    first, second = make_event(), make_event(start=dt.date(2021, 10, 1))
    attend(kept, first)
    moved = attend(merged, second)
    merge = person_merge(actor=kh_officer, kept=kept, merged=merged)
    kept.refresh_from_db()
    assert list(kept.attendances.order_by("event__start_date")) == [
        Attendance.objects.get(event=first),
        moved,
    ]
    assert kept.birth_year == 1985 and kept.organisation == organisation()
    assert kept.phone == "+85512345678"
    assert not Person.objects.filter(pk=merged.pk).exists()
    assert merge.moved_attendance_ids == [moved.pk]
    assert set(merge.filled_fields) == {"birth_year", "organisation"}


def test_merge_keeps_one_attendance_when_both_attended_the_same_event(pair, kh_officer):
    kept, merged = pair
    event = make_event()
    kept_attendance = attend(kept, event)
    dropped = attend(merged, event, days_attended=2)
    merge = person_merge(actor=kh_officer, kept=kept, merged=merged)
    assert list(Attendance.objects.filter(event=event)) == [kept_attendance]
    assert [a["id"] for a in merge.dropped_attendances] == [dropped.pk]


def test_unmerge_restores_person_attendances_and_fields_exactly(pair, kh_officer):
    kept, merged = pair
    shared, own = make_event(), make_event(start=dt.date(2021, 11, 1))
    attend(kept, shared)
    dropped = attend(merged, shared, role=Attendance.Role.SPEAKER, days_attended=1.5)
    moved = attend(merged, own, pre_test_score=40, post_test_score=75)
    before = {
        "merged": snapshot(Person.objects.get(pk=merged.pk)),
        "kept": snapshot(Person.objects.get(pk=kept.pk)),
        "attendances": [snapshot(a) for a in Attendance.objects.order_by("pk")],
    }
    merge = person_merge(actor=kh_officer, kept=kept, merged=merged)
    restored = person_unmerge(actor=kh_officer, merge=merge)
    assert restored.pk == merged.pk
    assert snapshot(Person.objects.get(pk=merged.pk)) == before["merged"]
    kept_now = snapshot(Person.objects.get(pk=kept.pk))
    assert {k: v for k, v in kept_now.items() if k not in ("version", "updated_at")} == {
        k: v for k, v in before["kept"].items() if k not in ("version", "updated_at")
    }
    assert [snapshot(a) for a in Attendance.objects.order_by("pk")] == before["attendances"]
    assert {dropped.pk, moved.pk} <= set(Attendance.objects.values_list("pk", flat=True))
    merge.refresh_from_db()
    assert merge.undone_at is not None


def test_merge_and_unmerge_are_audited_in_the_chain(pair, kh_officer):
    kept, merged = pair
    merge = person_merge(actor=kh_officer, kept=kept, merged=merged)
    person_unmerge(actor=kh_officer, merge=merge)
    actions = list(AuditEvent.objects.order_by("id").values_list("action", flat=True))
    assert actions[-2:] == [AuditEvent.Action.MERGE, AuditEvent.Action.UNMERGE]
    assert AuditEvent.objects.filter(actor=kh_officer, action="merge").exists()
    assert verify_chain() is None


def test_undo_twice_is_refused(pair, kh_officer):
    merge = person_merge(actor=kh_officer, kept=pair[0], merged=pair[1])
    person_unmerge(actor=kh_officer, merge=merge)
    with pytest.raises(ValidationError):
        person_unmerge(actor=kh_officer, merge=merge)


def test_earlier_merge_stays_undoable_after_its_kept_person_is_merged_again(pair, kh_officer):
    kept, merged = pair
    third = make_person("Dara Sok")
    event = make_event()
    attend(merged, event)
    first = person_merge(actor=kh_officer, kept=kept, merged=merged)
    second = person_merge(actor=kh_officer, kept=third, merged=kept)
    first.refresh_from_db()
    assert first.kept_id == third.pk
    with pytest.raises(ValidationError):
        person_merge(actor=kh_officer, kept=third, merged=third)
    person_unmerge(actor=kh_officer, merge=first)
    assert Attendance.objects.get(event=event).person_id == merged.pk
    person_unmerge(actor=kh_officer, merge=second)
    assert Person.objects.filter(pk__in=[kept.pk, merged.pk, third.pk]).count() == 3


def test_merge_deletes_the_pairs_review_candidate(pair, kh_officer):
    kept, merged = pair
    a, b = sorted([kept.pk, merged.pk])
    DuplicateCandidate.objects.create(person_a_id=a, person_b_id=b, score=0.8)
    person_merge(actor=kh_officer, kept=kept, merged=merged)
    assert not DuplicateCandidate.objects.exists()


def test_persons_of_two_countries_cannot_be_merged(admin_user):
    with pytest.raises(ValidationError):
        person_merge(
            actor=admin_user,
            kept=make_person("Sok Dara"),
            merged=make_person("Sok Dara", code="LA"),
        )


def test_other_country_manager_gets_404(pair, la_manager):
    with pytest.raises(Http404):
        person_merge(actor=la_manager, kept=pair[0], merged=pair[1])


@pytest.mark.parametrize("username", ["donor", "lscw_partner"])
def test_users_without_a_data_role_in_the_country_get_403(pair, personas, username):
    with pytest.raises(PermissionDenied):
        person_merge(actor=personas[username], kept=pair[0], merged=pair[1])
    assert Person.objects.filter(pk=pair[1].pk).exists()


def _figures() -> tuple[int, int]:
    events = Event.objects.all()
    return count_participants(events=events, **YEAR).total, count_people_trained(
        events=events, **YEAR
    ).total


def test_a_merged_person_counts_once_and_undo_restores_the_figures(pair, kh_officer):
    kept, merged = pair
    training, other_training = make_event(), make_event(start=dt.date(2022, 2, 1))
    attend(kept, training)
    attend(merged, training)  # recorded twice at one training: one attendance too many
    attend(merged, other_training)
    assert _figures() == (3, 2)
    merge = person_merge(actor=kh_officer, kept=kept, merged=merged)
    assert _figures() == (2, 1)
    person_unmerge(actor=kh_officer, merge=merge)
    assert _figures() == (3, 2)


def test_merge_fills_the_birth_date_and_undo_empties_it_again(db, kh_officer):
    kept = make_person("Sok Dara")
    merged = make_person("សុខ ដារ៉ា", birth_year=1985, birth_date=dt.date(1985, 3, 2))
    merge = person_merge(actor=kh_officer, kept=kept, merged=merged)
    kept.refresh_from_db()
    assert (kept.birth_year, kept.birth_date) == (1985, dt.date(1985, 3, 2))
    assert merge.filled_fields["birth_date"] == [None, "1985-03-02"]
    person_unmerge(actor=kh_officer, merge=merge)
    kept.refresh_from_db()
    assert (kept.birth_year, kept.birth_date) == (None, None)


def test_merge_takes_no_birth_date_that_disagrees_with_the_kept_birth_year(db, kh_officer):
    kept = make_person("Sok Dara", birth_year=1984)
    merged = make_person("សុខ ដារ៉ា", birth_year=1985, birth_date=dt.date(1985, 3, 2))
    merge = person_merge(actor=kh_officer, kept=kept, merged=merged)
    kept.refresh_from_db()
    assert (kept.birth_year, kept.birth_date) == (1984, None)
    assert "birth_date" not in merge.filled_fields
