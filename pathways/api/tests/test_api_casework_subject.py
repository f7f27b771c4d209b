"""The person's own data through the API (casework.md §7.5): what is held about them, for
their case worker or supervisor to give them, every opening in the access log as read
through the API; their identifiers corrected at their request, audited by field names
only; refused to the case's other readers (403) and to anyone else (404). And a trafficking
event changed through the API, as its page changes it."""

from __future__ import annotations

import json
from types import SimpleNamespace

import pytest
from django.contrib.contenttypes.models import ContentType

from pathways.api.tests.factories import api_client
from pathways.audit.models import AuditEvent
from pathways.casework import sealing
from pathways.casework.models import AccessEvent, CaseworkRole, Client, TraffickingEvent
from pathways.casework.services import case_note_add, trafficking_event_save
from pathways.casework.tests.conftest import make_agency, open_case_for, register, staff
from pathways.programs.models import Country

pytestmark = pytest.mark.django_db

NOTE = "Sreyneang asked to be called by her nickname"
REASON = "Her family name is spelt with one n; a new phone"


@pytest.fixture
def w(db):
    kh = Country.objects.get(code="KH")
    agency = make_agency(kh)
    people = {
        "worker": staff(agency, CaseworkRole.CASE_WORKER),
        "colleague": staff(agency, CaseworkRole.CASE_WORKER),
        "supervisor": staff(agency, CaseworkRole.CASE_SUPERVISOR),
        "lawyer": staff(agency, CaseworkRole.LEGAL_OFFICER),
        "other_worker": staff(make_agency(kh), CaseworkRole.CASE_WORKER),
    }
    case = open_case_for(
        register(kh, agency),
        case_worker=people["worker"],
        sections={"safe_location": "Aunt's house in Battambang"},
    )
    case_note_add(actor=people["worker"], case=case, text=NOTE)
    return SimpleNamespace(case=case, agency=agency, **people)


def held_url(w) -> str:
    return f"/api/v1/casework/cases/{w.case.pk}/held/"


def identity_url(w) -> str:
    return f"/api/v1/casework/cases/{w.case.pk}/identity/"


def correction(**identity) -> dict:
    values = {
        "first_name": "Sreyneang",
        "last_name": "Chhorvan",
        "local_script_name": "ស្រីនាង ឆវណ្ណ",
        "birthdate": "2006-03-14",
        "identity_number": "N0123-4567",
        "mobile_phone": "012 345 679",
        "email": "sreyneang@example.org",
        "address": "House 12, Street 271\nPhnom Penh",
        **identity,
    }
    return {
        "identity": values,
        "birthdate_precision": "day",
        "identity_document_type": "national_id",
        "reason": REASON,
    }


def post(user, url: str, body: dict):
    return api_client(user).post(url, body, content_type="application/json")


def subject_events() -> list[AccessEvent]:
    return list(AccessEvent.objects.filter(action=AccessEvent.Action.SUBJECT_ACCESS))


@pytest.mark.parametrize("who", ["worker", "supervisor"])
def test_the_case_worker_and_supervisor_get_everything_held_and_it_is_logged(w, who):
    response = api_client(getattr(w, who)).get(held_url(w))
    assert response.status_code == 200, response.content
    values = [row["value"] for group in response.json() for row in group["values"]]
    for value in ("Sreyneang", "Chhorvann", "Aunt's house in Battambang", NOTE):
        assert value in values
    [event] = subject_events()
    assert (event.user, event.case_id, event.via) == (getattr(w, who), w.case.pk, "api")
    assert "first_name" in event.fields and "notes.notes" in event.fields


@pytest.mark.parametrize(("who", "status"), [("colleague", 404), ("lawyer", 403)])
def test_others_neither_read_nor_correct_it(w, who, status):
    user = getattr(w, who)
    assert api_client(user).get(held_url(w)).status_code == status
    assert post(user, identity_url(w), correction()).status_code == status
    assert api_client(w.other_worker).get(held_url(w)).status_code == 404
    assert not subject_events()
    held = sealing.identity_unrecorded(Client.objects.get(), ["last_name"])
    assert held.last_name == "Chhorvann"


def test_the_case_worker_corrects_identifiers_audited_without_values(w):
    before = AuditEvent.objects.count()
    response = post(w.worker, identity_url(w), correction())
    assert response.status_code == 200, response.content
    assert response.json() == {"changed": ["last_name", "mobile_phone"]}
    held = sealing.identity_unrecorded(Client.objects.get(), ["last_name", "mobile_phone"])
    assert (held.last_name, held.mobile_phone) == ("Chhorvan", "+85512345679")
    events = list(AuditEvent.objects.order_by("id")[before:])
    update = next(e for e in events if e.object_repr.startswith("casework.Client"))
    assert update.changes == {"fields": ["last_name", "mobile_phone"]}
    assert update.source == AuditEvent.Source.API
    written = json.dumps([[e.object_repr, e.changes] for e in events], ensure_ascii=False)
    for value in ("Chhorvan", "345 679", "spelt", "Sreyneang"):
        assert value not in written
    logged = AccessEvent.objects.get(action=AccessEvent.Action.UPDATE)
    assert logged.fields == ["last_name", "mobile_phone"] and logged.via == "api"


def test_a_correction_without_a_reason_or_a_change_writes_nothing(w):
    content_type = ContentType.objects.get_for_model(Client)
    audited = AuditEvent.objects.filter(content_type=content_type).count()
    missing = post(w.worker, identity_url(w), {**correction(), "reason": ""})
    assert missing.status_code == 422 and "reason" in missing.json()["detail"]
    same = post(
        w.worker, identity_url(w), correction(last_name="Chhorvann", mobile_phone="012 345 678")
    )
    assert same.status_code == 422 and "Nothing to correct" in same.json()["detail"]
    bad = post(w.worker, identity_url(w), correction(mobile_phone="12"))
    assert bad.status_code == 422 and "mobile_phone" in bad.json()["detail"]
    assert AuditEvent.objects.filter(content_type=content_type).count() == audited
    assert not AccessEvent.objects.filter(action=AccessEvent.Action.UPDATE).exists()


def test_a_trafficking_event_is_changed_through_the_api(w):
    event = trafficking_event_save(
        actor=w.worker, case=w.case, kind="Recruitment", country="KH", site_type="online"
    )
    url = f"/api/v1/casework/cases/{w.case.pk}/care/events/{event.pk}/"
    body = {
        "kind": "Recruitment",
        "country": "KH",
        "province": "Battambang",
        "site_type": "online",
        "description": "A job advert for a casino in Sihanoukville",
    }
    assert post(w.lawyer, url, body).status_code == 403
    assert post(w.other_worker, url, body).status_code == 404
    missing = f"/api/v1/casework/cases/{w.case.pk}/care/events/999999/"
    assert post(w.worker, missing, body).status_code == 404
    response = post(w.worker, url, body)
    assert response.status_code == 200, response.content
    event.refresh_from_db()
    assert event.province == "Battambang" and event.position == 1
    assert "casino" in sealing.open_record(event, "description")
    content_type = ContentType.objects.get_for_model(TraffickingEvent)
    last = AuditEvent.objects.filter(content_type=content_type).order_by("pk").last()
    assert last.source == AuditEvent.Source.API and "casino" not in str(last.changes)
    care = api_client(w.supervisor).get(f"/api/v1/casework/cases/{w.case.pk}/care/").json()
    [shown] = care["trafficking_events"]
    assert shown["description"] == body["description"]
