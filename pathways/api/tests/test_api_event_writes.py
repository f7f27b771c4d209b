from __future__ import annotations

import pytest
from django.contrib.contenttypes.models import ContentType

from pathways.accounts.models import Role
from pathways.activities.models import Event, Topic
from pathways.api.tests.factories import (
    api_client,
    attend,
    make_event,
    make_person,
    make_user,
    make_viewer,
    organisation,
)
from pathways.audit.models import AuditEvent

pytestmark = pytest.mark.django_db

EVENTS = "/api/v1/events/"


def payload(**overrides):
    return {
        "title": "Synthetic training on victim identification",
        "event_type": "training",
        "start_date": "2021-11-02",
        "end_date": "2021-11-03",
        "country": "KH",
        "pathway": "national",
        "outcome_areas": ["justice"],
        "topics": ["Victim identification"],
        "description": "Synthetic record for tests.",
        **overrides,
    }


def post(client, data):
    return client.post(EVENTS, data, content_type="application/json")


def patch(client, event_id, data):
    return client.patch(f"{EVENTS}{event_id}/", data, content_type="application/json")


def test_officer_creates_an_event_through_the_service_with_an_audit_record(kh_officer):
    response = post(api_client(kh_officer), payload())
    assert response.status_code == 201, response.content
    body = response.json()
    event = Event.objects.get(pk=body["id"])
    assert event.reported_by == kh_officer
    assert body["outcome_areas"] == ["justice"] and body["topics"] == ["Victim identification"]
    audit = AuditEvent.objects.get(
        content_type=ContentType.objects.get_for_model(Event),
        object_id=str(event.pk),
        action="create",
    )
    assert audit.source == AuditEvent.Source.API and audit.actor == kh_officer


@pytest.mark.parametrize("persona", ["donor", "la_manager"])
def test_create_without_the_role_in_the_country_is_403(persona, personas):
    response = post(api_client(personas[persona]), payload())
    assert response.status_code == 403
    assert response.json()["detail"]
    assert not Event.objects.exists()


def test_viewer_cannot_create():
    assert post(api_client(make_viewer("KH")), payload()).status_code == 403


def test_invalid_payload_names_the_field_and_writes_nothing(kh_officer):
    client = api_client(kh_officer)
    response = post(client, payload(end_date="2021-11-01"))
    assert response.status_code == 422
    assert response.json()["detail"]
    response = post(client, payload(outcome_areas=["nowhere"], topics=["Never created"]))
    assert response.status_code == 422
    assert response.json()["errors"][0]["field"] == "outcome_areas"
    response = post(client, payload(event_type="party", country="ZZ"))
    assert {e["field"] for e in response.json()["errors"]} == {"event_type"}
    response = post(client, payload(country="ZZ"))
    assert response.json()["errors"][0]["field"] == "country"
    assert not Event.objects.exists()
    assert not Topic.objects.filter(name="Never created").exists()


def test_text_is_stored_without_control_characters(kh_officer):
    data = payload(
        title="Synthetic\x1b[2J training\u202e",
        description="Day one\r\n\tSOPs\x07",
        topics=["Victim\x1b identification"],
    )
    response = post(api_client(kh_officer), data)
    assert response.status_code == 201, response.content
    event = Event.objects.get()
    assert event.title == "Synthetic[2J training"
    assert event.description == "Day one\n\tSOPs"
    assert [t.name for t in event.topics.all()] == ["Victim identification"]


def test_a_title_of_control_characters_only_is_422_and_writes_nothing(kh_officer):
    response = post(api_client(kh_officer), payload(title="\x1b\x07\u202e"))
    assert response.status_code == 422
    assert response.json()["errors"][0]["field"] == "title"
    assert not Event.objects.exists()


def test_an_update_stores_text_without_control_characters(kh_officer):
    event = make_event(title="Old title")
    data = {"version": event.version, "title": "New\x1b]0;owned\x07 title"}
    assert patch(api_client(kh_officer), event.pk, data).status_code == 200
    event.refresh_from_db()
    assert event.title == "New]0;owned title"


def test_update_with_the_current_version_changes_only_the_fields_sent(kh_officer):
    event = make_event(title="Old title")
    client = api_client(kh_officer)
    response = patch(client, event.pk, {"version": event.version, "title": "New title"})
    assert response.status_code == 200, response.content
    event.refresh_from_db()
    assert event.title == "New title" and event.version == 2
    assert response.json()["version"] == 2


def test_update_with_a_stale_version_is_409_with_the_conflicts(kh_officer, kh_manager):
    event = make_event(title="Old title")
    assert (
        patch(api_client(kh_manager), event.pk, {"version": 1, "title": "Theirs"}).status_code
        == 200
    )
    response = patch(api_client(kh_officer), event.pk, {"version": 1, "title": "Mine"})
    assert response.status_code == 409
    body = response.json()
    assert body["current_version"] == 2
    assert body["conflicts"][0]["field"] == "title" and body["conflicts"][0]["theirs"] == "Theirs"
    event.refresh_from_db()
    assert event.title == "Theirs"


def test_update_needs_a_version(kh_officer):
    event = make_event()
    response = patch(api_client(kh_officer), event.pk, {"title": "x"})
    assert response.status_code == 422
    assert response.json()["errors"][0]["field"] == "version"


def test_update_out_of_scope_404_and_read_only_403(la_manager, donor):
    event = make_event()
    assert patch(api_client(la_manager), event.pk, {"version": 1, "title": "x"}).status_code == 404
    assert patch(api_client(donor), event.pk, {"version": 1, "title": "x"}).status_code == 403


# --- hostile payloads: the new values must be in the writer's scope too ------------------------


def test_partner_cannot_move_their_event_to_another_country(lscw_partner, la_manager):
    event = make_event(lead="LSCW")
    attend(event, make_person(name="Synthetic Attendee"))
    response = patch(api_client(lscw_partner), event.pk, {"version": 1, "country": "LA"})
    assert response.status_code == 403
    assert "Lao" in response.json()["detail"]
    event.refresh_from_db()
    assert event.country.code == "KH" and event.version == 1
    # Laos's staff still cannot reach the event or its attendees' names.
    lao = api_client(la_manager)
    assert lao.get(f"{EVENTS}{event.pk}/attendance/").status_code == 404


def test_partner_cannot_create_an_event_in_another_country(lscw_partner):
    response = post(
        api_client(lscw_partner), payload(country="LA", lead_organisation=organisation("LSCW").pk)
    )
    assert response.status_code == 403
    assert not Event.objects.exists()


def test_partner_cannot_hand_their_event_to_another_organisation(lscw_partner):
    event = make_event(lead="LSCW")
    moj = organisation("MoJ").pk
    response = patch(
        api_client(lscw_partner),
        event.pk,
        {"version": 1, "lead_organisation": moj, "co_organisers": []},
    )
    assert response.status_code == 422
    assert response.json()["errors"][0]["field"] == "lead_organisation"
    event.refresh_from_db()
    assert event.lead_organisation.acronym == "LSCW"


def test_partner_viewer_cannot_change_their_organisations_event():
    event = make_event(lead="LSCW")
    viewer = make_user("synthetic_lscw_viewer", Role.VIEWER, org="LSCW")
    response = patch(api_client(viewer), event.pk, {"version": 1, "title": "x"})
    assert response.status_code == 403
    event.refresh_from_db()
    assert event.title != "x"
