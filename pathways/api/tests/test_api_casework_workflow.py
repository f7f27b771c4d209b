"""The casework workflow through API v1 (issue 20 item 10): a person back from a scam
compound is screened, found to show indicators and referred as a presumed victim; a named
agency identifies them formally; their case goes through every stage to closure. And the
refusals: another agency finds nothing (404), a stale version is a 409 naming the state now,
a screener does not read back the acts compelled, bad input names the field."""

from __future__ import annotations

import datetime as dt
from types import SimpleNamespace

import pytest
from django.contrib.contenttypes.models import ContentType
from django.utils import timezone

from pathways.api.tests.factories import api_client
from pathways.audit.models import AuditEvent
from pathways.casework.domains import load_file as load_domains
from pathways.casework.domains import shipped_files
from pathways.casework.indicators import FOLDER, load_file
from pathways.casework.models import (
    AccessEvent,
    AssessmentDomainSet,
    Case,
    CaseworkRole,
    Client,
    IdentificationDecision,
    Screening,
)
from pathways.casework.tests.conftest import make_agency, staff
from pathways.casework.tests.identification_helpers import name_formal_identifier
from pathways.programs.models import Country

pytestmark = pytest.mark.django_db

SCREENINGS = "/api/v1/casework/screenings/"
ACTS = "Made to send messages to strangers from the third floor"
NOTES = "Recruited through a job advert on Telegram"
# Yes to a strong indicator of each group the rule needs: recruitment, conditions, coercion.
YES = {"dr-03": "yes", "cr-01": "yes", "ec-01": "yes", "cd-01": "yes", "cd-02": "yes"}


@pytest.fixture
def w(db):
    kh = Country.objects.get(code="KH")
    agency = make_agency(kh, "Provincial DoSVY")
    other = make_agency(kh, "Shelter Beta")
    name_formal_identifier(agency)
    people = {
        "screener": staff(agency, CaseworkRole.SCREENER, "screener"),
        "worker": staff(agency, CaseworkRole.CASE_WORKER, "worker"),
        "supervisor": staff(agency, CaseworkRole.CASE_SUPERVISOR, "sup"),
        "other_worker": staff(other, CaseworkRole.CASE_SUPERVISOR, "othersup"),
    }
    clients = {name: api_client(user) for name, user in people.items()}
    return SimpleNamespace(
        kh=kh,
        agency=agency,
        other=other,
        scam=load_file(FOLDER / "scam-compound.json").indicator_set,
        consent=load_file(FOLDER / "consent-interview.json").indicator_set,
        api=SimpleNamespace(**clients),
        **people,
    )


def post(client, url: str, body: dict, status: int = 200) -> dict:
    response = client.post(url, body, content_type="application/json")
    assert response.status_code == status, response.content.decode()
    return response.json()


def start(w, **extra) -> dict:
    body = {
        "agency": w.agency.pk,
        "location_type": Screening.LocationType.BORDER_CHECKPOINT,
        "sex": "male",
        "age_band": "25-34",
        "nationality": "VN",
        "indicator_set": w.scam.pk,
        "interview_language": "vi",
        **extra,
    }
    return post(w.api.screener, SCREENINGS, body, 201)


def screening_url(screening: dict, *rest: str) -> str:
    return SCREENINGS + f"{screening['id']}/" + "".join(f"{r}/" for r in rest)


def stage(w, client, case_id: int, action: str, version: int, **extra) -> dict:
    url = f"/api/v1/casework/cases/{case_id}/stage/{action}/"
    return post(client, url, {"version": version, **extra})


def referred(w) -> tuple[dict, int]:
    """A screening answered, submitted, triaged and referred: (the screening, its case id)."""
    screening = start(w)
    screening = post(
        w.api.screener,
        screening_url(screening, "answer"),
        {
            "version": screening["version"],
            "consent_to_interview": "yes",
            "consent_set": w.consent.pk,
            "informed_of": ["purpose", "data_use"],
            "answers": YES,
            "exploitation_notes": NOTES,
            "unlawful_acts": ACTS,
        },
    )
    screening = post(
        w.api.screener,
        screening_url(screening, "actions", "submit"),
        {"version": screening["version"]},
    )
    assert screening["state"] == Screening.State.SUBMITTED
    screening = post(
        w.api.screener,
        screening_url(screening, "actions", "triage"),
        {"version": screening["version"], "confirmed_outcome": "presumed_victim"},
    )
    assert screening["state"] == Screening.State.INDICATORS_PRESENT
    assert screening["suggested_outcome"] == "presumed_victim" and not screening["is_override"]
    done = post(
        w.api.screener,
        screening_url(screening, "refer"),
        {
            "version": screening["version"],
            "identity": {"first_name": "Minh", "last_name": "Tran", "birthdate": "1999-02-03"},
            "birthdate_precision": "day",
        },
        201,
    )
    assert done["state"] == Screening.State.PRESUMED_VICTIM
    return done, done["case_id"]


def test_a_scam_compound_returnee_goes_from_screening_to_a_closed_case(w):
    screening, case_id = referred(w)
    case = Case.objects.get(pk=case_id)
    assert case.stage == Case.Stage.PRESUMED
    assert Client.objects.filter(pk=screening["client_id"]).exists()
    # The supervisor reads the screening: answers, notes and the acts compelled, recorded.
    detail = w.api.supervisor.get(screening_url(screening)).json()
    assert detail["answers"] == YES
    assert detail["texts"]["unlawful_acts"] == ACTS
    assert AccessEvent.objects.filter(
        user=w.supervisor, via="api", screening_id=screening["id"]
    ).exists()

    # The formal identification, by the agency the country names.
    decisions_url = f"/api/v1/casework/cases/{case_id}/identification/"
    [preliminary] = w.api.supervisor.get(decisions_url).json()
    assert preliminary["level"] == "preliminary"
    when = (timezone.now() + dt.timedelta(days=2)).isoformat()
    acted = post(
        w.api.supervisor,
        f"{decisions_url}{preliminary['id']}/schedule_interview/",
        {"version": preliminary["version"], "when": when},
    )
    scheduled = acted["decision"]
    assert scheduled["state"] == IdentificationDecision.State.INTERVIEW_SCHEDULED
    acted = post(
        w.api.supervisor,
        f"{decisions_url}{scheduled['id']}/record_decision/",
        {
            "version": scheduled["version"],
            "agency": w.agency.pk,
            "status": IdentificationDecision.Status.ACTUAL,
            "level": IdentificationDecision.Level.FORMAL,
        },
    )
    formal = acted["decision"]
    assert formal["id"] != scheduled["id"] and formal["level"] == "formal"
    assert formal["state"] == IdentificationDecision.State.IDENTIFIED
    assert acted["non_punishment_notice"]
    # The person objects to Viet Nam being told: the notification waiting is not sent.
    notification = formal["notification"]
    assert notification["status"] == "pending"
    objected = post(
        w.api.supervisor,
        f"/api/v1/casework/cases/{case_id}/notifications/{notification['id']}/objection/",
        {},
    )
    assert objected["status"] == "blocked_by_objection"

    # Every stage to closure: the worker moves it, the supervisor approves.
    state = w.api.supervisor.get(f"/api/v1/casework/cases/{case_id}/stage/").json()
    assert state["actions"] == ["confirm_identification", "identification_negative_and_close"]
    Case.objects.filter(pk=case_id).update(case_worker=w.worker)
    version = state["version"]
    for client, action, reached in (
        (w.api.worker, "confirm_identification", Case.Stage.OPEN),
        (w.api.worker, "start_assessment", Case.Stage.ASSESSMENT),
    ):
        moved = stage(w, client, case_id, action, version)
        assert moved["stage"] == reached, action
        version = moved["version"]
    care_through_the_api(w, case_id)
    version = w.api.worker.get(f"/api/v1/casework/cases/{case_id}/stage/").json()["version"]
    assert Case.objects.get(pk=case_id).stage == Case.Stage.SERVICES
    for client, action, extra, reached in (
        (w.api.worker, "start_reintegration", {}, Case.Stage.REINTEGRATION),
        (w.api.worker, "start_monitoring", {}, Case.Stage.MONITORING),
        (
            w.api.worker,
            "request_closure",
            {"reason": Case.ClosureReason.GOALS_ACHIEVED, "note": "Back with her family"},
            Case.Stage.CLOSURE_PENDING,
        ),
        (w.api.supervisor, "approve_closure", {}, Case.Stage.CLOSED),
    ):
        moved = stage(w, client, case_id, action, version, **extra)
        assert moved["stage"] == reached, action
        assert moved["version"] == version + 1
        version = moved["version"]
    case.refresh_from_db()
    assert case.status == Case.Status.CLOSED and case.closed_on == timezone.localdate()
    assert case.closure_approved_by == w.supervisor
    moves = AuditEvent.objects.filter(
        content_type=ContentType.objects.get_for_model(Case),
        object_id=str(case_id),
        action=AuditEvent.Action.UPDATE,
    )
    assert moves.count() == 8  # the stage's eight moves, each by the API
    assert set(moves.values_list("source", flat=True)) == {AuditEvent.Source.API}


def care_through_the_api(w, case_id: int) -> None:
    """An assessment, a care plan submitted by the worker and approved by the supervisor (the
    case moves to services), a follow-up done and a trafficking event, all by the API."""
    for path in shipped_files():
        load_domains(path)
    domain_set = AssessmentDomainSet.objects.get(code="csi-12")
    care = f"/api/v1/casework/cases/{case_id}/care/"
    today = timezone.localdate().isoformat()
    scores = dict.fromkeys(domain_set.domain_codes, 2)
    body = {"domain_set": "csi-12", "assessed_on": today, "scores": scores}
    post(w.api.worker, care + "assessments/", body, 201)
    goal = {
        "domain": domain_set.domain_codes[0],
        "description": "Safe place to live near her family",
        "responsible": "Case worker",
        "target_date": today,
    }
    plan = post(
        w.api.worker,
        care + "plan/",
        {"plan_type": "SocialCare", "objectives": "Return home safely", "goals": [goal]},
    )
    assert plan["state"] == "draft"
    # The worker may not approve it (403); submitting moves the case to approval.
    response = w.api.worker.post(f"{care}plan/{plan['id']}/approve/")
    assert response.status_code == 403
    assert post(w.api.worker, f"{care}plan/{plan['id']}/submit/", {})["state"] == "submitted"
    assert Case.objects.get(pk=case_id).stage == Case.Stage.PLAN_PENDING_APPROVAL
    assert post(w.api.supervisor, f"{care}plan/{plan['id']}/approve/", {})["state"] == "approved"
    body = {"kind": "phone", "what": "Call about the job training", "due_on": today}
    followup = post(w.api.worker, care + "follow-ups/", body, 201)
    post(w.api.worker, f"{care}follow-ups/{followup['id']}/done/", {"done_on": today})
    body = {"kind": "Exploitation", "country": "MM", "site_type": "scam_compound"}
    post(w.api.worker, care + "events/", body, 201)
    records = w.api.worker.get(care).json()
    assert records["plan_in_force"]["objectives"] == "Return home safely"
    assert records["follow_ups"][0]["done_on"] == today
    assert records["trafficking_events"][0]["site_type"] == "scam_compound"
    assert len(records["assessments"]) == 1
    read = AccessEvent.objects.filter(user=w.worker, via="api", case_id=case_id).last()
    assert {"care_plans", "follow_ups", "trafficking_events"} <= set(read.fields)


def test_another_agency_finds_neither_the_screening_nor_the_case(w):
    screening, case_id = referred(w)
    other = w.api.other_worker
    assert other.get(screening_url(screening)).status_code == 404
    assert other.get(SCREENINGS).json()["count"] == 0
    response = other.post(
        f"/api/v1/casework/cases/{case_id}/stage/confirm_identification/",
        {"version": 0},
        content_type="application/json",
    )
    assert response.status_code == 404
    assert other.get(f"/api/v1/casework/cases/{case_id}/identification/").status_code == 404
    assert "Minh" not in response.content.decode()


def test_a_stale_version_is_a_409_naming_the_state_now_and_nothing_is_written(w):
    screening = start(w)
    old = screening["version"]
    post(w.api.screener, screening_url(screening, "answer"), {"version": old, "answers": YES})
    response = w.api.screener.post(
        screening_url(screening, "actions", "refuse_consent"),
        {"version": old, "consent": "no"},
        content_type="application/json",
    )
    assert response.status_code == 409
    assert f"“{Screening.State.DRAFT.label}”" in response.json()["detail"]
    assert Screening.objects.get(pk=screening["id"]).state == Screening.State.DRAFT

    _screening, case_id = referred(w)
    version = Case.objects.get(pk=case_id).version
    response = w.api.supervisor.post(
        f"/api/v1/casework/cases/{case_id}/stage/start_assessment/",
        {"version": version + 3},
        content_type="application/json",
    )
    assert response.status_code == 409
    assert f"“{Case.Stage.PRESUMED.label}”" in response.json()["detail"]
    # The workflow's own refusal: no formal decision yet, the case does not open.
    response = w.api.supervisor.post(
        f"/api/v1/casework/cases/{case_id}/stage/confirm_identification/",
        {"version": version},
        content_type="application/json",
    )
    assert response.status_code == 409
    assert "formal identification" in response.json()["detail"]
    assert Case.objects.get(pk=case_id).stage == Case.Stage.PRESUMED


def test_a_screener_does_not_read_back_the_acts_compelled(w):
    screening, _case_id = referred(w)
    body = w.api.screener.get(screening_url(screening)).json()
    assert body["answers"] == YES and body["texts"]["exploitation_notes"] == NOTES
    assert "unlawful_acts" not in body["readable"]
    assert ACTS not in w.api.screener.get(screening_url(screening)).content.decode()


def test_bad_input_names_the_field_and_writes_nothing(w):
    screening = start(w)
    before = AuditEvent.objects.count()
    response = w.api.screener.post(
        screening_url(screening, "answer"),
        {"version": screening["version"], "answers": {"no-such": "yes"}},
        content_type="application/json",
    )
    assert response.status_code == 422 and "answers" in response.json()["detail"]
    response = w.api.screener.post(
        SCREENINGS,
        {"agency": w.agency.pk, "sex": "male"},
        content_type="application/json",
    )
    assert response.status_code == 422 and "location_type" in response.json()["detail"]
    response = w.api.screener.post(
        screening_url(screening, "actions", "triage"),
        {"version": screening["version"]},
        content_type="application/json",
    )
    assert response.status_code == 422 and "confirmed_outcome" in response.json()["detail"]
    response = w.api.screener.post(
        screening_url(screening, "actions", "fly"),
        {"version": screening["version"]},
        content_type="application/json",
    )
    assert response.status_code == 404
    assert AuditEvent.objects.count() == before


def test_a_person_who_refuses_consent_leaves_only_the_four_facts(w):
    screening = start(w, province="Poipet")
    done = post(
        w.api.screener,
        screening_url(screening, "actions", "refuse_consent"),
        {"version": screening["version"], "consent": "no"},
    )
    assert done["state"] == Screening.State.DECLINED_BY_PERSON
    assert done["indicator_set"] is None
    assert Screening.objects.get(pk=screening["id"]).province == ""


def test_a_triage_against_the_rule_needs_a_reason(w):
    screening = start(w)
    screening = post(
        w.api.screener,
        screening_url(screening, "answer"),
        {"version": screening["version"], "consent_to_interview": "yes", "answers": YES},
    )
    screening = post(
        w.api.screener,
        screening_url(screening, "actions", "submit"),
        {"version": screening["version"]},
    )
    url = screening_url(screening, "actions", "triage")
    body = {"version": screening["version"], "confirmed_outcome": "no_indicators"}
    response = w.api.screener.post(url, body, content_type="application/json")
    assert response.status_code == 409 and "reason" in response.json()["detail"]
    body["override_reason"] = "The person was a recruiter, not recruited"
    done = post(w.api.screener, url, body)
    assert done["state"] == Screening.State.NO_INDICATORS and done["is_override"]
    closed = post(
        w.api.screener,
        screening_url(screening, "actions", "offer_other_services"),
        {"version": done["version"]},
    )
    assert closed["state"] == Screening.State.CLOSED_NO_INDICATORS


def test_an_identification_acted_on_since_is_a_409_naming_its_state(w):
    _screening, case_id = referred(w)
    url = f"/api/v1/casework/cases/{case_id}/identification/"
    [preliminary] = w.api.supervisor.get(url).json()
    when = (timezone.now() + dt.timedelta(days=2)).isoformat()
    body = {"version": preliminary["version"], "when": when}
    post(w.api.supervisor, f"{url}{preliminary['id']}/schedule_interview/", body)
    response = w.api.supervisor.post(
        f"{url}{preliminary['id']}/reschedule/", body, content_type="application/json"
    )
    assert response.status_code == 409
    state = IdentificationDecision.State.INTERVIEW_SCHEDULED.label
    assert f"“{state}”" in response.json()["detail"]
    # Another agency, not named for formal identifications, does not see the case at all.
    response = w.api.other_worker.post(
        f"{url}{preliminary['id']}/record_decision/",
        {"version": preliminary["version"] + 1, "status": "actual", "level": "formal"},
        content_type="application/json",
    )
    assert response.status_code == 404
