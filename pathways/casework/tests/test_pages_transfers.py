"""The transfer pages: the case page's "Transfer to another agency" link and its transfers;
asking (refused on the form without consent, nothing written); the receiving supervisor's
list, work list and transfer page with the reason; accepting with a case worker of the new
agency; a stale form told, nothing written; rejecting and revoking; 404 for other agencies,
403 for a reader who may not act."""

from __future__ import annotations

import pytest
from django.urls import reverse

from pathways.casework.models import AccessEvent, Case, Transfer
from pathways.casework.tests.conftest import make_agency, staff
from pathways.casework.tests.pages import browser_as
from pathways.casework.tests.transfer_helpers import (
    MEDICAL,
    REASON,
    REJECTION,
    requested,
    transfer_consent,
    transfer_world,
)

pytestmark = pytest.mark.django_db


@pytest.fixture
def w(kh):
    return transfer_world(kh)


def case_url(w) -> str:
    return reverse("casework:case_detail", args=[w.case.pk])


def act(transfer, action) -> str:
    return reverse("casework:transfer_action", args=[transfer.pk, action])


def test_the_case_page_offers_the_transfer_to_the_case_team_only(w):
    link = reverse("casework:transfer_new", args=[w.case.pk])
    html = browser_as(w.worker).get(case_url(w)).content.decode()
    assert 'id="transfers"' in html and link in html
    assert "The case has never been transferred." in html
    assert link not in browser_as(w.legal).get(case_url(w)).content.decode()
    assert browser_as(w.legal).get(link).status_code == 403
    assert browser_as(w.receiver_sup).get(link).status_code == 404


def test_asking_without_consent_is_refused_on_the_form_and_nothing_is_written(w):
    page = browser_as(w.worker).post(
        reverse("casework:transfer_new", args=[w.case.pk]),
        {"to_agency": w.receiver.pk, "reason": REASON},
    )
    assert page.status_code == 200
    html = page.content.decode()
    assert "error-summary" in html and "record their consent to transfer the case" in html
    assert not Transfer.objects.exists()


def test_asking_with_consent_shows_the_transfer_and_the_case_lists_it(w):
    transfer_consent(w)
    page = browser_as(w.worker).post(
        reverse("casework:transfer_new", args=[w.case.pk]),
        {"to_agency": w.receiver.pk, "reason": REASON},
    )
    transfer = Transfer.objects.get()
    assert page.status_code == 302
    assert page["Location"] == reverse("casework:transfer_detail", args=[transfer.pk])
    html = browser_as(w.worker).get(case_url(w)).content.decode()
    assert reverse("casework:transfer_detail", args=[transfer.pk]) in html
    assert "Requested" in html and REASON not in html


def test_the_receiving_supervisor_finds_it_on_the_work_list_and_reads_the_reason(w):
    transfer = requested(w)
    browser = browser_as(w.receiver_sup)
    worklist = browser.get(reverse("casework:worklist")).content.decode()
    assert "Transfers waiting for your decision" in worklist
    assert w.case.case_number in worklist
    listing = browser.get(reverse("casework:transfer_list")).content.decode()
    assert reverse("casework:transfer_detail", args=[transfer.pk]) in listing
    html = browser.get(reverse("casework:transfer_detail", args=[transfer.pk])).content.decode()
    assert REASON in html and MEDICAL not in html
    assert act(transfer, "accept") in html and act(transfer, "reject") in html
    assert act(transfer, "revoke") not in html
    assert AccessEvent.objects.filter(
        user=w.receiver_sup, case_id=w.case.pk, fields=["transfer.reason"]
    ).exists()
    # Not the case itself, until accepted.
    assert browser.get(case_url(w)).status_code == 404


def test_accepting_with_a_worker_moves_the_case_and_the_old_team_reads_the_summary(w):
    transfer = requested(w)
    page = browser_as(w.receiver_sup).post(
        act(transfer, "accept"),
        {"accept-version": "0", "accept-case_worker": w.receiver_worker.pk},
    )
    assert page.status_code == 302 and page["Location"] == case_url(w)
    case = Case.objects.get(pk=w.case.pk)
    assert case.owner_agency == w.receiver and case.case_worker == w.receiver_worker
    new = browser_as(w.receiver_worker).get(case_url(w)).content.decode()
    assert MEDICAL in new
    old = browser_as(w.worker).get(case_url(w))
    assert old.status_code == 200 and MEDICAL not in old.content.decode()
    assert "Add a note" not in old.content.decode()
    assert browser_as(w.colleague).get(case_url(w)).status_code == 404


def test_a_stale_form_is_told_and_nothing_is_written(w):
    transfer = requested(w)
    page = browser_as(w.receiver_sup).post(act(transfer, "accept"), {"accept-version": "5"})
    assert page.status_code == 409
    assert "Someone else acted on this transfer" in page.content.decode()
    assert Transfer.objects.get(pk=transfer.pk).status == Transfer.Status.REQUESTED
    assert Case.objects.get(pk=w.case.pk).owner_agency == w.shelter


def test_rejecting_needs_a_reason_and_the_requester_reads_it(w):
    transfer = requested(w)
    browser = browser_as(w.receiver_sup)
    empty = browser.post(act(transfer, "reject"), {"reject-version": "0", "reject-reason": ""})
    assert empty.status_code == 200 and "error-summary" in empty.content.decode()
    assert Transfer.objects.get(pk=transfer.pk).status == Transfer.Status.REQUESTED
    done = browser.post(
        act(transfer, "reject"), {"reject-version": "0", "reject-reason": REJECTION}
    )
    assert done.status_code == 302
    html = browser_as(w.worker).get(reverse("casework:transfer_detail", args=[transfer.pk]))
    assert REJECTION in html.content.decode() and "Rejected" in html.content.decode()


def test_the_requester_revokes_and_the_receiver_may_not(w):
    transfer = requested(w)
    refused = browser_as(w.receiver_sup).post(act(transfer, "revoke"), {"revoke-version": "0"})
    assert refused.status_code == 403
    done = browser_as(w.worker).post(act(transfer, "revoke"), {"revoke-version": "0"})
    assert done.status_code == 302
    assert Transfer.objects.get(pk=transfer.pk).status == Transfer.Status.REVOKED


def test_another_agency_finds_no_transfer(w, kh):
    transfer = requested(w)
    from pathways.casework.models import CaseworkRole

    stranger = staff(make_agency(kh, "Stranger"), CaseworkRole.CASE_SUPERVISOR, "tr-str")
    browser = browser_as(stranger)
    assert browser.get(reverse("casework:transfer_detail", args=[transfer.pk])).status_code == 404
    assert browser.post(act(transfer, "accept"), {"accept-version": "0"}).status_code == 404
    assert w.case.case_number not in browser.get(reverse("casework:transfer_list")).content.decode()
