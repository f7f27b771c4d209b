"""The consent pages: the case page's panel (tier 1, no sealed words), recording a consent
(the kind first, then its fields; errors named per field, nothing written), the consent as
explained to the person in their language, withdrawal revoking an open referral, the override
for a supervisor alone; 404 for another agency, 403 for a reader who may not write."""

from __future__ import annotations

from pathlib import Path

import pytest
from django.urls import reverse

from pathways.casework.indicators import load_file
from pathways.casework.models import (
    AccessEvent,
    ConsentOverride,
    ConsentRecord,
    Referral,
    ServiceType,
)
from pathways.casework.services import consent_record
from pathways.casework.tests.pages import browser_as, build_world

pytestmark = pytest.mark.django_db
NOTE = "Understood the sharing with Legal Aid Zephyr"
SCRIPT = Path(__file__).resolve().parents[1] / "indicator_sets" / "consent-interview.json"


@pytest.fixture
def w(kh, la):
    return build_world(kh, la)


def _consent(w, **extra) -> ConsentRecord:
    values = {
        "actor": w.worker,
        "case": w.case,
        "kind": ConsentRecord.Kind.SHARE_FOR_REFERRAL,
        "decision": "given",
        "given_by": "child_assent_and_guardian",
        "child_assent": True,
        "guardian_relationship": "parent",
        "method": "thumbprint",
        "language": "km",
        "interpreter_used": True,
        "capacity_note": NOTE,
        "recipient_agencies": [w.other],
        "sections": ["summary", "medical"],
    }
    return consent_record(**{**values, **extra})


def _form(w, **extra) -> dict:
    values = {
        "kind": "share_for_referral",
        "decision": "given",
        "given_by": "child_assent_and_guardian",
        "child_assent": "on",
        "guardian_relationship": "parent",
        "method": "verbal",
        "language": "km",
        "interpreter_used": "no",
        "capacity_note": NOTE,
        "recipient_agencies": [w.other.pk],
        "sections": ["summary", "medical"],
    }
    return {**values, **extra}


def test_the_case_page_lists_consents_without_their_words(w):
    _consent(w)
    page = browser_as(w.worker).get(reverse("casework:case_detail", args=[w.case.pk]))
    html = page.content.decode()
    assert 'id="consents"' in html
    assert "To share information for a referral" in html
    assert "Thumbprint" in html and "Until the case closes" in html
    assert NOTE not in html
    assert reverse("casework:consent_add", args=[w.case.pk]) in html
    # The case worker holds no override capability; the supervisor does.
    assert reverse("casework:consent_override", args=[w.case.pk]) not in html
    page = browser_as(w.supervisor).get(reverse("casework:case_detail", args=[w.case.pk]))
    assert reverse("casework:consent_override", args=[w.case.pk]) in page.content.decode()


def test_recording_asks_the_kind_then_shows_the_fields_it_needs(w):
    browser = browser_as(w.worker)
    url = reverse("casework:consent_add", args=[w.case.pk])
    first = browser.get(url).content.decode()
    assert 'name="kind"' in first and 'name="capacity_note"' not in first
    interview = browser.get(url, {"kind": "interview"}).content.decode()
    assert 'name="capacity_note"' in interview and 'name="sections"' not in interview
    # The client is a child: no "the person" choice, the guardian's fields shown.
    assert 'name="guardian_relationship"' in interview
    assert 'value="person"' not in interview
    sharing = browser.get(url, {"kind": "share_for_referral"}).content.decode()
    assert 'name="sections"' in sharing and 'name="recipient_agencies"' in sharing


def test_recording_a_consent_and_reading_its_words_is_recorded(w):
    load_file(SCRIPT)
    browser = browser_as(w.worker)
    response = browser.post(reverse("casework:consent_add", args=[w.case.pk]), _form(w))
    consent = ConsentRecord.objects.get(case=w.case)
    assert response.status_code == 302
    assert response["Location"] == reverse("casework:consent_detail", args=[w.case.pk, consent.pk])
    assert consent.recorded_by == w.worker and consent.sections == ["summary", "medical"]
    page = browser.get(response["Location"]).content.decode()
    assert NOTE in page
    assert "Shelter Beta" in page and "Medical" in page
    # The consent script's withdrawal item, in the person's language (Khmer).
    assert 'lang="km"' in page
    events = AccessEvent.objects.filter(case_id=w.case.pk, user=w.worker)
    assert any("consent.capacity_note" in event.fields for event in events)


def test_a_missing_capacity_note_is_named_and_nothing_written(w):
    browser = browser_as(w.worker)
    url = reverse("casework:consent_add", args=[w.case.pk])
    response = browser.post(url, _form(w, capacity_note=""))
    assert response.status_code == 200
    assert 'id="id_capacity_note_error"' in response.content.decode()
    response = browser.post(url, _form(w, child_assent=""))
    html = response.content.decode()
    assert response.status_code == 200
    assert 'id="id_child_assent_error"' in html and "Record that the child assents." in html
    assert not ConsentRecord.objects.exists()


def test_withdrawing_revokes_an_open_referral(w):
    consent = _consent(w)
    referral = Referral.objects.create(
        country=w.case.country,
        case=w.case,
        from_agency=w.shelter,
        from_user=w.worker,
        to_agency=w.other,
        service_type=ServiceType.LEGAL,
        urgency="urgent",
        consent_record=consent,
        status="accepted",
        data_key_id="none",
    )
    browser = browser_as(w.worker)
    url = reverse("casework:consent_withdraw", args=[w.case.pk, consent.pk])
    assert "One open referral relies on this consent" in browser.get(url).content.decode()
    refused = browser.post(url, {"version": consent.version, "note": "Changed her mind"})
    assert refused.status_code == 200  # the confirmation is required
    response = browser.post(
        url, {"version": consent.version, "note": "Changed her mind", "confirm": "on"}
    )
    assert response.status_code == 302
    referral.refresh_from_db()
    consent.refresh_from_db()
    assert consent.withdrawn_at is not None
    assert referral.status == "revoked" and referral.access_expires_at is not None


def test_only_a_supervisor_overrides(w):
    url = reverse("casework:consent_override", args=[w.case.pk])
    form = {"kind": "share_for_referral", "legal_basis": "vital_interests", "reason": "Danger"}
    assert browser_as(w.worker).post(url, form).status_code == 403
    assert browser_as(w.supervisor).get(url).status_code == 200
    missing = browser_as(w.supervisor).post(url, {**form, "reason": ""})
    assert missing.status_code == 200 and not ConsentOverride.objects.exists()
    response = browser_as(w.supervisor).post(url, form)
    assert response.status_code == 302
    assert ConsentOverride.objects.filter(case=w.case, by=w.supervisor).exists()


def test_another_agency_finds_nothing_and_a_reader_may_not_write(w):
    consent = _consent(w)
    urls = [
        reverse("casework:consent_add", args=[w.case.pk]),
        reverse("casework:consent_detail", args=[w.case.pk, consent.pk]),
        reverse("casework:consent_withdraw", args=[w.case.pk, consent.pk]),
        reverse("casework:consent_override", args=[w.case.pk]),
    ]
    outsider = browser_as(w.other_worker)
    assert [outsider.get(url).status_code for url in urls] == [404, 404, 404, 404]
    lawyer = browser_as(w.lawyer)
    assert [lawyer.get(url).status_code for url in urls] == [403, 200, 403, 403]
    # The lawyer reads the consent but not its words (the case's notes are not theirs).
    assert NOTE not in lawyer.get(urls[1]).content.decode()
    # A consent of another case is not found through this one.
    other = reverse("casework:consent_detail", args=[w.other_case.pk, consent.pk])
    assert browser_as(w.other_worker).get(other).status_code == 404
