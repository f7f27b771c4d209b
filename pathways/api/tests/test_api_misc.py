from __future__ import annotations

import pytest
from django.test import Client, override_settings

from pathways.activities.models import Person
from pathways.api.tests.factories import api_client, attend, make_event, make_person, make_user

pytestmark = pytest.mark.django_db


# --- Persons ----------------------------------------------------------------------------


def test_persons_for_staff_with_personal_data_only_in_their_country(kh_officer, la_manager):
    kh_person = make_person(name="Sok Dara", code="KH")
    make_person(name="Souksavanh Phet", code="LA")
    names = {
        p["full_name"] for p in api_client(kh_officer).get("/api/v1/persons/").json()["results"]
    }
    assert names == {"Sok Dara"}
    response = api_client(la_manager).get(f"/api/v1/persons/{kh_person.pk}/")
    assert response.status_code == 404


def test_partner_sees_persons_of_its_events_only(lscw_partner):
    led = make_event(title="LSCW training", lead="LSCW")
    attend(led, make_person(name="Partner Seen"))
    attend(make_event(title="Other"), make_person(name="Zyxqa Testperson"))
    response = api_client(lscw_partner).get("/api/v1/persons/")
    assert {p["full_name"] for p in response.json()["results"]} == {"Partner Seen"}


def test_person_detail_lists_attendance_at_visible_events(kh_officer):
    person = make_person(name="Sok Dara")
    attend(make_event(title="SOP review"), person)
    detail = api_client(kh_officer).get(f"/api/v1/persons/{person.pk}/").json()
    assert [a["event_title"] for a in detail["attendances"]] == ["SOP review"]


def test_persons_carry_the_identity_number_for_those_who_see_personal_data(kh_officer, donor):
    person = make_person(name="Sok Dara")
    Person.objects.filter(pk=person.pk).update(id_number="N0123456")
    listed = api_client(kh_officer).get("/api/v1/persons/").json()["results"]
    assert [p["id_number"] for p in listed] == ["N0123456"]
    detail = api_client(kh_officer).get(f"/api/v1/persons/{person.pk}/").json()
    assert detail["id_number"] == "N0123456"
    response = api_client(donor).get(f"/api/v1/persons/{person.pk}/")
    assert response.status_code == 403
    assert "N0123456" not in response.content.decode()


def test_viewer_gets_403_for_persons():
    viewer = make_user("kh_viewer", "viewer", code="KH")
    assert api_client(viewer).get("/api/v1/persons/").status_code == 403


# --- Figures ----------------------------------------------------------------------------


def test_figures_follow_the_counting_rules(kh_officer):
    training = make_event(title="Training", event_type="training")
    workshop = make_event(title="Workshop")
    make_event(title="Outside the period", start=__import__("datetime").date(2023, 1, 1))
    dara, vuthy = make_person(name="Sok Dara"), make_person(name="Chan Vuthy", sex="man")
    attend(training, dara)
    attend(workshop, dara)
    attend(workshop, vuthy, role="speaker")
    body = (
        api_client(kh_officer)
        .get("/api/v1/figures/", {"country": "kh", "start": "2021-07-01", "end": "2022-06-30"})
        .json()
    )
    assert body["events"] == 2
    assert body["capacity_development_events"] == 1
    assert body["participants"]["total"] == 2 and body["participants"]["pct_women"] == 100
    assert body["people_trained"]["total"] == 1
    assert body["scope"] == {"country": "KH", "organisation": None}


def test_figures_outside_scope_404_and_missing_period_422(la_manager):
    client = api_client(la_manager)
    period = {"start": "2021-07-01", "end": "2022-06-30"}
    assert client.get("/api/v1/figures/", {"country": "KH", **period}).status_code == 404
    response = client.get("/api/v1/figures/", {"country": "LA"})
    assert response.status_code == 422
    assert {e["field"] for e in response.json()["errors"]} == {"start", "end"}


# --- Reference data, errors, rate limit, OpenAPI ------------------------------------------


def test_countries_and_organisations_are_listed(donor):
    client = api_client(donor)
    countries = client.get("/api/v1/countries/").json()
    assert countries["count"] == 10
    orgs = client.get("/api/v1/organisations/", {"country": "KH", "limit": 500}).json()
    assert "LSCW" in {o["acronym"] for o in orgs["results"]}


def test_country_out_of_scope_is_404(la_manager):
    assert api_client(la_manager).get("/api/v1/countries/LA/").status_code == 200
    assert api_client(la_manager).get("/api/v1/countries/KH/").status_code == 404


def test_unknown_api_path_is_json_404(kh_officer):
    response = api_client(kh_officer).get("/api/v1/nothing-here/")
    assert response.status_code == 404
    assert "openapi.json" in response.json()["detail"]


@override_settings(API_RATE_LIMIT=2, API_RATE_WINDOW_SECONDS=3600)
def test_rate_limit_per_token_answers_429_with_retry_after(kh_officer):
    client, other = api_client(kh_officer), api_client(kh_officer)
    assert [client.get("/api/v1/countries/").status_code for _ in range(2)] == [200, 200]
    response = client.get("/api/v1/countries/")
    assert response.status_code == 429
    assert 0 < int(response["Retry-After"]) <= 3600
    assert "2 requests per 3600 seconds" in response.json()["detail"]
    assert other.get("/api/v1/countries/").status_code == 200


def test_wrong_method_is_a_json_405_naming_the_allowed_ones(kh_officer):
    response = api_client(kh_officer).delete("/api/v1/countries/")
    assert response.status_code == 405
    assert response["Allow"] == "GET"
    assert response.json()["detail"] == "DELETE is not allowed here. Allowed: GET."


def test_body_that_is_not_json_is_a_json_400(kh_officer):
    response = api_client(kh_officer).post(
        "/api/v1/events/", "{not json", content_type="application/json"
    )
    assert response.status_code == 400 and response.json()["detail"]


def test_unexpected_error_is_a_json_500_without_its_message(kh_officer, monkeypatch, caplog):
    import pathways.api.routers.reference

    def broken():
        raise RuntimeError("Zyxqa Testperson")

    monkeypatch.setattr(pathways.api.routers.reference.Country.objects, "all", broken)
    response = api_client(kh_officer).get("/api/v1/countries/")
    assert response.status_code == 500
    assert response.json() == {"detail": "Something went wrong on the server; it has been logged."}
    assert "RuntimeError" in caplog.text and "Zyxqa" not in caplog.text


def test_openapi_document_describes_the_api():
    doc = Client().get("/api/v1/openapi.json").json()
    assert doc["info"]["title"] == "Pathways API"
    assert "/api/v1/events/" in doc["paths"]
    assert "/api/v1/figures/" in doc["paths"]
    assert "/api/v1/factsheet/" in doc["paths"]
