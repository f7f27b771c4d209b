"""Retention (casework.md §7.5): what is sealed goes past the country's horizon, tier 1 stays,
nothing else is touched, a second run changes nothing, and no value reaches the audit trail."""

from __future__ import annotations

import datetime as dt
import io
import json

import pytest
from django.core.management import call_command
from django.utils import timezone

from pathways.audit.models import AuditEvent
from pathways.casework.models import (
    CASE_SEALED_FIELDS,
    SCREENING_SEALED_FIELDS,
    SEALED_FIELDS,
    Attachment,
    Case,
    CaseNote,
    CaseworkRole,
    Client,
    CountryCaseworkSettings,
    Goal,
    IdentificationDecision,
    Screening,
)
from pathways.casework.services import (
    SearchKeys,
    attachment_add,
    case_note_add,
    intake_search,
    retention_apply,
)
from pathways.casework.tests.care_helpers import write_plan
from pathways.casework.tests.conftest import (
    make_agency,
    open_case_for,
    register,
    sample_identity,
    staff,
)
from pathways.casework.tests.identification_helpers import case_in_stage, formal_decision
from pathways.casework.tests.screening_helpers import in_state, start

pytestmark = pytest.mark.django_db

PDF = b"%PDF-1.4\n1 0 obj << /Title (SREYNEANG) >> endobj\ntrailer <<>>\n%%EOF\n"
NOTE = "Sreyneang stays with her aunt in Battambang"


@pytest.fixture
def world(kh, casework_files_in_a_temporary_folder):
    agency = make_agency(kh)
    worker = staff(agency, CaseworkRole.CASE_WORKER)
    CountryCaseworkSettings.objects.create(country=kh, closed_case_retention_days=365)
    return {"agency": agency, "worker": worker, "kh": kh}


def closed_case(world, closed_days_ago: int, **identity) -> Case:
    client = register(world["kh"], world["agency"], sample_identity(**identity))
    case = open_case_for(
        client,
        case_worker=world["worker"],
        sections={"safe_location": "Aunt's house", "medical_notes": "Asthma"},
        exploitation_type=Case.ExploitationType.FORCED_LABOUR,
    )
    case_note_add(actor=world["worker"], case=case, text=NOTE)
    attachment_add(
        actor=world["worker"],
        case=case,
        kind=Attachment.Kind.IDENTITY_DOCUMENT,
        data=PDF,
        filename="passport.pdf",
    )
    write_plan(world["worker"], case_in_stage(case, Case.Stage.ASSESSMENT))
    case = case_in_stage(case, Case.Stage.CLOSED)
    Case.objects.filter(pk=case.pk).update(
        closed_on=timezone.localdate() - dt.timedelta(days=closed_days_ago)
    )
    return Case.objects.get(pk=case.pk)


def sealed_held(record, names) -> list[str]:
    return [name for name in names if getattr(record, f"{name}_sealed") is not None]


def test_a_client_past_retention_is_pseudonymised_and_tier_one_kept(world):
    case = closed_case(world, 400)
    done = retention_apply()
    client = Client.objects.get(pk=case.client_id)
    case = Case.objects.get(pk=case.pk)
    assert (done.clients, done.cases, done.notes, done.attachments) == (1, 1, 1, 1)
    assert sealed_held(client, SEALED_FIELDS) == []
    assert not any(getattr(client, f"blind_index_{k}") for k in ("name", "mobile_phone"))
    assert sealed_held(case, CASE_SEALED_FIELDS) == []
    assert client.pseudonymised_at and case.pseudonymised_at
    assert not CaseNote.objects.filter(case=case).exists()
    assert not Attachment.objects.filter(case=case).exists()
    goal = Goal.objects.get(case=case)
    assert goal.description_sealed is None and goal.services_sealed is None
    # Tier 1 stays for statistics.
    assert (client.sex, client.age_band, client.nationality) == ("female", "12-17", "KH")
    assert (case.stage, case.exploitation_type) == (
        Case.Stage.CLOSED,
        Case.ExploitationType.FORCED_LABOUR,
    )
    assert case.opened_on and case.closed_on


def test_the_attachment_file_is_deleted_once_committed(
    world, casework_files_in_a_temporary_folder, django_capture_on_commit_callbacks
):
    closed_case(world, 400)
    root = casework_files_in_a_temporary_folder
    assert [p for p in root.rglob("*") if p.is_file()]
    with django_capture_on_commit_callbacks(execute=True):
        retention_apply()
    assert not [p for p in root.rglob("*") if p.is_file()]


def test_a_case_closed_within_retention_is_kept(world):
    case = closed_case(world, 30)
    done = retention_apply()
    client = Client.objects.get(pk=case.client_id)
    assert done.clients == 0 and client.pseudonymised_at is None
    assert sealed_held(client, SEALED_FIELDS)
    assert CaseNote.objects.filter(case=case).exists()


def test_a_client_with_another_case_open_is_kept(world):
    case = closed_case(world, 400)
    open_case_for(case.client, case_worker=world["worker"])
    done = retention_apply()
    assert done.clients == 0
    assert Client.objects.get(pk=case.client_id).pseudonymised_at is None
    assert sealed_held(Case.objects.get(pk=case.pk), CASE_SEALED_FIELDS)


def test_each_country_has_its_own_horizon(world):
    case = closed_case(world, 400)
    CountryCaseworkSettings.objects.filter(country=world["kh"]).update(
        closed_case_retention_days=3650
    )
    assert retention_apply().clients == 0
    assert Client.objects.get(pk=case.client_id).pseudonymised_at is None


def test_a_second_run_changes_nothing(world):
    closed_case(world, 400)
    retention_apply()
    events = AuditEvent.objects.count()
    again = retention_apply()
    assert (again.clients, again.cases, again.screenings, again.notes) == (0, 0, 0, 0)
    assert AuditEvent.objects.count() == events


def test_a_dry_run_counts_and_changes_nothing(world):
    case = closed_case(world, 400)
    events = AuditEvent.objects.count()
    done = retention_apply(dry_run=True)
    assert (done.clients, done.notes) == (1, 1)
    assert Client.objects.get(pk=case.client_id).pseudonymised_at is None
    assert AuditEvent.objects.count() == events


def test_intake_search_no_longer_finds_them(world):
    case = closed_case(world, 400)
    keys = SearchKeys(name="Sreyneang Chhorvann", phone="012 345 678", identity_number="N0123-4567")
    assert intake_search(actor=world["worker"], agency=world["agency"], keys=keys)
    retention_apply()
    found = intake_search(actor=world["worker"], agency=world["agency"], keys=keys)
    assert case.client_id not in [match.client.pk for match in found]


def test_no_value_reaches_the_audit_trail_or_the_output(world):
    closed_case(world, 400)
    before = AuditEvent.objects.count()
    out = io.StringIO()
    call_command("casework_retention", stdout=out)
    events = list(AuditEvent.objects.order_by("id")[before:])
    assert events
    written = out.getvalue() + json.dumps(
        [[e.object_repr, e.changes, e.action] for e in events], ensure_ascii=False
    )
    for value in ("Sreyneang", "Chhorvann", "Aunt", "Asthma", "N0123", "passport", "345 678"):
        assert value not in written
    assert "Pseudonymised: 1 clients, 1 cases" in out.getvalue()
    assert {e.action for e in events} == {AuditEvent.Action.UPDATE, AuditEvent.Action.DELETE}


def test_screenings_without_indicators_lose_their_answers_after_90_days(world):
    old = in_state(start(world["worker"], world["agency"]), Screening.State.CLOSED_NO_INDICATORS)
    recent = in_state(start(world["worker"], world["agency"]), Screening.State.NO_INDICATORS)
    flagged = in_state(start(world["worker"], world["agency"]), Screening.State.INDICATORS_PRESENT)
    long_ago = timezone.now() - dt.timedelta(days=91)
    Screening.objects.filter(pk__in=[old.pk, flagged.pk]).update(
        screened_at=long_ago, name_sealed=b"x", answers_sealed=b"y"
    )
    Screening.objects.filter(pk=recent.pk).update(name_sealed=b"x")
    done = retention_apply()
    assert done.screenings == 1
    old, recent, flagged = (Screening.objects.get(pk=s.pk) for s in (old, recent, flagged))
    assert sealed_held(old, SCREENING_SEALED_FIELDS) == [] and old.pseudonymised_at
    assert (old.sex, old.age_band, old.nationality) == ("female", "25-34", "VN")
    assert recent.name_sealed is not None and recent.pseudonymised_at is None
    assert flagged.name_sealed is not None and flagged.pseudonymised_at is None
    assert retention_apply().screenings == 0


def test_the_clients_screenings_and_decisions_lose_their_sealed_texts(world):
    case = closed_case(world, 400)
    screening = start(world["worker"], world["agency"])
    Screening.objects.filter(pk=screening.pk).update(client=case.client, name_sealed=b"x")
    decision = formal_decision(case, IdentificationDecision.Status.ACTUAL)
    IdentificationDecision.objects.filter(pk=decision.pk).update(dissent_note_sealed=b"y")
    done = retention_apply()
    assert (done.screenings, done.decisions) == (1, 1)
    screening = Screening.objects.get(pk=screening.pk)
    assert sealed_held(screening, SCREENING_SEALED_FIELDS) == [] and screening.pseudonymised_at
    decision = IdentificationDecision.objects.get(pk=decision.pk)
    assert decision.dissent_note_sealed is None
    assert decision.status == IdentificationDecision.Status.ACTUAL
