"""The identification workflow as a table (casework.md §3.2): every state × action pair moves
the decision to the table's state or is refused naming its state, nothing written; formal
decisions only by an agency the country names; each decision supersedes the one before and the
latest formal one is authoritative; the country of origin is notified unless the person
objects; a review is asked for by the person's case team; two people deciding at once: the
second is told."""

from __future__ import annotations

import datetime as dt

import pytest
from django.core.exceptions import PermissionDenied
from django.http import Http404
from django.utils import timezone

from pathways.audit.models import AuditEvent
from pathways.casework.models import (
    Case,
    CaseworkRole,
    CountryNotification,
    IdentificationDecision,
)
from pathways.casework.services import (
    identification_recognise_foreign_decision,
    identification_record_decision,
    identification_record_review,
    identification_request_review,
    identification_reschedule,
    identification_schedule_interview,
)
from pathways.casework.services.identification_moves import (
    IDENTIFICATION,
    NON_PUNISHMENT_NOTICE,
    authoritative_decision,
)
from pathways.casework.tests.conftest import make_agency, staff
from pathways.casework.tests.identification_helpers import (
    decision_in_state,
    name_formal_identifier,
    presumed,
)
from pathways.casework.transitions import (
    IDENTIFICATION_ACTIONS,
    IDENTIFICATION_MOVES,
    ConcurrentChange,
    TransitionRefused,
)
from pathways.programs.models import Organisation

State = IdentificationDecision.State
Status = IdentificationDecision.Status
Level = IdentificationDecision.Level
SUPERSEDING = {"record_decision", "record_review", "recognise_foreign_decision"}


def _when():
    return timezone.now() + dt.timedelta(days=3)


def _act(action: str, actor, decision, agency):
    calls = {
        "schedule_interview": lambda: identification_schedule_interview(
            actor=actor, decision=decision, agency=agency, when=_when()
        ),
        "reschedule": lambda: identification_reschedule(
            actor=actor, decision=decision, agency=agency, when=_when()
        ),
        "record_decision": lambda: identification_record_decision(
            actor=actor, decision=decision, agency=agency, status=Status.ACTUAL, level=Level.FORMAL
        ),
        "request_review": lambda: identification_request_review(
            actor=actor, decision=decision, agency=agency
        ),
        "record_review": lambda: identification_record_review(
            actor=actor,
            decision=decision,
            agency=agency,
            status=Status.NOT_A_VICTIM,
            level=Level.FORMAL,
        ),
        "recognise_foreign_decision": lambda: identification_recognise_foreign_decision(
            actor=actor,
            decision=decision,
            agency=agency,
            issuing_country="TH",
            issuing_agency="Anti-Trafficking in Persons Division, Royal Thai Police",
        ),
    }
    return calls[action]()


EXPECTED = {
    "record_decision": State.IDENTIFIED,
    "record_review": State.NOT_IDENTIFIED,
    "recognise_foreign_decision": State.IDENTIFIED,
}


def test_every_action_has_its_rule_and_every_move_is_in_the_machine():
    assert set(IDENTIFICATION.actions) == set(IDENTIFICATION_ACTIONS)
    assert set(IDENTIFICATION.table) == set(IDENTIFICATION_MOVES)
    assert {state for state, _action in IDENTIFICATION.table} <= set(State.values)


@pytest.mark.parametrize("action", list(IDENTIFICATION_ACTIONS))
@pytest.mark.parametrize("state", State.values)
def test_every_state_and_action(kh, kh_agency, state, action):
    supervisor = staff(kh_agency, CaseworkRole.CASE_SUPERVISOR)
    name_formal_identifier(kh_agency)
    decision = decision_in_state(presumed(supervisor, kh_agency), state)
    count = IdentificationDecision.objects.count()
    target = IDENTIFICATION_MOVES.get((state, action))
    if target is None:
        with pytest.raises(TransitionRefused) as refused:
            _act(action, supervisor, decision, kh_agency)
        assert str(State(state).label) in str(refused.value)
        assert str(IDENTIFICATION_ACTIONS[action]) in str(refused.value)
        stored = IdentificationDecision.objects.get(pk=decision.pk)
        assert (stored.state, stored.version) == (state, decision.version)
        assert IdentificationDecision.objects.count() == count
        return
    _act(action, supervisor, decision, kh_agency)
    expected = EXPECTED.get(action, target)
    stored = IdentificationDecision.objects.get(pk=decision.pk)
    assert stored.state == expected
    assert stored.version == decision.version >= 1
    entry = AuditEvent.objects.filter(
        object_id=str(decision.pk), content_type__model="identificationdecision"
    ).order_by("-id")[0]
    assert "state" in entry.changes["fields"]
    if action in SUPERSEDING:
        new = IdentificationDecision.objects.get(supersedes=decision)
        assert new.state == expected
        assert IdentificationDecision.objects.count() == count + 1
    else:
        assert IdentificationDecision.objects.count() == count


def test_an_agency_not_named_records_only_a_preliminary_decision(kh, kh_agency):
    supervisor = staff(kh_agency, CaseworkRole.CASE_SUPERVISOR)
    decision = presumed(supervisor, kh_agency)
    identification_schedule_interview(
        actor=supervisor, decision=decision, agency=kh_agency, when=_when()
    )
    with pytest.raises(TransitionRefused, match="No agency is named yet in Cambodia"):
        _act("record_decision", supervisor, decision, kh_agency)

    police = make_agency(kh, "Anti-Human Trafficking and Juvenile Protection Unit (test)")
    name_formal_identifier(police)
    with pytest.raises(TransitionRefused) as refused:
        _act("record_decision", supervisor, decision, kh_agency)
    message = str(refused.value)
    assert kh_agency.name in message
    assert "may record only a preliminary decision" in message
    assert police.name in message
    stored = IdentificationDecision.objects.get(pk=decision.pk)
    assert (stored.state, stored.version) == (State.INTERVIEW_SCHEDULED, 1)
    assert not IdentificationDecision.objects.filter(supersedes=decision).exists()

    # The NGO may record its own preliminary view; the police unit decides formally.
    outcome = identification_record_decision(
        actor=supervisor,
        decision=stored,
        agency=kh_agency,
        status=Status.ACTUAL,
        level=Level.PRELIMINARY,
    )
    assert outcome.decision.level == Level.PRELIMINARY
    assert outcome.notification is None  # only a formal identification notifies
    assert authoritative_decision(decision.client_id, kh.pk) is None


def test_a_named_agency_records_the_formal_decision(kh, kh_agency):
    worker = staff(kh_agency, CaseworkRole.CASE_WORKER)
    decision = presumed(worker, kh_agency)
    police = make_agency(kh, "Judicial police (test)")
    police.type = Organisation.Type.GOVERNMENT
    police.save()
    name_formal_identifier(police)
    officer = staff(police, CaseworkRole.SCREENER)  # not on the case: a formal identifier
    identification_schedule_interview(actor=officer, decision=decision, agency=police, when=_when())
    outcome = identification_record_decision(
        actor=officer,
        decision=decision,
        agency=police,
        status=Status.ACTUAL,
        level=Level.FORMAL,
        decision_making_org_type=IdentificationDecision.DecisionMakingOrg.POLICE,
        legal_basis="Law on Suppression of Human Trafficking and Sexual Exploitation (2008)",
        form_used=IdentificationDecision.FormUsed.DETAILED_JUDICIAL_POLICE,
    )
    new = outcome.decision
    assert (new.decision_agency, new.decided_by, new.level) == (police, officer, Level.FORMAL)
    assert (new.status, new.state, new.supersedes) == (Status.ACTUAL, State.IDENTIFIED, decision)
    assert authoritative_decision(decision.client_id, kh.pk) == new
    assert "Article 14(7)" in outcome.non_punishment_notice
    assert outcome.non_punishment_notice == str(NON_PUNISHMENT_NOTICE)
    # Someone of another agency, neither on the case nor a formal identifier: no such decision.
    elsewhere = make_agency(kh)
    stranger = staff(elsewhere, CaseworkRole.CASE_SUPERVISOR)
    with pytest.raises(Http404):
        identification_request_review(actor=stranger, decision=new, agency=elsewhere)
    # Acting for an agency one holds no role at is forbidden.
    with pytest.raises(PermissionDenied):
        identification_record_decision(
            actor=stranger, decision=new, agency=police, status=Status.ACTUAL, level=Level.FORMAL
        )


def test_decisions_form_a_chain_and_the_latest_formal_one_is_authoritative(kh, kh_agency):
    name_formal_identifier(kh_agency)
    supervisor = staff(kh_agency, CaseworkRole.CASE_SUPERVISOR)
    lawyer = staff(kh_agency, CaseworkRole.LEGAL_OFFICER)
    preliminary = presumed(supervisor, kh_agency)
    identification_schedule_interview(
        actor=supervisor, decision=preliminary, agency=kh_agency, when=_when()
    )
    first = identification_record_decision(
        actor=supervisor,
        decision=preliminary,
        agency=kh_agency,
        status=Status.ACTUAL,
        level=Level.FORMAL,
    ).decision
    # The person's lawyer asks for a review on their behalf.
    identification_request_review(actor=lawyer, decision=first, agency=kh_agency)
    first.refresh_from_db()
    assert (first.state, first.review_requested) == (State.UNDER_REVIEW, True)
    outcome = identification_record_review(
        actor=supervisor,
        decision=first,
        agency=kh_agency,
        status=Status.NOT_A_VICTIM,
        level=Level.FORMAL,
    )
    second = outcome.decision
    assert second.supersedes == first
    assert first.supersedes == preliminary
    assert authoritative_decision(preliminary.client_id, kh.pk) == second
    assert outcome.non_punishment_notice == ""
    # "Not a victim" does not close the case: the case worker chooses what comes next.
    case = Case.objects.get(pk=preliminary.case_id)
    assert (case.stage, case.status) == (Case.Stage.PRESUMED, Case.Status.OPEN)
    # Acting on a superseded decision is refused.
    first.refresh_from_db()
    with pytest.raises(TransitionRefused, match="later decision has replaced"):
        identification_request_review(actor=supervisor, decision=first, agency=kh_agency)


def test_review_is_asked_only_by_the_persons_case_team(kh, kh_agency):
    worker = staff(kh_agency, CaseworkRole.CASE_WORKER)
    decision = presumed(worker, kh_agency)
    police = make_agency(kh)
    name_formal_identifier(police)
    officer = staff(police, CaseworkRole.CASE_SUPERVISOR)
    identification_schedule_interview(actor=officer, decision=decision, agency=police, when=_when())
    new = _act("record_decision", officer, decision, police).decision
    with pytest.raises(PermissionDenied):
        identification_request_review(actor=officer, decision=new, agency=police)
    identification_request_review(actor=worker, decision=new, agency=kh_agency)
    assert IdentificationDecision.objects.get(pk=new.pk).state == State.UNDER_REVIEW


@pytest.mark.parametrize(
    ("nationality", "objects", "expected"),
    [
        ("VN", False, CountryNotification.Status.PENDING),
        ("VN", True, CountryNotification.Status.BLOCKED_BY_OBJECTION),
        ("KH", False, None),
    ],
)
def test_the_country_of_origin_is_notified_unless_the_person_objects(
    kh, kh_agency, nationality, objects, expected
):
    name_formal_identifier(kh_agency)
    supervisor = staff(kh_agency, CaseworkRole.CASE_SUPERVISOR)
    decision = presumed(supervisor, kh_agency, nationality=nationality)
    identification_schedule_interview(
        actor=supervisor, decision=decision, agency=kh_agency, when=_when()
    )
    outcome = identification_record_decision(
        actor=supervisor,
        decision=decision,
        agency=kh_agency,
        status=Status.ACTUAL,
        level=Level.FORMAL,
        victim_objects_to_notification=objects,
    )
    if expected is None:
        assert outcome.notification is None
        assert not CountryNotification.objects.exists()
        return
    notification = CountryNotification.objects.get()
    assert notification == outcome.notification
    assert (notification.to_country, notification.status) == (nationality, expected)
    assert (notification.client_id, notification.decision) == (decision.client_id, outcome.decision)


def test_recognising_a_foreign_decision_records_the_issuing_country_and_agency(kh, kh_agency):
    name_formal_identifier(kh_agency)
    supervisor = staff(kh_agency, CaseworkRole.CASE_SUPERVISOR)
    decision = presumed(supervisor, kh_agency)
    with pytest.raises(TransitionRefused, match="another country"):
        identification_recognise_foreign_decision(
            actor=supervisor,
            decision=decision,
            agency=kh_agency,
            issuing_country="KH",
            issuing_agency="MoSVY",
        )
    outcome = _act("recognise_foreign_decision", supervisor, decision, kh_agency)
    new = outcome.decision
    assert new.recognised_foreign_identification
    assert new.recognised_issuing_country == "TH"
    assert "Royal Thai Police" in new.recognised_issuing_agency
    assert (new.level, new.status, new.state) == (Level.FORMAL, Status.ACTUAL, State.IDENTIFIED)
    assert outcome.notification.to_country == "VN"


def test_second_of_two_people_deciding_at_once_is_told_and_nothing_is_lost(kh, kh_agency):
    name_formal_identifier(kh_agency)
    supervisor = staff(kh_agency, CaseworkRole.CASE_SUPERVISOR)
    other = staff(kh_agency, CaseworkRole.CASE_SUPERVISOR)
    created = presumed(supervisor, kh_agency)
    identification_schedule_interview(
        actor=supervisor, decision=created, agency=kh_agency, when=_when()
    )
    mine = IdentificationDecision.objects.select_related("case", "country").get(pk=created.pk)
    theirs = IdentificationDecision.objects.select_related("case", "country").get(pk=created.pk)
    first = identification_record_decision(
        actor=supervisor, decision=mine, agency=kh_agency, status=Status.ACTUAL, level=Level.FORMAL
    ).decision
    with pytest.raises(ConcurrentChange, match="Someone else changed this decision"):
        identification_record_decision(
            actor=other,
            decision=theirs,
            agency=kh_agency,
            status=Status.NOT_A_VICTIM,
            level=Level.FORMAL,
        )
    assert list(IdentificationDecision.objects.filter(supersedes=created)) == [first]
    assert authoritative_decision(created.client_id, kh.pk).status == Status.ACTUAL
    assert CountryNotification.objects.count() == 1
