"""The screening workflow as a table: every state × action pair either moves the screening
to the table's state or is refused with a message naming its state, nothing written; two
people acting at once: the second is told and nothing the first wrote is lost."""

from __future__ import annotations

import pytest

from pathways.audit.models import AuditEvent
from pathways.casework import reading
from pathways.casework.models import CaseworkRole, Screening, ScreeningGroup
from pathways.casework.services import (
    screening_answer,
    screening_mark_duplicate,
    screening_no_consent_to_continue,
    screening_offer_other_services,
    screening_refer_for_identification,
    screening_refuse_consent,
    screening_submit,
    screening_take_over,
    screening_triage,
    screening_void,
)
from pathways.casework.services.screening import SCREENING
from pathways.casework.tests.conftest import open_case_for, register, sample_identity, staff
from pathways.casework.tests.screening_helpers import in_state, start
from pathways.casework.transitions import (
    SCREENING_ACTIONS,
    SCREENING_MOVES,
    ConcurrentChange,
    TransitionRefused,
)

State = Screening.State


def _on_a_roster(screening: Screening) -> Screening:
    """The screening as one of a roster's people whose interview has not begun (the only
    screenings taken over), its state and version unchanged."""
    group = ScreeningGroup.objects.create(
        country=screening.country,
        agency=screening.screening_agency,
        name="Synthetic roster",
        arrived_on=screening.screened_at.date(),
        created_by=screening.screener,
    )
    Screening.objects.filter(pk=screening.pk).update(group=group, consent_to_interview="")
    screening.group, screening.consent_to_interview = group, ""
    return screening


def _act(action: str, actor, screening: Screening, existing_client) -> Screening:
    """Take `action` with valid arguments."""
    calls = {
        "take_over": lambda: screening_take_over(actor=actor, screening=_on_a_roster(screening)),
        "answer": lambda: screening_answer(
            actor=actor, screening=screening, answers={"dr-s": "no"}
        ),
        "refuse_consent": lambda: screening_refuse_consent(actor=actor, screening=screening),
        "submit": lambda: screening_submit(actor=actor, screening=screening),
        "triage": lambda: screening_triage(
            actor=actor, screening=screening, confirmed_outcome=Screening.Outcome.NO_INDICATORS
        ),
        "refer_for_identification": lambda: screening_refer_for_identification(
            actor=actor,
            screening=screening,
            identity=sample_identity(),
            birthdate_precision="day",
            identity_document_type="national_id",
        ),
        "no_consent_to_continue": lambda: screening_no_consent_to_continue(
            actor=actor, screening=screening
        ),
        "offer_other_services": lambda: screening_offer_other_services(
            actor=actor, screening=screening
        ),
        "mark_duplicate": lambda: screening_mark_duplicate(
            actor=actor, screening=screening, client=existing_client
        ),
        "void": lambda: screening_void(actor=actor, screening=screening, reason="Entered twice"),
    }
    return calls[action]()


def test_every_action_has_its_service_and_every_move_is_in_the_machine():
    assert set(SCREENING.actions) == set(SCREENING_ACTIONS)
    assert set(SCREENING.table) == set(SCREENING_MOVES)
    assert {state for state, _action in SCREENING.table} <= set(State.values)


@pytest.mark.parametrize("action", list(SCREENING_ACTIONS))
@pytest.mark.parametrize("state", State.values)
def test_every_state_and_action(kh, kh_agency, state, action):
    supervisor = staff(kh_agency, CaseworkRole.CASE_SUPERVISOR)
    existing = register(kh, kh_agency)
    open_case_for(existing)  # a supervisor sees the agency's clients through their cases
    screening = in_state(start(supervisor, kh_agency), state)
    target = SCREENING_MOVES.get((state, action))
    if target is None:
        with pytest.raises(TransitionRefused) as refused:
            _act(action, supervisor, screening, existing)
        assert str(State(state).label) in str(refused.value)
        assert str(SCREENING_ACTIONS[action]) in str(refused.value)
        stored = Screening.objects.get(pk=screening.pk)
        assert (stored.state, stored.version) == (state, screening.version)
        return
    _act(action, supervisor, screening, existing)
    expected = State.NO_INDICATORS if action == "triage" else target
    stored = Screening.objects.get(pk=screening.pk)
    assert stored.state == expected
    assert stored.version == screening.version
    assert stored.version >= 1
    entry = AuditEvent.objects.filter(object_id=str(screening.pk)).order_by("-id").first()
    assert "state" in entry.changes["fields"]


def test_second_of_two_people_acting_at_once_is_told_and_nothing_is_lost(kh, kh_agency):
    screener = staff(kh_agency, CaseworkRole.SCREENER)
    supervisor = staff(kh_agency, CaseworkRole.CASE_SUPERVISOR)
    created = start(screener, kh_agency)
    theirs = Screening.objects.get(pk=created.pk)  # both load the same version
    mine = Screening.objects.get(pk=created.pk)
    screening_answer(actor=screener, screening=mine, answers={"dr-s": "yes", "ec-s": "yes"})
    updates = AuditEvent.objects.filter(action=AuditEvent.Action.UPDATE).count()

    with pytest.raises(ConcurrentChange) as told:
        screening_answer(actor=supervisor, screening=theirs, answers={"dr-s": "no"})
    assert "someone else changed this screening" in str(told.value).lower()
    with pytest.raises(ConcurrentChange):
        screening_void(actor=supervisor, screening=theirs, reason="Entered twice")

    stored = Screening.objects.get(pk=created.pk)
    assert stored.state == State.DRAFT
    assert stored.version == 1
    assert reading.screening_answers_for_services(stored) == {"dr-s": "yes", "ec-s": "yes"}
    assert AuditEvent.objects.filter(action=AuditEvent.Action.UPDATE).count() == updates
    # Reloaded, the second person's action goes through.
    screening_answer(actor=supervisor, screening=stored, answers={"dr-s": "no"})
    assert reading.screening_answers_for_services(stored) == {"dr-s": "no", "ec-s": "yes"}


def test_a_refused_guard_writes_nothing(kh, kh_agency):
    supervisor = staff(kh_agency, CaseworkRole.CASE_SUPERVISOR)
    screening = start(supervisor, kh_agency)
    with pytest.raises(TransitionRefused, match="reason is required"):
        screening_void(actor=supervisor, screening=screening, reason="  ")
    stored = Screening.objects.get(pk=screening.pk)
    assert (stored.state, stored.version, stored.void_reason_sealed) == (State.DRAFT, 0, None)
