"""Users named in the audit trail are deactivated, never deleted, and the chain stays whole."""

from __future__ import annotations

import importlib

import pytest
from django.apps import apps
from django.db import connection
from django.db.models import ProtectedError
from django.urls import reverse

from pathways.accounts.models import User
from pathways.accounts.services import user_create, user_deactivate
from pathways.audit.models import AuditEvent
from pathways.audit.services import audit_record, verify_chain
from pathways.programs.models import Country

pytestmark = pytest.mark.django_db

# As the foreign key's old ON DELETE SET NULL did, or anyone deleting rows behind the app.
NULL_ACTOR = "UPDATE audit_auditevent SET actor_id = NULL WHERE actor_id = %s"


def acting_user() -> User:
    """A user who changed something, so the audit trail names them."""
    user = user_create(
        actor=None, username="leaving_officer", password="x" * 16, role="data_officer"
    )
    audit_record(
        actor=user,
        action="update",
        instance=Country.objects.get(code="KH"),
        changes={"focal_point": ["", "Synthetic"]},
    )
    return user


def test_a_user_named_in_the_audit_trail_cannot_be_deleted_in_the_admin(client, admin_user):
    user = acting_user()
    client.force_login(admin_user)
    url = reverse("admin:accounts_user_delete", args=[user.pk])
    assert client.get(url).status_code == 403
    assert client.post(url, {"post": "yes"}).status_code == 403
    bulk = {"action": "delete_selected", "_selected_action": [user.pk], "post": "yes"}
    client.post(reverse("admin:accounts_user_changelist"), bulk)
    assert User.objects.filter(pk=user.pk).exists()


def test_deleting_a_user_named_in_the_audit_trail_is_refused_anywhere():
    user = acting_user()
    with pytest.raises(ProtectedError):
        user.delete()
    assert verify_chain() is None


def test_an_admin_deactivates_a_user_who_then_cannot_sign_in_and_the_chain_holds(
    client, admin_user
):
    user = acting_user()
    client.force_login(admin_user)
    response = client.post(
        reverse("admin:accounts_user_changelist"),
        {"action": "deactivate", "_selected_action": [user.pk]},
    )
    assert response.status_code == 302
    user.refresh_from_db()
    assert not user.is_active
    event = AuditEvent.objects.latest("id")
    assert (event.action, event.source, event.actor_name) == ("update", "admin", "admin")
    assert event.changes == {"is_active": [True, False]}
    client.logout()
    sign_in = {"username": "leaving_officer", "password": "x" * 16}
    assert client.post(reverse("accounts:login"), sign_in).status_code == 200  # not signed in
    assert verify_chain() is None


def test_deactivating_twice_records_one_change(admin_user):
    user = acting_user()
    user_deactivate(actor=admin_user, user=user)
    count = AuditEvent.objects.count()
    user_deactivate(actor=admin_user, user=user)
    assert AuditEvent.objects.count() == count


def test_the_chain_holds_when_an_actor_reference_is_emptied_behind_the_app():
    user = acting_user()
    with connection.cursor() as cursor:
        cursor.execute(NULL_ACTOR, [user.pk])
    assert AuditEvent.objects.filter(actor=user).count() == 0
    assert verify_chain() is None


def test_entries_hashed_before_the_actor_copy_keep_verifying_after_the_actor_goes():
    """Entries from before the upgrade hashed the actor through the foreign key only: the
    upgrade copies it, so emptying the key later leaves their hashes true."""
    user = acting_user()
    AuditEvent.objects.update(recorded_actor_id=None)  # as the rows stood before 0002
    migration = importlib.import_module("pathways.audit.migrations.0002_recorded_actor")
    migration.copy_actor_ids(apps, None)
    with connection.cursor() as cursor:
        cursor.execute(NULL_ACTOR, [user.pk])
    assert verify_chain() is None
