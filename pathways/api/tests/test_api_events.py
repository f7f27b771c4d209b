from __future__ import annotations

import datetime as dt

import pytest
from django.test import Client

from pathways.activities.models import Event
from pathways.api.tests.factories import api_client, attend, make_event, make_person, make_viewer
from pathways.api.tokens import api_token_create, api_token_revoke

pytestmark = pytest.mark.django_db

EVENTS = "/api/v1/events/"


@pytest.fixture
def kh_event():
    return make_event(code="KH", title="Cambodia SOP review")


@pytest.fixture
def la_event():
    return make_event(code="LA", title="Lao consultation")


def titles(response) -> set[str]:
    return {row["title"] for row in response.json()["results"]}


# --- The "done when" ------------------------------------------------------------


def test_kh_officer_gets_cambodia_events_and_la_manager_none(
    kh_event, la_event, kh_officer, la_manager
):
    kh = api_client(kh_officer).get(EVENTS, {"country": "KH"})
    la = api_client(la_manager).get(EVENTS, {"country": "KH"})
    assert kh.status_code == 200 and titles(kh) == {"Cambodia SOP review"}
    assert la.status_code == 200 and la.json()["count"] == 0 and titles(la) == set()


def test_cambodia_event_detail_is_404_for_la_manager(kh_event, kh_officer, la_manager):
    assert api_client(kh_officer).get(f"{EVENTS}{kh_event.pk}/").status_code == 200
    response = api_client(la_manager).get(f"{EVENTS}{kh_event.pk}/")
    assert response.status_code == 404
    assert response.json()["detail"]


def test_donor_gets_figures_but_no_persons(kh_event, donor):
    attend(kh_event, make_person(name="Zyxqa Testperson"))
    client = api_client(donor)
    figures = client.get(
        "/api/v1/figures/", {"country": "KH", "start": "2021-07-01", "end": "2022-06-30"}
    )
    assert figures.status_code == 200 and figures.json()["participants"]["total"] == 1
    persons = client.get("/api/v1/persons/")
    assert persons.status_code == 403
    assert "personal data" in persons.json()["detail"]
    assert "Zyxqa" not in client.get(f"{EVENTS}{kh_event.pk}/attendance/").content.decode()


# --- Authentication -------------------------------------------------------------------


@pytest.mark.parametrize(
    "header", [None, "Bearer", "Bearer nonsense", "Token pw_abc_def", "Basic dXNlcjpwYXNz"]
)
def test_without_a_valid_token_answers_401_json(header):
    client = Client(HTTP_AUTHORIZATION=header) if header else Client()
    response = client.get(EVENTS)
    assert response.status_code == 401
    assert "Bearer" in response.json()["detail"]
    assert response["WWW-Authenticate"].startswith("Bearer")


def test_revoked_token_answers_401(kh_officer):
    issued = api_token_create(actor=None, user=kh_officer)
    client = Client(HTTP_AUTHORIZATION=f"Bearer {issued.secret}")
    assert client.get(EVENTS).status_code == 200
    api_token_revoke(actor=None, token=issued.token)
    assert client.get(EVENTS).status_code == 401


def test_a_session_login_is_not_an_api_token(client: Client, kh_officer):
    client.force_login(kh_officer)
    assert client.get(EVENTS).status_code == 401


# --- Events -----------------------------------------------------------------------------


def test_partner_sees_only_events_it_organises(kh_event, lscw_partner):
    led = make_event(title="LSCW training", lead="LSCW")
    co = make_event(title="Co-organised forum")
    co.co_organisers.add(led.lead_organisation)
    assert titles(api_client(lscw_partner).get(EVENTS)) == {"LSCW training", "Co-organised forum"}


def test_event_filters(kh_officer):
    make_event(title="Old", start=dt.date(2020, 1, 5))
    make_event(
        title="Training on victim identification",
        event_type=Event.Type.TRAINING,
        lead="NCCT",
        start=dt.date(2021, 10, 1),
    )
    client = api_client(kh_officer)
    period = {"start": "2021-07-01", "end": "2022-06-30"}
    assert titles(client.get(EVENTS, period)) == {"Training on victim identification"}
    assert titles(client.get(EVENTS, {"pathway": "national"})) == set()
    assert titles(client.get(EVENTS, {"type": "training"})) == {"Training on victim identification"}
    assert titles(client.get(EVENTS, {"search": "victim"})) == {"Training on victim identification"}
    ncct = Event.objects.get(title__startswith="Training").lead_organisation_id
    assert titles(client.get(EVENTS, {"organisation": ncct})) == {
        "Training on victim identification"
    }


def test_unknown_filter_value_names_the_field(kh_officer):
    client = api_client(kh_officer)
    response = client.get(EVENTS, {"country": "ZZ"})
    assert response.status_code == 422
    assert response.json()["errors"][0]["field"] == "country"
    assert "ZZ" in response.json()["detail"]
    response = client.get(EVENTS, {"organisation": 999999})
    assert response.status_code == 422
    assert response.json()["errors"][0]["field"] == "organisation"
    response = client.get(EVENTS, {"pathway": "nowhere"})
    assert response.json()["errors"][0]["field"] == "pathway"
    response = client.get(EVENTS, {"start": "01/07/2021"})
    assert response.status_code == 422
    assert response.json()["errors"][0]["field"] == "start"
    assert "date" in response.json()["detail"]
    response = client.get(EVENTS, {"type": "party"})
    assert "training" in response.json()["detail"]


def test_period_in_the_wrong_order_is_rejected(kh_officer):
    response = api_client(kh_officer).get(EVENTS, {"start": "2022-01-01", "end": "2021-01-01"})
    assert response.status_code == 422
    assert response.json()["errors"][0]["field"] == "end"


def test_event_list_is_paginated_with_count_and_next(kh_officer):
    for n in range(3):
        make_event(title=f"Event {n}")
    client = api_client(kh_officer)
    first = client.get(EVENTS, {"limit": 2}).json()
    assert first["count"] == 3 and len(first["results"]) == 2 and first["previous"] is None
    second = client.get(first["next"]).json()
    assert len(second["results"]) == 1 and second["next"] is None
    assert {r["title"] for r in first["results"] + second["results"]} == {
        "Event 0",
        "Event 1",
        "Event 2",
    }


def test_limit_over_the_maximum_is_a_validation_error(kh_officer):
    response = api_client(kh_officer).get(EVENTS, {"limit": 100000})
    assert response.status_code == 422
    assert response.json()["errors"][0]["field"] == "limit"


def test_event_detail_counts_participants_by_the_counting_rule(kh_event, kh_officer):
    attend(kh_event, make_person(name="Sok Dara", sex="woman"))
    attend(kh_event, make_person(name="Chan Vuthy", sex="man"), role="facilitator")
    detail = api_client(kh_officer).get(f"{EVENTS}{kh_event.pk}/").json()
    assert detail["participants"]["total"] == 1 and detail["participants"]["women"] == 1
    assert detail["country"] == "KH" and detail["version"] == kh_event.version


# --- Attendance -------------------------------------------------------------------------


def test_attendance_names_only_for_personal_data_roles(kh_event, kh_officer, donor):
    attend(kh_event, make_person(name="Zyxqa Testperson"))
    viewer = make_viewer("KH")
    staff = api_client(kh_officer).get(f"{EVENTS}{kh_event.pk}/attendance/").json()
    assert staff["results"][0]["person"]["full_name"] == "Zyxqa Testperson"
    for user in (donor, viewer):
        rows = api_client(user).get(f"{EVENTS}{kh_event.pk}/attendance/").json()
        assert rows["count"] == 1
        assert rows["results"][0]["person"] is None
        assert rows["results"][0]["sex"] == "woman"


def test_attendance_of_an_event_out_of_scope_is_404(kh_event, la_manager):
    response = api_client(la_manager).get(f"{EVENTS}{kh_event.pk}/attendance/")
    assert response.status_code == 404
