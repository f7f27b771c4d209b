"""The case list, the case page and the work list, as each casework role sees them."""

from __future__ import annotations

import datetime as dt

import pytest
from django.urls import reverse
from django.utils import timezone

from pathways.casework.models import AccessEvent, BreakGlassGrant, Case, CaseNote
from pathways.casework.sealing import seal_record
from pathways.casework.tests.pages import (
    IDENTITY,
    IDENTITY_VALUES,
    NOTE_VALUES,
    SECTION_VALUES,
    browser_as,
    build_world,
)

pytestmark = pytest.mark.django_db

ALL_SECTION_TEXT = {**SECTION_VALUES, **{f"note:{k}": v for k, v in NOTE_VALUES.items()}}


@pytest.fixture
def w(kh, la):
    return build_world(kh, la)


def page(user, name: str, *args, **query) -> tuple[int, str]:
    response = browser_as(user).get(reverse(f"casework:{name}", args=args), query)
    return response.status_code, response.content.decode()


def case_page(w, user) -> tuple[int, str]:
    return page(user, "case_detail", w.case.pk)


# --- not casework users ---------------------------------------------------------------------


@pytest.mark.parametrize(
    "name", ["admin", "kh_manager", "kh_officer", "la_manager", "lscw_partner", "donor"]
)
def test_programme_personas_find_no_casework_page(personas, w, name):
    user = personas[name]
    urls = [
        reverse("casework:worklist"),
        reverse("casework:case_list"),
        reverse("casework:case_detail", args=[w.case.pk]),
        reverse("casework:intake"),
        reverse("casework:intake_register"),
        reverse("casework:access_log"),
    ]
    browser = browser_as(user)
    assert [browser.get(url).status_code for url in urls] == [404] * len(urls)
    posted = browser.post(reverse("casework:note_add", args=[w.case.pk]), {"text": "x"})
    assert posted.status_code == 404
    assert not CaseNote.objects.filter(case=w.case).exclude(pk__in=w.case.notes.values("pk"))


def test_signed_out_visitors_are_sent_to_sign_in(client, w):
    response = client.get(reverse("casework:case_list"))
    assert response.status_code == 302 and "/login/" in response["Location"]


# --- the case list --------------------------------------------------------------------------


def test_case_worker_lists_their_case_with_the_name_and_one_access_event(w):
    status, html = page(w.worker, "case_list")
    assert status == 200
    assert w.case.case_number in html and IDENTITY.first_name in html
    assert w.other_case.case_number not in html
    events = AccessEvent.objects.filter(user=w.worker, action="list_with_identifiers")
    assert [(e.client_id, e.fields) for e in events] == [(w.client.pk, ["first_name", "last_name"])]


def test_coordinator_lists_every_case_of_the_country_without_names(w):
    status, html = page(w.coordinator, "case_list")
    assert status == 200
    assert w.case.case_number in html and w.other_case.case_number in html
    assert "Shelter Alpha" in html
    for value in IDENTITY_VALUES:
        assert value not in html
    assert ">Name<" not in html
    assert not AccessEvent.objects.filter(user=w.coordinator).exists()


@pytest.mark.parametrize("role", ["agency_admin", "auditor", "statistician", "screener"])
def test_roles_without_case_content_list_no_case(w, role):
    status, html = page(getattr(w, role), "case_list")
    assert status == 200
    assert w.case.case_number not in html and "You have no cases to see." in html


def test_case_list_filters_by_status_and_number_and_pages_by_25(w, kh):
    from pathways.casework.tests.conftest import open_case_for, register, sample_identity

    for n in range(26):
        client = register(kh, w.shelter, sample_identity(first_name=f"Synthetic{n}"))
        open_case_for(client, case_worker=w.worker)
    Case.objects.filter(pk=w.case.pk).update(
        status="closed", stage="closed", closed_on=dt.date.today()
    )
    _status, html = page(w.worker, "case_list")
    assert "27 cases match." in html and "Page 1 of 2" in html
    _status, closed = page(w.worker, "case_list", status="closed")
    assert "1 case matches." in closed and w.case.case_number in closed
    _status, by_number = page(w.worker, "case_list", case_number=w.case.case_number)
    assert "1 case matches." in by_number
    # Only the page's rows were opened: 25 events for the first page.
    first_page = AccessEvent.objects.filter(user=w.worker, action="list_with_identifiers")
    assert first_page.count() == 25 + 1 + 1


# --- the case page --------------------------------------------------------------------------


def test_case_worker_sees_every_section_and_the_view_is_recorded(w):
    status, html = case_page(w, w.worker)
    assert status == 200
    for value in [*SECTION_VALUES.values(), *NOTE_VALUES.values(), IDENTITY.last_name]:
        assert value in html
    event = AccessEvent.objects.get(user=w.worker, case_id=w.case.pk)
    assert event.action == "view" and "first_name" in event.fields


def test_legal_officer_sees_legal_sections_only(w):
    status, html = case_page(w, w.lawyer)
    assert status == 200
    shown = {SECTION_VALUES["legal"], SECTION_VALUES["unlawful_acts"], NOTE_VALUES["legal"]}
    for value in shown:
        assert value in html
    hidden = set(SECTION_VALUES.values()) | set(NOTE_VALUES.values())
    for value in hidden - shown:
        assert value not in html


def test_coordinator_sees_the_summary_and_nothing_sealed(w):
    status, html = case_page(w, w.coordinator)
    assert status == 200 and w.case.case_number in html
    for value in [*SECTION_VALUES.values(), *NOTE_VALUES.values(), *IDENTITY_VALUES]:
        assert value not in html
    assert "Add a note" not in html and "Who accessed this case" not in html


@pytest.mark.parametrize(
    "role", ["colleague", "other_worker", "agency_admin", "auditor", "statistician", "screener"]
)
def test_case_out_of_reach_is_404(w, role):
    status, html = case_page(w, getattr(w, role))
    assert status == 404
    for value in SECTION_VALUES.values():
        assert value not in html


def test_break_glass_reader_sees_the_banner_and_only_safety_and_medical(w):
    grant = BreakGlassGrant(
        user=w.other_breaker,
        agency=w.other,
        case=w.case,
        reason_code="medical_emergency",
        granted_at=timezone.now(),
        expires_at=timezone.now() + dt.timedelta(hours=4),
    )
    seal_record(grant, {"reason": "Arrived at the hospital at night"})
    grant.save()
    status, html = case_page(w, w.other_breaker)
    assert status == 200
    assert "Opened under break-glass by otherbreaker until" in html
    assert SECTION_VALUES["safety"] in html and SECTION_VALUES["medical"] in html
    for key in ("exploitation", "legal", "unlawful_acts"):
        assert SECTION_VALUES[key] not in html
    assert NOTE_VALUES["notes"] not in html and "Add a note" not in html
    assert AccessEvent.objects.filter(user=w.other_breaker, action="break_glass").exists()
    # The owner's supervisor sees the running grant on the case too.
    _status, owner = case_page(w, w.supervisor)
    assert "Opened under break-glass by otherbreaker" in owner


def test_adding_a_note_saves_it_and_redirects_to_the_case(w):
    url = reverse("casework:note_add", args=[w.case.pk])
    response = browser_as(w.worker).post(url, {"section": "medical", "text": "Saw the doctor"})
    assert response.status_code == 302
    assert response["Location"] == reverse("casework:case_detail", args=[w.case.pk])
    assert w.case.notes.filter(section="medical").count() == 1
    _status, html = case_page(w, w.worker)
    assert "Saw the doctor" in html


def test_an_empty_note_is_refused_with_its_error_and_nothing_saved(w):
    url = reverse("casework:note_add", args=[w.case.pk])
    before = w.case.notes.count()
    response = browser_as(w.worker).post(url, {"section": "notes", "text": "   "})
    assert response.status_code == 200
    assert "Please correct the following" in response.content.decode()
    assert w.case.notes.count() == before


def test_legal_officer_may_write_only_legal_notes(w):
    url = reverse("casework:note_add", args=[w.case.pk])
    lawyer = browser_as(w.lawyer)
    before = w.case.notes.count()
    refused = lawyer.post(url, {"section": "medical", "text": "Not theirs to write"})
    assert refused.status_code == 200 and w.case.notes.count() == before
    assert lawyer.post(url, {"section": "legal", "text": "Filed"}).status_code == 302


def test_a_reader_who_may_write_nothing_gets_403_for_a_note(w):
    url = reverse("casework:note_add", args=[w.case.pk])
    response = browser_as(w.coordinator).post(url, {"section": "notes", "text": "Hello"})
    assert response.status_code == 403
    assert not w.case.notes.filter(written_by=w.coordinator).exists()


# --- who accessed this case -----------------------------------------------------------------


def test_case_worker_and_supervisor_see_who_accessed_the_case(w):
    case_page(w, w.lawyer)
    for reader in (w.worker, w.supervisor):
        _status, html = case_page(w, reader)
        assert "Who accessed this case" in html
        assert "lawyer" in html and "Viewed" in html and "legal_notes" in html


def test_legal_officer_and_coordinator_do_not_see_who_accessed(w):
    for reader in (w.lawyer, w.coordinator):
        _status, html = case_page(w, reader)
        assert "Who accessed this case" not in html


def test_who_accessed_is_paged(w):
    for _n in range(21):
        case_page(w, w.lawyer)
    _status, html = page(w.supervisor, "case_detail", w.case.pk)
    assert "Page 1 of 2" in html and "accessed_page=2" in html


# --- the work list and the way there ---------------------------------------------------------


def test_work_list_per_role(w):
    _s, worker = page(w.worker, "worklist")
    assert "Your open cases" in worker and w.case.case_number in worker
    _s, supervisor = page(w.supervisor, "worklist")
    assert "1 open case." in supervisor and w.case.case_number in supervisor
    _s, coordinator = page(w.coordinator, "worklist")
    assert "Shelter Alpha" in coordinator and "Shelter Beta" in coordinator
    assert w.case.case_number not in coordinator
    _s, auditor = page(w.auditor, "worklist")
    assert reverse("casework:access_log") in auditor
    _s, admin = page(w.agency_admin, "worklist")
    assert "staff page" in admin and w.case.case_number not in admin


def test_home_sends_a_casework_only_user_to_casework(w, personas):
    response = browser_as(w.worker).get("/")
    assert response.status_code == 302 and response["Location"] == reverse("casework:worklist")
    assert browser_as(personas["kh_manager"]).get("/").status_code == 200


def test_casework_link_in_the_navigation_for_casework_users_only(w, personas):
    link = f'href="{reverse("casework:worklist")}"'
    assert link in browser_as(w.worker).get(reverse("casework:case_list")).content.decode()
    other = browser_as(personas["kh_manager"]).get(reverse("home:program")).content.decode()
    assert link not in other


def test_a_casework_only_user_is_not_offered_the_programme_pages(w, personas):
    html = browser_as(w.worker).get(reverse("casework:case_list")).content.decode()
    for name in ("activities:event_list", "results:achievement_list", "home:program"):
        assert f'href="{reverse(name)}"' not in html, name
    programme = browser_as(personas["kh_manager"]).get(reverse("home:program")).content.decode()
    assert f'href="{reverse("activities:event_list")}"' in programme


def test_birthdate_and_safety_risk_read_as_people_write_them(w, kh):
    from pathways.casework.tests.conftest import open_case_for, register, sample_identity

    shelter = w.case.owner_agency
    exact = open_case_for(
        register(kh, shelter, sample_identity()), sections={"safety_risk_level": "high"}
    )
    year_only = open_case_for(
        register(kh, shelter, sample_identity(first_name="Dara"), birthdate_precision="year")
    )
    _status, html = page(w.supervisor, "case_detail", exact.pk)
    assert "14 March 2006" in html and "2006-03-14" not in html
    assert "<dd>High</dd>" in html
    _status, html = page(w.supervisor, "case_detail", year_only.pk)
    assert "<dd>2006</dd>" in html and "March 2006" not in html
