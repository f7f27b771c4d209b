from __future__ import annotations

import pytest
from django.urls import reverse

from pathways.audit.models import AuditEvent
from pathways.audit.services import verify_chain
from pathways.programs.models import Country, Organisation

pytestmark = pytest.mark.django_db


def country_form(country: Country, **changes: str) -> dict[str, str]:
    data = {
        "code": country.code,
        "name": country.name,
        "program_status": country.program_status,
        "focal_point": country.focal_point,
        "focal_point_organisation": country.focal_point_organisation_id or "",
        "summary": country.summary,
        "languages": country.languages,
    }
    # The name in each other language, as the admin's page fills its boxes.
    data |= {f"name_{code}": entry["name"] for code, entry in country.translations.items()}
    data.update(changes)
    return data


def test_a_change_in_the_admin_is_audited_with_old_and_new_values(client, admin_user):
    client.force_login(admin_user)
    lao = Country.objects.get(code="LA")
    url = reverse("admin:programs_country_change", args=[lao.pk])
    response = client.post(url, country_form(lao, focal_point="Director, Anti-Trafficking Dept."))
    assert response.status_code == 302
    event = AuditEvent.objects.latest("id")
    assert (event.action, event.source, event.actor_name) == ("update", "admin", "admin")
    assert event.object_repr == "Lao PDR"
    assert event.changes == {"focal_point": ["", "Director, Anti-Trafficking Dept."]}


def test_a_record_created_and_deleted_in_the_admin_is_audited(client, admin_user):
    client.force_login(admin_user)
    client.post(
        reverse("admin:programs_organisation_add"),
        {"name": "Synthetic Test NGO", "acronym": "STN", "type": "ngo", "country": ""},
    )
    org = Organisation.objects.get(name="Synthetic Test NGO")
    created = AuditEvent.objects.latest("id")
    assert created.action == "create" and created.changes["acronym"] == [None, "STN"]
    client.post(reverse("admin:programs_organisation_delete", args=[org.pk]), {"post": "yes"})
    deleted = AuditEvent.objects.latest("id")
    assert deleted.action == "delete" and deleted.object_repr.startswith("Synthetic Test NGO")


def test_the_admin_stores_text_without_control_characters(client, admin_user):
    client.force_login(admin_user)
    response = client.post(
        reverse("admin:programs_organisation_add"),
        {"name": "Synthetic\x1b[2J NGO\u202e", "acronym": "S\x07N", "type": "ngo", "country": ""},
    )
    assert response.status_code == 302
    organisation = Organisation.objects.get(acronym="SN")
    assert organisation.name == "Synthetic[2J NGO"
    assert AuditEvent.objects.latest("id").changes["name"] == [None, "Synthetic[2J NGO"]


def test_nobody_can_change_or_delete_audit_events_in_the_admin(client, admin_user):
    client.force_login(admin_user)
    event = AuditEvent.objects.first()
    assert client.get(reverse("admin:audit_auditevent_changelist")).status_code == 200
    assert client.get(reverse("admin:audit_auditevent_add")).status_code == 403
    assert client.post(reverse("admin:audit_auditevent_delete", args=[event.pk])).status_code == 403
    response = client.post(
        reverse("admin:audit_auditevent_change", args=[event.pk]), {"actor_name": "someone"}
    )
    assert response.status_code == 403
    event.refresh_from_db()
    assert event.actor_name != "someone"


def test_the_admin_can_filter_the_audit_trail_by_action(client, admin_user):
    client.force_login(admin_user)
    response = client.get(reverse("admin:audit_auditevent_changelist"), {"action__exact": "create"})
    assert response.status_code == 200


def test_non_staff_cannot_open_the_audit_trail(client, kh_manager):
    client.force_login(kh_manager)
    response = client.get(reverse("admin:audit_auditevent_changelist"))
    assert response.status_code == 302  # to the admin login


def test_the_chain_is_intact_and_notices_a_changed_row():
    assert verify_chain() is None
    event = AuditEvent.objects.order_by("id")[3]
    AuditEvent.objects.filter(pk=event.pk).update(object_repr="tampered")
    broken = verify_chain()
    assert broken is not None and broken.event.pk == event.pk
