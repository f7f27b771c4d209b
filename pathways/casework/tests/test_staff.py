"""An agency administrator's staff pages: roles added to existing accounts, removed, break-glass
granted and withdrawn, each audited without values; nobody else's agency, nobody else."""

from __future__ import annotations

import pytest
from django.contrib.auth import get_user_model
from django.urls import reverse

from pathways.audit.models import AuditEvent
from pathways.casework.access import casework_scope
from pathways.casework.models import CaseworkRole, StaffMembership
from pathways.casework.tests.conftest import make_agency, signed_in, staff

pytestmark = pytest.mark.django_db

STAFF = reverse("casework:staff")


def remove_url(membership: StaffMembership) -> str:
    return reverse("casework:staff_remove", args=[membership.pk])


def break_glass_url(membership: StaffMembership) -> str:
    return reverse("casework:staff_break_glass", args=[membership.pk])


@pytest.fixture
def admin(kh_agency):
    return staff(kh_agency, CaseworkRole.AGENCY_ADMIN, username="kh_agency_admin")


@pytest.fixture
def admin_client(client, admin):
    return signed_in(client, admin)


def membership(user, role: str) -> StaffMembership:
    return StaffMembership.objects.get(user=user, role=role)


def last_audit() -> AuditEvent:
    return AuditEvent.objects.latest("pk")


def assert_audited_without_values(event: AuditEvent, row: StaffMembership, fields: list[str]):
    assert event.object_repr == f"casework.StaffMembership {row.pk}"
    assert event.changes == {"fields": fields}


def test_admin_sees_the_agencys_staff_and_their_break_glass(admin_client, kh_agency):
    senior = staff(
        kh_agency, CaseworkRole.CASE_SUPERVISOR, username="senior_sup", can_break_glass=True
    )
    other = staff(make_agency(kh_agency.country), CaseworkRole.CASE_WORKER, username="elsewhere")
    page = admin_client.get(STAFF).content.decode()
    assert senior.username in page and "Case supervisor" in page
    assert "break-glass from senior_sup" in page  # the withdraw button: the capability is on
    assert other.username not in page


def test_admin_adds_a_role_to_an_existing_account_by_email(admin_client, admin, kh_agency):
    person = get_user_model().objects.create_user("new_lawyer", email="lawyer@example.org")
    response = admin_client.post(
        STAFF, {"account": "Lawyer@Example.org", "role": CaseworkRole.LEGAL_OFFICER}
    )
    assert response.status_code == 302
    row = membership(person, CaseworkRole.LEGAL_OFFICER)
    assert row.agency == kh_agency
    event = last_audit()
    assert event.action == AuditEvent.Action.CREATE and event.actor_id == admin.pk
    assert_audited_without_values(event, row, ["agency", "role", "user"])
    assert "new_lawyer" not in str(event.changes) + event.object_repr


def test_adding_a_role_to_an_unknown_account_says_so(admin_client):
    response = admin_client.post(
        STAFF, {"account": "nobody@example.org", "role": CaseworkRole.CASE_WORKER}
    )
    assert response.status_code == 400
    assert "No account has this username or email address" in response.content.decode()
    assert get_user_model().objects.filter(email="nobody@example.org").count() == 0


def test_adding_a_role_held_already_is_refused(admin_client, kh_agency):
    worker = staff(kh_agency, CaseworkRole.CASE_WORKER, username="kh_worker")
    response = admin_client.post(STAFF, {"account": "kh_worker", "role": CaseworkRole.CASE_WORKER})
    assert response.status_code == 400
    assert "already holds that role" in response.content.decode()
    assert StaffMembership.objects.filter(user=worker).count() == 1


def test_admin_removes_a_role_audited_without_values(admin_client, admin, kh_agency):
    worker = staff(kh_agency, CaseworkRole.CASE_WORKER)
    row = membership(worker, CaseworkRole.CASE_WORKER)
    assert admin_client.post(remove_url(row)).status_code == 302
    assert not StaffMembership.objects.filter(pk=row.pk).exists()
    assert casework_scope(get_user_model().objects.get(pk=worker.pk)).is_casework_user is False
    event = last_audit()
    assert event.action == AuditEvent.Action.DELETE
    assert_audited_without_values(event, row, ["agency", "role", "user"])


def test_admin_cannot_remove_their_own_last_admin_role(admin_client, admin):
    row = membership(admin, CaseworkRole.AGENCY_ADMIN)
    response = admin_client.post(remove_url(row), follow=True)
    assert "cannot remove your own last agency administrator role" in response.content.decode()
    assert StaffMembership.objects.filter(pk=row.pk).exists()


def test_admin_grants_and_withdraws_break_glass(admin_client, kh_agency):
    senior = staff(kh_agency, CaseworkRole.CASE_SUPERVISOR)
    row = membership(senior, CaseworkRole.CASE_SUPERVISOR)
    admin_client.post(break_glass_url(row), {"allowed": "1"})
    row.refresh_from_db()
    assert row.can_break_glass
    assert_audited_without_values(last_audit(), row, ["can_break_glass"])
    assert casework_scope(get_user_model().objects.get(pk=senior.pk)).can_break_glass
    admin_client.post(break_glass_url(row), {"allowed": "0"})
    row.refresh_from_db()
    assert not row.can_break_glass
    assert not casework_scope(get_user_model().objects.get(pk=senior.pk)).can_break_glass


def test_another_agencys_roles_are_404(admin_client, kh_agency):
    other_agency = make_agency(kh_agency.country)
    other = staff(other_agency, CaseworkRole.CASE_SUPERVISOR)
    row = membership(other, CaseworkRole.CASE_SUPERVISOR)
    assert admin_client.post(remove_url(row)).status_code == 404
    assert admin_client.post(break_glass_url(row), {"allowed": "1"}).status_code == 404
    row.refresh_from_db()
    assert not row.can_break_glass


@pytest.mark.parametrize("role", [r for r in CaseworkRole if r != CaseworkRole.AGENCY_ADMIN])
def test_other_casework_roles_are_refused_403(client, kh_agency, role):
    user = staff(kh_agency, role)
    colleague = staff(kh_agency, CaseworkRole.CASE_WORKER)
    signed_in(client, user)
    assert client.get(STAFF).status_code == 403
    row = membership(colleague, CaseworkRole.CASE_WORKER)
    assert client.post(remove_url(row)).status_code == 403
    assert StaffMembership.objects.filter(pk=row.pk).exists()


@pytest.mark.parametrize("username", ["admin", "kh_manager", "kh_officer", "lscw_partner", "donor"])
def test_programme_personas_get_404(client, personas, kh_agency, username):
    worker = staff(kh_agency, CaseworkRole.CASE_WORKER)
    client.force_login(personas[username])
    assert client.get(STAFF).status_code == 404
    row = membership(worker, CaseworkRole.CASE_WORKER)
    assert client.post(remove_url(row)).status_code == 404


def test_staff_page_needs_sign_in(client):
    response = client.get(STAFF)
    assert response.status_code == 302 and response.url.startswith(reverse("accounts:login"))
