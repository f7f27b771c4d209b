"""Intake through the API (issue 20 item 10): the search says of a match what the page says
(one function builds it for both), counts against the page's limit, and registration goes
through the page's form and service, each field's error named and nothing written."""

from __future__ import annotations

import pytest
from django.urls import reverse

from pathways.api.tests.factories import api_client
from pathways.audit.models import AuditEvent
from pathways.casework.models import Case, Client, IntakeSearch
from pathways.casework.tests.pages import IDENTITY, OTHER_IDENTITY, browser_as, build_world
from pathways.casework.tests.test_pages_intake import SEARCH, other_identifiers, register_form
from pathways.programs.models import Country

pytestmark = pytest.mark.django_db
API_SEARCH = "/api/v1/casework/intake/search/"
API_REGISTER = "/api/v1/casework/intake/register/"


@pytest.fixture
def w(db):
    return build_world(Country.objects.get(code="KH"), Country.objects.get(code="LA"))


def search(user, client=None, **body):
    return (client or api_client(user)).post(API_SEARCH, body, content_type="application/json")


def test_an_own_agency_match_is_named_by_its_case(w):
    response = search(w.worker, name="Chhorvann Sreyneang", phone="+855 12 345 678")
    assert response.status_code == 200, response.content
    [match] = response.json()["matches"]
    assert match["cases"] == [{"id": w.case.pk, "case_number": w.case.case_number}]
    assert match["agency"] is None and match["matched_on"] == ["phone"]


def test_another_agencys_record_is_named_by_its_agency_only_as_on_the_page(w):
    body = {"name": "Bopha Kimsour", "identity_number": "k7788 9900", "birth_year": 2006}
    response = search(w.worker, **body)
    [match] = response.json()["matches"]
    assert match == {
        "cases": [],
        "agency": "Shelter Beta",
        "matched_on": ["identity number", "name and birth year"],
        "break_glass": None,
    }
    text = response.content.decode()
    for value in [w.other_case.case_number, *other_identifiers()]:
        assert value not in text
    # The page words the same match the same way.
    page = browser_as(w.worker).post(SEARCH, {**body, "birth_year": "2006"}).content.decode()
    assert "Shelter Beta" in page and ", ".join(match["matched_on"]) in page


def test_a_breaker_is_given_the_break_glass_page_and_no_identifier(w):
    response = search(w.other_breaker, name="Sreyneang Chhorvann", birth_year=2006)
    [match] = response.json()["matches"]
    assert match["agency"] == "Shelter Alpha" and match["break_glass"].startswith(
        "/casework/break-glass/"
    )
    for value in [IDENTITY.email, w.case.case_number]:
        assert value not in response.content.decode()


def test_a_name_alone_is_refused_and_not_logged(w):
    response = search(w.worker, name="Sreyneang Chhorvann")
    assert response.status_code == 422
    assert "give a phone, an identity number or a birth year" in response.json()["detail"]
    assert not IntakeSearch.objects.exists()


def test_the_page_and_the_api_share_one_limit(w, settings):
    settings.CASEWORK_INTAKE_SEARCHES_PER_10_MIN = 2
    browser_as(w.worker).post(SEARCH, {"name": "Bopha Kimsour", "phone": "097 111 2233"})
    client = api_client(w.worker)
    first = search(w.worker, client, name="Bopha Kimsour", phone="097 111 2233")
    assert first.status_code == 200 and first.json()["searches_left"] == 0
    refused = search(w.worker, client, name="Bopha Kimsour", phone="097 111 2233")
    assert refused.status_code == 429
    assert "2 searches in the last ten minutes" in refused.json()["detail"]
    assert "Shelter Beta" not in refused.content.decode()
    assert IntakeSearch.objects.count() == 2


def test_roles_that_do_not_register_are_refused(w):
    for user in (w.lawyer, w.agency_admin, w.coordinator):
        assert search(user, name="Bopha Kimsour", birth_year=2006).status_code == 403
        response = api_client(user).post(
            API_REGISTER, register_form(), content_type="application/json"
        )
        assert response.status_code == 403
    assert not IntakeSearch.objects.exists() and Client.objects.count() == 2


def test_a_case_worker_registers_a_person_with_a_case(w):
    body = {**register_form(), "supervisor": w.supervisor.pk, "exploitation_country": "th"}
    client = api_client(w.worker)
    response = client.post(API_REGISTER, body, content_type="application/json")
    assert response.status_code == 201, response.content
    case = Case.objects.get(pk=response.json()["case_id"])
    assert case.exploitation_country == "TH"
    shown = client.get(reverse("api:casework_case_detail", kwargs={"case_id": case.pk}))
    assert shown.json()["exploitation_country"] == "TH"
    assert response.json()["case_number"] == case.case_number
    assert case.case_worker == w.worker and case.supervisor == w.supervisor
    assert case.owner_agency == w.shelter and case.client.nationality == "KH"
    created = AuditEvent.objects.filter(action=AuditEvent.Action.CREATE).order_by("-pk")[0]
    assert created.source == AuditEvent.Source.API


def test_a_screener_registers_and_is_given_the_case_number_only(w):
    response = api_client(w.screener).post(
        API_REGISTER, register_form(), content_type="application/json"
    )
    assert response.status_code == 201
    assert response.json()["case_id"] is None and response.json()["case_number"]


@pytest.mark.parametrize(
    "overrides, field",
    [
        ({"first_name": "", "last_name": ""}, "first_name"),
        ({"mobile_phone": "12"}, "mobile_phone"),
        ({"birthdate_precision": ""}, "birthdate_precision"),
        ({"sex": "robot"}, "sex"),
        ({"supervisor": 999999}, "supervisor"),
        ({"exploitation_country": "ZZ"}, "exploitation_country"),
    ],
)
def test_a_bad_registration_names_the_field_and_writes_nothing(w, overrides, field):
    client = api_client(w.worker)
    before = Client.objects.count(), Case.objects.count(), AuditEvent.objects.count()
    response = client.post(
        API_REGISTER, register_form(**overrides), content_type="application/json"
    )
    assert response.status_code == 422, response.content
    assert field in {e["field"] for e in response.json()["errors"]}
    after = Client.objects.count(), Case.objects.count(), AuditEvent.objects.count()
    assert after == before
    assert OTHER_IDENTITY.first_name not in response.content.decode()
