"""Intake: searching without disclosure, the rate limit and its log, and registration."""

from __future__ import annotations

import pytest
from django.core import signing
from django.urls import reverse

from pathways.audit.models import AuditEvent
from pathways.casework.models import Case, Client, IntakeSearch
from pathways.casework.tests.pages import IDENTITY, OTHER_IDENTITY, browser_as, build_world

pytestmark = pytest.mark.django_db
SEARCH = reverse("casework:intake")
REGISTER = reverse("casework:intake_register")


@pytest.fixture
def w(kh, la):
    return build_world(kh, la)


def search(user, **values) -> tuple[int, str]:
    response = browser_as(user).post(SEARCH, values)
    return response.status_code, response.content.decode()


def other_identifiers() -> list[str]:
    """The other agency's record's identifiers a searcher did not type (what they typed, the
    form shows back to them)."""
    o = OTHER_IDENTITY
    return [o.local_script_name, o.email, "Kampot", "+85597", "097 111", "2006-03-14"]


@pytest.mark.parametrize("role", ["worker", "supervisor", "screener"])
def test_registering_roles_reach_intake(w, role):
    assert browser_as(getattr(w, role)).get(SEARCH).status_code == 200
    assert browser_as(getattr(w, role)).get(REGISTER).status_code == 200


@pytest.mark.parametrize(
    "role", ["coordinator", "agency_admin", "auditor", "statistician", "lawyer"]
)
def test_other_casework_roles_get_403(w, role):
    assert browser_as(getattr(w, role)).get(SEARCH).status_code == 403
    assert browser_as(getattr(w, role)).post(REGISTER, {}).status_code == 403


def test_a_name_alone_is_refused_naming_what_is_missing(w):
    status, html = search(w.worker, name="Sreyneang Chhorvann")
    assert status == 200
    assert "give a phone, an identity number or a birth year" in html
    assert not IntakeSearch.objects.exists()


def test_own_agency_match_links_to_the_case(w):
    status, html = search(w.worker, name="Chhorvann Sreyneang", phone="+855 12 345 678")
    assert status == 200
    assert reverse("casework:case_detail", args=[w.case.pk]) in html
    assert "phone, name and birth year" not in html  # no birth year given
    assert "matched on phone" in html


def test_match_at_another_agency_names_only_the_agency(w):
    status, html = search(
        w.worker, name="Bopha Kimsour", identity_number="k7788 9900", birth_year="2006"
    )
    assert status == 200
    assert (
        "A possible existing record at Shelter Beta; ask them to refer the person to you." in html
    )
    assert "identity number, name and birth year" in html
    assert w.other_case.case_number not in html
    assert reverse("casework:case_detail", args=[w.other_case.pk]) not in html
    for value in other_identifiers():
        assert value not in html
    assert "break-glass" not in html


def test_break_glass_link_carries_a_signed_token_of_the_case_and_the_user(w):
    from urllib.parse import parse_qs, urlsplit

    _status, html = search(w.other_breaker, name="Sreyneang Chhorvann", birth_year="2006")
    assert "A possible existing record at Shelter Alpha" in html
    for value in [IDENTITY.email, "N0123", w.case.case_number]:
        assert value not in html
    assert "Emergency: open under break-glass" in html
    start = reverse("casework:break_glass_start")
    href = html.split(f'href="{start}')[1].split('"')[0]
    token = parse_qs(urlsplit(href.replace("&amp;", "&")).query)["token"][0]
    assert signing.loads(token, salt="casework.break_glass") == {
        "case": w.case.pk,
        "user": w.other_breaker.pk,
    }
    # A user without the capability gets no such link.
    _status, html = search(w.other_worker, name="Sreyneang Chhorvann", birth_year="2006")
    assert "A possible existing record at Shelter Alpha" in html
    assert "break-glass" not in html


def test_no_match_says_so(w):
    _status, html = search(w.worker, name="Nobody Known", phone="011 999 888")
    assert "No existing record matches." in html


def test_searches_are_logged_by_kind_and_count_never_values(w):
    search(w.worker, name="Bopha Kimsour", phone="097 111 2233", birth_year="2006")
    logged = IntakeSearch.objects.get()
    assert logged.user == w.worker and logged.agency_id == w.shelter.pk
    assert logged.kinds == ["name", "phone", "birth_year"] and logged.matches == 1
    row = str(IntakeSearch.objects.values().get())
    for value in ["Bopha", "Kimsour", "097", "1112233", "2006"]:
        assert value not in row


def test_searches_past_the_limit_are_refused_and_not_run(w, settings):
    settings.CASEWORK_INTAKE_SEARCHES_PER_10_MIN = 2
    for _n in range(2):
        assert search(w.worker, name="Bopha Kimsour", phone="097 111 2233")[0] == 200
    status, html = search(w.worker, name="Bopha Kimsour", phone="097 111 2233")
    assert status == 429
    assert "You have made 2 searches in the last ten minutes, the most allowed." in html
    assert "Shelter Beta" not in html
    assert IntakeSearch.objects.count() == 2
    # Another user's limit is their own.
    assert search(w.supervisor, name="Bopha Kimsour", phone="097 111 2233")[0] == 200


def register_form(**overrides) -> dict[str, str]:
    return {
        "first_name": "Dara",
        "last_name": "Synthetic",
        "mobile_phone": "016 222 333",
        "birthdate": "2007-02-01",
        "birthdate_precision": "day",
        "sex": "female",
        "age_band": "18-24",
        "nationality": "kh",
        "exploitation_type": "ForcedLabour",
        **overrides,
    }


def test_case_worker_registers_a_person_and_lands_on_their_new_case(w):
    response = browser_as(w.worker).post(REGISTER, register_form(supervisor=str(w.supervisor.pk)))
    case = Case.objects.order_by("-id").first()
    assert response.status_code == 302
    assert response["Location"] == reverse("casework:case_detail", args=[case.pk])
    assert case.case_worker == w.worker and case.supervisor == w.supervisor
    assert case.owner_agency == w.shelter and case.exploitation_type == "ForcedLabour"
    assert case.client.nationality == "KH"
    html = browser_as(w.worker).get(response["Location"]).content.decode()
    assert "Dara" in html and "+85516222333" in html


def test_screener_registers_and_returns_to_intake(w):
    response = browser_as(w.screener).post(REGISTER, register_form())
    assert response.status_code == 302 and response["Location"] == SEARCH
    case = Case.objects.order_by("-id").first()
    assert case.case_worker is None and case.client.created_by == w.screener


@pytest.mark.parametrize(
    "overrides, field_error",
    [
        ({"first_name": "", "last_name": ""}, "Give at least one name"),
        ({"mobile_phone": "12"}, "Enter a valid phone number"),
        ({"birthdate_precision": ""}, "Give the birthdate"),
        ({"identity_number": "N1"}, "Give the identity document"),
        ({"sex": "robot"}, "Select a valid choice"),
        ({"supervisor": "999999"}, "Select a valid choice"),
    ],
)
def test_bad_registration_shows_the_error_and_writes_nothing(w, overrides, field_error):
    clients, cases, audit = Client.objects.count(), Case.objects.count(), AuditEvent.objects.count()
    response = browser_as(w.worker).post(REGISTER, register_form(**overrides))
    assert response.status_code == 200
    html = response.content.decode()
    assert "Please correct the following" in html and field_error in html
    assert (Client.objects.count(), Case.objects.count()) == (clients, cases)
    assert AuditEvent.objects.count() == audit


def test_a_supervisor_of_another_agency_is_refused(w):
    before = Client.objects.count()
    response = browser_as(w.worker).post(
        REGISTER, register_form(supervisor=str(w.other_breaker.pk))
    )
    assert response.status_code == 200 and Client.objects.count() == before
