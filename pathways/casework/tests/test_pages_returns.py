"""The return pages (casework.md §3.6): "Return to home country" on the case page, the return's
page with its steps and the forms its reader may use, a stale form told and nothing written,
the coordinators' list under both countries' scopes, and no personal data on any of them."""

from __future__ import annotations

import datetime as dt

import pytest
from django.urls import reverse

from pathways.casework.models import ReturnRequest
from pathways.casework.services.return_request import return_request
from pathways.casework.services.returns import return_start_verification
from pathways.casework.tests.pages import browser_as
from pathways.casework.tests.return_helpers import return_world
from pathways.casework.tests.test_returns import PERSONAL

pytestmark = pytest.mark.django_db
H = ReturnRequest.Status


def text(response) -> str:
    return response.content.decode()


def test_the_case_page_offers_the_return_and_the_request_form_asks_it():
    w = return_world()
    browser = browser_as(w.worker)
    case_page = text(browser.get(reverse("casework:case_detail", args=[w.case.pk])))
    assert "Return to home country" in case_page
    url = reverse("casework:return_request", args=[w.case.pk])
    form = browser.get(url)
    assert form.status_code == 200 and 'name="csrfmiddlewaretoken"' in text(form)
    assert 'for="id_to_country"' in text(form)
    response = browser.post(url, {"to_country": w.kh.pk})
    ret = ReturnRequest.objects.get()
    assert response.status_code == 302
    assert response["Location"] == reverse("casework:return_detail", args=[ret.pk])
    assert (ret.status, ret.to_country) == (H.REQUESTED, w.kh)
    # The case page's returns panel links it.
    case_page = text(browser.get(reverse("casework:case_detail", args=[w.case.pk])))
    assert reverse("casework:return_detail", args=[ret.pk]) in case_page


def test_a_refused_request_says_why_and_writes_nothing():
    w = return_world(consent=False)
    browser = browser_as(w.worker)
    response = browser.post(
        reverse("casework:return_request", args=[w.case.pk]), {"to_country": w.kh.pk}
    )
    assert response.status_code == 200
    assert "consent to move their case" in text(response)
    assert "error-summary" in text(response)
    assert not ReturnRequest.objects.exists()


def test_the_return_page_shows_steps_and_forms_and_a_stale_form_writes_nothing():
    w = return_world()
    ret = return_request(actor=w.worker, case=w.case, to_country=w.kh)
    browser = browser_as(w.worker)
    page_url = reverse("casework:return_detail", args=[ret.pk])
    page = text(browser.get(page_url))
    assert "Start the nationality verification" in page and "Requested" in page
    step = reverse("casework:return_action", args=[ret.pk, "start_verification"])
    assert browser.post(step, {"start_verification-version": 0}).status_code == 302
    ret.refresh_from_db()
    assert ret.status == H.NATIONALITY_VERIFICATION
    page = text(browser.get(page_url))
    assert "Record: nationality verified" in page and "Verification due" in page
    # A second tab still at version 0: told, nothing written.
    stale = browser.post(
        reverse("casework:return_action", args=[ret.pk, "find_not_national"]),
        {"find_not_national-version": 0},
    )
    assert stale.status_code == 409 and "Someone else acted on this return" in text(stale)
    ret.refresh_from_db()
    assert ret.status == H.NATIONALITY_VERIFICATION


def test_a_hold_form_needs_its_reason():
    w = return_world()
    ret = return_request(actor=w.worker, case=w.case, to_country=w.kh)
    browser = browser_as(w.worker)
    url = reverse("casework:return_action", args=[ret.pk, "flag_safety_risk"])
    response = browser.post(url, {"flag_safety_risk-version": ret.version})
    assert response.status_code == 400 and "error-summary" in text(response)
    ret.refresh_from_db()
    assert ret.status == H.REQUESTED


def test_the_home_coordinator_sees_the_facts_not_the_case_and_answers_the_verification():
    w = return_world()
    ret = return_request(actor=w.worker, case=w.case, to_country=w.kh)
    return_start_verification(actor=w.worker, ret=ret, version=ret.version)
    home = browser_as(w.kh_nrm)
    page = home.get(reverse("casework:return_detail", args=[ret.pk]))
    assert page.status_code == 200
    shown = text(page)
    assert w.case.case_number in shown and "Record: nationality verified" in shown
    assert "Start the nationality verification" not in shown
    assert reverse("casework:case_detail", args=[w.case.pk]) not in shown
    for value in PERSONAL:
        assert value not in shown
    assert home.get(reverse("casework:case_detail", args=[w.case.pk])).status_code == 404
    # Both coordinators list it; Laos's does not; a case worker has no such list.
    for user in (w.kh_nrm, w.th_nrm):
        listed = browser_as(user).get(reverse("casework:return_list"))
        assert listed.status_code == 200 and w.case.case_number in text(listed)
    lao = browser_as(w.la_nrm)
    assert w.case.case_number not in text(lao.get(reverse("casework:return_list")))
    assert lao.get(reverse("casework:return_detail", args=[ret.pk])).status_code == 404
    assert browser_as(w.worker).get(reverse("casework:return_list")).status_code == 403
    answered = home.post(
        reverse("casework:return_action", args=[ret.pk, "verify_nationality"]),
        {"verify_nationality-version": ret.version},
    )
    assert answered.status_code == 302
    ret.refresh_from_db()
    assert ret.status == H.DOCUMENTS_PENDING


def test_a_late_verification_is_shown_late_whether_the_job_ran_or_not():
    w = return_world()
    ret = return_request(actor=w.worker, case=w.case, to_country=w.kh)
    return_start_verification(actor=w.worker, ret=ret, version=ret.version)
    ReturnRequest.objects.filter(pk=ret.pk).update(
        verification_due=dt.date.today() - dt.timedelta(days=1)
    )
    listed = text(browser_as(w.th_nrm).get(reverse("casework:return_list")))
    assert "late" in listed
    filtered = browser_as(w.th_nrm).get(reverse("casework:return_list"), {"status": "closed"})
    assert w.case.case_number not in text(filtered)
