"""The casework demo's screenings and staged cases: taken with the real services, they cover
every state of a screening and every stage a case reaches, with the identification decisions
the stories need, sealed like any other, and a second load adds nothing."""

from __future__ import annotations

import pytest
from django.db.models import Count
from django.utils import timezone

from conftest import PASSWORD
from pathways.audit.models import AuditEvent
from pathways.casework import reading
from pathways.casework.indicators import shipped_files
from pathways.casework.models import (
    Case,
    CaseNote,
    Client,
    CountryCaseworkSettings,
    CountryNotification,
    IdentificationDecision,
    IndicatorSet,
    Screening,
    ScreeningGroup,
)
from pathways.casework.transitions import CASE_MOVES
from pathways.demo.casework import load_casework_demo
from pathways.demo.casework.screenings import FORMAL_IDENTIFIER, ROSTER_SIZE
from pathways.programs.models import Country

pytestmark = pytest.mark.django_db

Decision = IdentificationDecision
# Stages the case workflow's moves reach (TRANSFERRED is set by a transfer, which has no
# move of the stage table yet).
REACHABLE = {Case.Stage.PRESUMED} | {
    to
    for targets in CASE_MOVES.values()
    for to in ([targets] if isinstance(targets, str) else targets)
}


@pytest.fixture
def demo():
    return load_casework_demo(password=PASSWORD, clients=20)


def test_the_demo_has_a_case_in_every_stage_its_workflow_reaches(demo):
    assert Case.Stage.TRANSFERRED not in REACHABLE and len(REACHABLE) == len(Case.Stage) - 1
    staged = Case.objects.filter(screenings__isnull=False)
    assert staged.count() == demo.staged_cases
    assert set(staged.values_list("stage", flat=True)) == REACHABLE
    # Every move is in the case's history: the audit names the stage changes, never values.
    updates = AuditEvent.objects.filter(content_type__model="case", action=AuditEvent.Action.UPDATE)
    moves = [e for e in updates if "stage" in e.changes["fields"]]
    assert len(moves) >= len(REACHABLE)
    closed = staged.filter(stage=Case.Stage.CLOSED)
    assert set(closed.values_list("closure_reason", flat=True)) == {
        Case.ClosureReason.GOALS_ACHIEVED,
        Case.ClosureReason.NOT_A_VICTIM_REFERRED,
    }
    assert closed.filter(closure_approved_by__username="kh_supervisor").exists()
    # A reopened case is open again, its reason a sealed note.
    reopened = {int(e.object_id) for e in moves if "closure_approved_by" in e.changes["fields"]}
    assert staged.filter(pk__in=reopened, stage=Case.Stage.OPEN).exists()
    # The personas have work in several stages.
    mine = staged.filter(case_worker__username="kh_caseworker")
    assert mine.values("stage").distinct().count() >= 8


def test_the_demo_has_a_screening_in_every_state(demo):
    states = dict(Screening.objects.values_list("state").annotate(n=Count("id")))
    assert set(states) == set(Screening.State.values)
    assert sum(states.values()) == demo.screenings
    presumed = Screening.objects.filter(state=Screening.State.PRESUMED_VICTIM)
    assert presumed.count() == demo.staged_cases
    assert not presumed.filter(case__isnull=True).exists()
    assert all(s.case.client_id == s.client_id for s in presumed.select_related("case"))
    duplicate = Screening.objects.get(state=Screening.State.DUPLICATE)
    assert duplicate.client.is_synthetic and duplicate.case is None
    declined = Screening.objects.filter(state=Screening.State.DECLINED_BY_PERSON)
    refused = declined.get(consent_to_interview=Screening.Consent.NO)
    assert refused.indicator_set is None and not refused.province
    assert Screening.objects.filter(is_override=True).exists()
    languages = set(
        Screening.objects.exclude(interview_language="").values_list(
            "interview_language", flat=True
        )
    )
    assert {"km", "vi", "zh", "th", "id"} <= languages
    assert presumed.filter(indicator_set__code="scam-compound").count() >= 5


def test_the_roster_is_mostly_waiting_for_interviews(demo):
    group = ScreeningGroup.objects.get()
    roster = group.screenings.all()
    assert roster.count() == ROSTER_SIZE and all(s.is_group_screening for s in roster)
    drafts = roster.filter(state=Screening.State.DRAFT)
    assert drafts.count() > ROSTER_SIZE * 3 // 4
    assert drafts.filter(consent_to_interview="", indicator_set__isnull=True).exists()
    assert len(set(roster.values_list("nationality", flat=True))) >= 5


def test_identification_decisions_and_the_country_settings(demo):
    assert IndicatorSet.objects.count() == len(shipped_files())
    settings = CountryCaseworkSettings.objects.get(country__code="KH")
    assert settings.identification_due_days == 15
    identifier = demo.agencies[FORMAL_IDENTIFIER]
    assert list(settings.formal_identifier_agencies.all()) == [identifier]
    formal = Decision.objects.filter(level=Decision.Level.FORMAL)
    assert formal.exists() and not formal.exclude(decision_agency=identifier).exists()
    states = set(Decision.objects.values_list("state", flat=True))
    assert states == set(Decision.State.values)
    assert formal.filter(
        recognised_foreign_identification=True, recognised_issuing_country="TH"
    ).exists()
    assert formal.filter(status=Decision.Status.NOT_A_VICTIM, state=Decision.State.UNDER_REVIEW)
    ngo = Decision.objects.filter(decision_making_org_type=Decision.DecisionMakingOrg.NGO)
    assert ngo.filter(level=Decision.Level.PRELIMINARY).exists()
    notified = set(CountryNotification.objects.values_list("status", flat=True))
    assert notified == set(CountryNotification.Status.values) - {CountryNotification.Status.SENT}
    # A case left the presumed stage on its client's latest formal decision: a victim, or
    # not one and closed as such.
    for case in Case.objects.filter(screenings__isnull=False).exclude(stage=Case.Stage.PRESUMED):
        latest = formal.filter(client=case.client).order_by("-decided_at", "-id").first()
        negative = case.closure_reason == Case.ClosureReason.NOT_A_VICTIM_REFERRED
        expected = Decision.Status.NOT_A_VICTIM if negative else Decision.Status.ACTUAL
        assert latest.status == expected


def test_what_people_said_is_sealed_and_the_audit_holds_no_values(demo):
    said = [text.encode() for text in demo.said if len(text) >= 6]
    assert len(said) > 3 * demo.staged_cases
    written = 0
    for screening in Screening.objects.all():
        answers = reading.screening_answers_for_services(screening)
        assert set(answers.values()) <= {"yes", "no", "unknown", "refused"}
        for column in ("answers", "exploitation_notes", "unlawful_acts", "override_reason"):
            value = bytes(getattr(screening, f"{column}_sealed") or b"")
            written += bool(value)
            assert not any(words in value for words in said)
    assert written > 2 * demo.staged_cases
    for note in CaseNote.objects.all():
        assert not any(words in bytes(note.text_sealed) for words in said)
    victims = ["client", "case", "casenote", "screening", "identificationdecision"]
    victims += ["countrynotification", "screeninggroup"]
    entries = AuditEvent.objects.filter(content_type__model__in=victims)
    assert entries.count() > 300
    for entry in entries:
        assert set(entry.changes) == {"fields"}
        assert entry.object_repr.startswith("casework.")
    assert not Client.objects.filter(is_synthetic=False).exists()
    assert not Case.objects.filter(is_synthetic=False).exists()


def test_loading_twice_adds_no_screening_case_or_decision(demo):
    def counts():
        models = (Client, Case, CaseNote, Screening, ScreeningGroup, Decision, IndicatorSet)
        return [m.objects.count() for m in models] + [AuditEvent.objects.count()]

    before = counts()
    again = load_casework_demo(password=PASSWORD, clients=20)
    assert (again.clients, again.screenings, again.staged_cases) == (0, 0, 0)
    assert counts() == before


def test_settings_made_before_keep_their_clock_and_gain_the_formal_identifier():
    before = CountryCaseworkSettings.objects.create(
        country=Country.objects.get(code="KH"), identification_due_days=10
    )
    demo = load_casework_demo(password=PASSWORD, clients=20)
    before.refresh_from_db()
    assert before.identification_due_days == 10
    assert list(before.formal_identifier_agencies.all()) == [demo.agencies[FORMAL_IDENTIFIER]]
    assert Case.objects.filter(screenings__isnull=False).count() == demo.staged_cases > 0
    preliminary = Decision.objects.filter(level=Decision.Level.PRELIMINARY).first()
    decided_on = timezone.localdate(preliminary.decided_at)
    assert (preliminary.formal_identification_due - decided_on).days == 10
