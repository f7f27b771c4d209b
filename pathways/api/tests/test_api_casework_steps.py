"""The steps the API lacked beside the pages (issue 20 item 10): a goal of the plan in force
given its status, a service recorded as delivered, a screening voided and one marked as a
duplicate of a client already registered. Each through the service its page calls, for the
right role only (403 for another role, 404 from another agency), a stale read refused with
nothing written, and the audit entry marked as written through the API."""

from __future__ import annotations

import datetime as dt
from types import SimpleNamespace

import pytest
from django.contrib.contenttypes.models import ContentType
from django.utils import timezone

from pathways.api.tests.factories import api_client
from pathways.audit.models import AuditEvent
from pathways.casework.models import (
    Case,
    CaseworkRole,
    Goal,
    Screening,
    ServiceDelivery,
)
from pathways.casework.services import (
    care_plan_approve,
    care_plan_submit,
    screening_answer,
    screening_submit,
)
from pathways.casework.tests.care_helpers import care_world, write_plan
from pathways.casework.tests.conftest import make_agency, open_case_for, register, staff
from pathways.casework.tests.screening_helpers import start
from pathways.programs.models import Country

pytestmark = pytest.mark.django_db

NOTE = "Counselling at the Poipet drop-in centre, three sessions"


def post(user, url: str, body: dict):
    return api_client(user).post(url, body, content_type="application/json")


def audits(model, pk: int) -> list[AuditEvent]:
    content_type = ContentType.objects.get_for_model(model)
    rows = AuditEvent.objects.filter(content_type=content_type, object_id=str(pk))
    return list(rows.order_by("pk"))


@pytest.fixture
def cw(db):
    """A case in services under an approved plan with one goal, its team, and another
    agency's staff."""
    world = care_world(Country.objects.get(code="KH"))
    plan = write_plan(world.worker, world.case)
    plan.case = world.case
    care_plan_submit(actor=world.worker, plan=plan)
    care_plan_approve(actor=world.supervisor, plan=plan)
    world.case.refresh_from_db()
    assert world.case.stage == Case.Stage.SERVICES
    world.goal = Goal.objects.get(plan=plan)
    return world


def goal_url(cw) -> str:
    return f"/api/v1/casework/cases/{cw.case.pk}/care/goals/{cw.goal.pk}/status/"


def services_url(case) -> str:
    return f"/api/v1/casework/cases/{case.pk}/care/services/"


# --- a goal's status ---------------------------------------------------------------------------


def test_the_case_team_sets_a_goal_status_through_the_api(cw):
    body = {"status": "in_progress", "status_was": "not_started"}
    response = post(cw.worker, goal_url(cw), body)
    assert response.status_code == 200, response.content
    assert response.json() == {"id": cw.goal.pk, "status": "in_progress"}
    cw.goal.refresh_from_db()
    assert cw.goal.status == Goal.Status.IN_PROGRESS
    [*_, last] = audits(Goal, cw.goal.pk)
    assert last.source == AuditEvent.Source.API and last.changes["fields"] == ["status"]
    # The supervisor reads it in the care records and moves it on.
    care = api_client(cw.supervisor).get(f"/api/v1/casework/cases/{cw.case.pk}/care/").json()
    assert care["plan_in_force"]["goals"][0]["status"] == "in_progress"
    body = {"status": "achieved", "status_was": "in_progress"}
    assert post(cw.supervisor, goal_url(cw), body).status_code == 200


def test_a_goal_changed_since_it_was_read_is_not_overwritten(cw):
    done = post(cw.worker, goal_url(cw), {"status": "achieved", "status_was": "not_started"})
    assert done.status_code == 200
    before = len(audits(Goal, cw.goal.pk))
    # The supervisor read it as "not started" before the worker's change.
    response = post(
        cw.supervisor, goal_url(cw), {"status": "not_achieved", "status_was": "not_started"}
    )
    assert response.status_code == 409
    assert (
        "Achieved" in response.json()["detail"]
        and "Nothing was saved" in (response.json()["detail"])
    )
    cw.goal.refresh_from_db()
    assert cw.goal.status == Goal.Status.ACHIEVED
    assert len(audits(Goal, cw.goal.pk)) == before


def test_a_goal_status_is_refused_to_others(cw):
    audited = len(audits(Goal, cw.goal.pk))
    body = {"status": "achieved", "status_was": "not_started"}
    assert post(cw.lawyer, goal_url(cw), body).status_code == 403
    assert post(cw.other_worker, goal_url(cw), body).status_code == 404
    assert post(cw.other_supervisor, goal_url(cw), body).status_code == 404
    response = post(cw.worker, goal_url(cw), {"status": "finished", "status_was": "not_started"})
    assert response.status_code == 422 and "status" in response.json()["detail"]
    cw.goal.refresh_from_db()
    assert cw.goal.status == Goal.Status.NOT_STARTED
    assert len(audits(Goal, cw.goal.pk)) == audited


# --- a service delivered -----------------------------------------------------------------------


def service_body(cw, **extra) -> dict:
    return {
        "service_type": "Shelter",
        "provider": cw.agency.pk,
        "delivered_on": timezone.localdate().isoformat(),
        "outcome": "completed",
        "note": NOTE,
        **extra,
    }


def test_the_case_team_records_a_service_delivered_through_the_api(cw):
    response = post(cw.worker, services_url(cw.case), service_body(cw))
    assert response.status_code == 201, response.content
    row = ServiceDelivery.objects.get(pk=response.json()["id"])
    assert (row.case_id, row.service_type, row.provider_id) == (cw.case.pk, "Shelter", cw.agency.pk)
    assert NOTE.encode() not in bytes(row.note_sealed)
    [audit] = audits(ServiceDelivery, row.pk)
    assert audit.source == AuditEvent.Source.API and NOTE not in str(audit.changes)
    care = api_client(cw.supervisor).get(f"/api/v1/casework/cases/{cw.case.pk}/care/").json()
    [shown] = care["services_delivered"]
    assert shown["id"] == row.pk and shown["note"] == NOTE


def test_a_service_is_refused_to_others_and_for_bad_input(cw):
    url = services_url(cw.case)
    assert post(cw.lawyer, url, service_body(cw)).status_code == 403
    assert post(cw.other_worker, url, service_body(cw)).status_code == 404
    tomorrow = (timezone.localdate() + dt.timedelta(days=1)).isoformat()
    response = post(cw.worker, url, service_body(cw, delivered_on=tomorrow))
    assert response.status_code == 422 and "future" in response.json()["detail"]
    response = post(cw.worker, url, service_body(cw, provider=999999))
    assert response.status_code == 422 and "provider" in response.json()["detail"]
    assert not ServiceDelivery.objects.exists()


# --- voiding a screening, marking it a duplicate ----------------------------------------------


@pytest.fixture
def sw(db):
    kh = Country.objects.get(code="KH")
    agency, other = make_agency(kh, "Provincial DoSVY"), make_agency(kh, "Shelter Beta")
    people = {
        "screener": staff(agency, CaseworkRole.SCREENER, "screener"),
        "supervisor": staff(agency, CaseworkRole.CASE_SUPERVISOR, "sup"),
        "worker": staff(agency, CaseworkRole.CASE_WORKER, "worker"),
        "other_supervisor": staff(other, CaseworkRole.CASE_SUPERVISOR, "othersup"),
    }
    screening = start(people["screener"], agency)
    screening = screening_answer(
        actor=people["screener"], screening=screening, answers={"dr-s": "yes"}
    )
    screening_submit(actor=people["screener"], screening=screening)
    screening.refresh_from_db()
    known = register(kh, agency)
    open_case_for(known, case_worker=people["worker"])
    elsewhere = register(kh, other)
    open_case_for(elsewhere)
    return SimpleNamespace(
        agency=agency, screening=screening, known=known, elsewhere=elsewhere, **people
    )


def action_url(screening, action: str) -> str:
    return f"/api/v1/casework/screenings/{screening.pk}/actions/{action}/"


def state_of(screening) -> tuple[str, int]:
    return Screening.objects.values_list("state", "version").get(pk=screening.pk)


def test_the_agency_supervisor_voids_a_screening_with_a_sealed_reason(sw):
    reason = "Entered twice at the Poipet checkpoint"
    body = {"version": sw.screening.version, "reason": reason}
    response = post(sw.supervisor, action_url(sw.screening, "void"), body)
    assert response.status_code == 200, response.content
    assert response.json()["state"] == Screening.State.VOIDED and response.json()["actions"] == []
    row = Screening.objects.get(pk=sw.screening.pk)
    assert reason.encode() not in bytes(row.void_reason_sealed)
    [*_, last] = audits(Screening, row.pk)
    assert last.source == AuditEvent.Source.API and "void_reason" in last.changes["fields"]
    assert reason not in str(last.changes)


def test_voiding_is_refused_to_others_without_a_reason_and_on_a_stale_read(sw):
    before, audited = state_of(sw.screening), len(audits(Screening, sw.screening.pk))
    url = action_url(sw.screening, "void")
    body = {"version": sw.screening.version, "reason": "Entered in error"}
    assert post(sw.screener, url, body).status_code == 403
    assert post(sw.other_supervisor, url, body).status_code == 404
    response = post(sw.supervisor, url, {"version": sw.screening.version})
    assert response.status_code == 409 and "reason" in response.json()["detail"]
    response = post(sw.supervisor, url, {**body, "version": sw.screening.version - 1})
    assert response.status_code == 409 and "Submitted" in response.json()["detail"]
    assert state_of(sw.screening) == before
    assert len(audits(Screening, sw.screening.pk)) == audited


def test_a_screening_of_someone_already_registered_is_marked_a_duplicate(sw):
    body = {"version": sw.screening.version, "client": sw.known.pk}
    response = post(sw.supervisor, action_url(sw.screening, "mark_duplicate"), body)
    assert response.status_code == 200, response.content
    assert response.json()["state"] == Screening.State.DUPLICATE
    row = Screening.objects.get(pk=sw.screening.pk)
    assert row.client_id == sw.known.pk
    [*_, last] = audits(Screening, row.pk)
    assert last.source == AuditEvent.Source.API and "client" in last.changes["fields"]


def test_a_duplicate_names_a_client_the_user_may_see_at_the_version_read(sw):
    before, audited = state_of(sw.screening), len(audits(Screening, sw.screening.pk))
    url = action_url(sw.screening, "mark_duplicate")
    version = sw.screening.version
    # Another agency's client is not there for this supervisor; nor is a missing one.
    assert (
        post(sw.supervisor, url, {"version": version, "client": sw.elsewhere.pk}).status_code == 404
    )
    response = post(sw.supervisor, url, {"version": version})
    assert response.status_code == 422 and "client" in response.json()["detail"]
    assert (
        post(sw.other_supervisor, url, {"version": version, "client": sw.known.pk}).status_code
        == 404
    )
    stale = post(sw.supervisor, url, {"version": version - 1, "client": sw.known.pk})
    assert stale.status_code == 409
    assert state_of(sw.screening) == before
    assert len(audits(Screening, sw.screening.pk)) == audited
