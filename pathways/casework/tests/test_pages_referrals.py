"""The referral pages (casework.md §3.4): the case page's panel and its link to refer, the
offer refused without consent (with a link to record it) and the directory's warnings
confirmed before offering, the list by box and status with late ones marked late, the work
list's offers waiting for an answer, the referral's page with one action per thing the reader
may do, each action page writing nothing on a stale version, and the receiver reading the
case's shared sections alone, until the referral is revoked."""

from __future__ import annotations

import datetime as dt

import pytest
from django.urls import reverse
from django.utils import timezone

from pathways.casework.models import Client, Referral, ServiceType
from pathways.casework.services import case_note_add, referral_accept
from pathways.casework.tests.pages import browser_as
from pathways.casework.tests.referral_helpers import consent, network, offer

pytestmark = pytest.mark.django_db
LEGAL_NOTE = "Hearing at the provincial court on Friday"
MEDICAL_NOTE = "Sprained ankle, clinic visit booked"


@pytest.fixture
def w(kh):
    w = network(kh, "Pages")
    case_note_add(actor=None, case=w.case, text=LEGAL_NOTE, section="legal")
    case_note_add(actor=None, case=w.case, text=MEDICAL_NOTE, section="medical")
    return w


def _offer_form(w, **extra) -> dict:
    values = {
        "to_agency": w.receiver.pk,
        "service_type": ServiceType.LEGAL,
        "urgency": Referral.Urgency.URGENT,
        "shared_sections": ["legal"],
        "reason": Referral.Reason.ADDITIONAL_SERVICES,
        "details": "Needs a lawyer before the hearing",
        "transport": Referral.Transport.PATHWAYS,
    }
    return {**values, **extra}


def _case_url(w) -> str:
    return reverse("casework:case_detail", args=[w.case.pk])


def _action(referral: Referral, action: str) -> str:
    return reverse("casework:referral_action", args=[referral.pk, action])


# --- the case page and the offer ----------------------------------------------------------------


def test_the_case_page_offers_to_refer_only_to_the_case_team(w):
    link = reverse("casework:referral_offer", args=[w.case.pk])
    html = browser_as(w.worker).get(_case_url(w)).content.decode()
    assert 'id="referrals"' in html and "No referral yet." in html
    assert link in html
    coordinator = browser_as(w.coordinator).get(_case_url(w)).content.decode()
    assert 'id="referrals"' in coordinator and link not in coordinator
    assert browser_as(w.coordinator).get(link).status_code == 403
    assert browser_as(w.r_supervisor).get(link).status_code == 404


def test_the_offer_form_shows_what_the_directory_says_of_each_agency(w):
    page = browser_as(w.worker).get(reverse("casework:referral_offer", args=[w.case.pk]))
    html = page.content.decode()
    entries = html[html.index('id="directory-entries"') :]
    assert f"{w.receiver.name}</span>: Legal — Nationwide; Anyone" in entries
    assert w.sender.name not in entries  # the case's own agency is not offered


def test_an_offer_without_consent_is_refused_with_a_link_to_record_it(w):
    page = browser_as(w.worker).post(
        reverse("casework:referral_offer", args=[w.case.pk]), _offer_form(w)
    )
    html = page.content.decode()
    assert page.status_code == 200
    assert "Consent for sharing is needed." in html
    assert "has not consented to sharing" in html
    assert reverse("casework:consent_add", args=[w.case.pk]) + "?kind=share_for_referral" in html
    assert not Referral.objects.exists()


def test_an_offer_with_consent_is_offered_and_shown_on_the_case(w):
    consent(w)
    browser = browser_as(w.worker)
    page = browser.post(reverse("casework:referral_offer", args=[w.case.pk]), _offer_form(w))
    referral = Referral.objects.get()
    assert page.status_code == 302
    assert page["Location"] == reverse("casework:referral_detail", args=[referral.pk])
    assert referral.status == Referral.Status.OFFERED
    assert referral.shared_sections == ["summary", "legal"]
    panel = browser.get(_case_url(w)).content.decode()
    assert reverse("casework:referral_detail", args=[referral.pk]) in panel
    assert "Offered" in panel and "Answer: Due in" in panel


def test_directory_warnings_are_confirmed_before_the_offer(w):
    consent(w)
    Client.objects.filter(pk=w.case.client_id).update(sex=Client.Sex.MALE)
    entry = w.receiver.directory_entries.get()
    entry.sexes = [Client.Sex.FEMALE]
    entry.save()
    url = reverse("casework:referral_offer", args=[w.case.pk])
    browser = browser_as(w.worker)
    page = browser.post(url, _offer_form(w))
    html = page.content.decode()
    assert page.status_code == 200
    assert "Check before you offer" in html and "is not among those" in html
    assert "Offer anyway" in html
    assert not Referral.objects.exists()
    confirmed = browser.post(url, _offer_form(w, offer_anyway="True"))
    assert confirmed.status_code == 302
    assert Referral.objects.get().status == Referral.Status.OFFERED


# --- the list and the work list -------------------------------------------------------------------


def test_the_list_shows_each_box_and_marks_a_late_one_late(w):
    consent(w)
    referral = offer(w)
    Referral.objects.filter(pk=referral.pk).update(
        respond_by=timezone.now() - dt.timedelta(hours=5)
    )
    url = reverse("casework:referral_list")
    received = browser_as(w.r_supervisor).get(url + "?box=received").content.decode()
    assert w.case.case_number in received and "Overdue by 5 hours" in received
    sent = browser_as(w.worker).get(url + "?box=sent").content.decode()
    assert w.case.case_number in sent
    assert w.case.case_number not in browser_as(w.o_supervisor).get(url).content.decode()
    country = browser_as(w.coordinator).get(url + "?box=country").content.decode()
    assert w.case.case_number in country
    escalated = browser_as(w.coordinator).get(url + "?box=escalated").content.decode()
    assert "No referral here." in escalated
    declined = browser_as(w.r_supervisor).get(url + "?box=received&status=declined")
    assert "No referral here." in declined.content.decode()


def test_the_work_list_shows_offers_waiting_for_the_receiver(w):
    consent(w)
    referral = offer(w)
    html = browser_as(w.r_worker).get(reverse("casework:worklist")).content.decode()
    assert "Referrals waiting for your answer" in html
    assert reverse("casework:referral_detail", args=[referral.pk]) in html
    sender = browser_as(w.worker).get(reverse("casework:worklist")).content.decode()
    assert "Referrals waiting for your answer" not in sender


# --- the referral page and its actions -----------------------------------------------------------


def test_the_referral_page_offers_each_side_its_own_actions(w):
    consent(w)
    referral = offer(w)
    url = reverse("casework:referral_detail", args=[referral.pk])
    receiver = browser_as(w.r_supervisor).get(url).content.decode()
    assert _action(referral, "accept") in receiver and _action(referral, "decline") in receiver
    assert _action(referral, "revoke") not in receiver
    assert "Needs a lawyer for the hearing on Friday" in receiver
    sender = browser_as(w.worker).get(url).content.decode()
    assert _action(referral, "revoke") in sender and _action(referral, "accept") not in sender
    coordinator = browser_as(w.coordinator).get(url).content.decode()
    assert 'id="referral-actions"' not in coordinator
    assert browser_as(w.coordinator).get(_action(referral, "accept")).status_code == 403
    assert browser_as(w.o_supervisor).get(url).status_code == 404


def test_a_stale_accept_writes_nothing_and_says_why(w):
    consent(w)
    referral = offer(w)
    referral_decline_by_another = browser_as(w.r_worker).post(
        _action(referral, "decline"), {"version": referral.version, "reason": "no_capacity"}
    )
    assert referral_decline_by_another.status_code == 302
    page = browser_as(w.r_supervisor).post(
        _action(referral, "accept"), {"version": referral.version}
    )
    assert page.status_code == 409
    assert "Someone else acted on this referral" in page.content.decode()
    referral.refresh_from_db()
    assert referral.status == Referral.Status.DECLINED and referral.to_user is None


def test_declining_for_another_reason_needs_a_note(w):
    consent(w)
    referral = offer(w)
    page = browser_as(w.r_supervisor).post(
        _action(referral, "decline"), {"version": referral.version, "reason": "other"}
    )
    assert page.status_code == 200
    assert "Say why in a note" in page.content.decode()
    assert Referral.objects.get().status == Referral.Status.OFFERED


def test_the_receiver_reads_the_shared_sections_alone_until_the_referral_is_revoked(w):
    consent(w)
    referral = offer(w)
    receiver = browser_as(w.r_supervisor)
    assert receiver.get(_case_url(w)).status_code == 404  # an offer shows no case
    accepted = receiver.post(
        _action(referral, "accept"),
        {"version": referral.version, "complete_by": str(dt.date.today() + dt.timedelta(days=9))},
    )
    assert accepted.status_code == 302
    html = receiver.get(_case_url(w)).content.decode()
    assert LEGAL_NOTE in html and MEDICAL_NOTE not in html
    referral.refresh_from_db()
    revoked = browser_as(w.worker).post(_action(referral, "revoke"), {"version": referral.version})
    assert revoked.status_code == 302
    assert receiver.get(_case_url(w)).status_code == 404


def test_a_message_joins_the_thread_both_sides_read(w):
    consent(w)
    referral = offer(w)
    sent = browser_as(w.r_worker).post(
        _action(referral, "message"), {"note": "Can the person come on Monday?"}
    )
    assert sent.status_code == 302
    html = browser_as(w.worker).get(reverse("casework:referral_detail", args=[referral.pk]))
    assert "Can the person come on Monday?" in html.content.decode()


def test_completion_is_written_back_on_the_senders_case(w):
    consent(w)
    referral = offer(w)
    referral_accept(actor=w.r_supervisor, referral=referral, version=referral.version)
    receiver = browser_as(w.r_supervisor)
    referral.refresh_from_db()
    first = receiver.post(_action(referral, "record_first_contact"), {"version": referral.version})
    assert first.status_code == 302
    referral.refresh_from_db()
    done = receiver.post(
        _action(referral, "complete"),
        {"version": referral.version, "outcome": "delivered_fully", "feedback": "Went well"},
    )
    assert done.status_code == 302
    case_page = browser_as(w.worker).get(_case_url(w)).content.decode()
    assert "Completed" in case_page
    referral.refresh_from_db()
    closed = browser_as(w.worker).post(
        _action(referral, "acknowledge"), {"version": referral.version}
    )
    assert closed.status_code == 302
    assert Referral.objects.get().status == Referral.Status.CLOSED
