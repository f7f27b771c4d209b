from __future__ import annotations

from io import StringIO

import pytest
from django.core.exceptions import PermissionDenied
from django.core.management import CommandError, call_command
from django.test import Client
from django.urls import reverse

from pathways.api.models import ApiToken
from pathways.api.services import (
    api_token_authenticate,
    api_token_create,
    api_token_revoke,
    hash_token,
)
from pathways.audit.models import AuditEvent

pytestmark = pytest.mark.django_db


def test_token_is_stored_only_as_its_hash(kh_officer):
    issued = api_token_create(actor=kh_officer, user=kh_officer, name="BI")
    token = ApiToken.objects.get(pk=issued.token.pk)
    assert token.token_hash == hash_token(issued.secret)
    assert issued.secret not in token.token_hash
    assert issued.secret.startswith(f"pw_{token.prefix}_")


def test_creating_a_token_is_audited_without_its_secret(kh_officer):
    issued = api_token_create(actor=kh_officer, user=kh_officer)
    event = AuditEvent.objects.filter(object_id=str(issued.token.pk)).latest("at")
    assert event.action == AuditEvent.Action.CREATE
    assert "token_hash" not in event.changes
    assert issued.secret not in str(event.changes)


def test_authenticate_records_last_use_and_rejects_a_wrong_secret(kh_officer):
    issued = api_token_create(actor=None, user=kh_officer)
    assert api_token_authenticate(issued.secret).user == kh_officer
    assert ApiToken.objects.get(pk=issued.token.pk).last_used_at is not None
    assert api_token_authenticate(issued.secret[:-2] + "xx") is None
    assert api_token_authenticate("not-a-token") is None


def test_inactive_user_token_is_rejected(kh_officer):
    issued = api_token_create(actor=None, user=kh_officer)
    kh_officer.is_active = False
    kh_officer.save()
    assert api_token_authenticate(issued.secret) is None


def test_command_prints_the_token_once_and_revokes_it(kh_officer):
    out = StringIO()
    call_command("api_token", "kh_officer", "--name", "Power BI", stdout=out, stderr=StringIO())
    secret = out.getvalue().strip()
    token = api_token_authenticate(secret)
    assert token is not None and token.name == "Power BI"

    out = StringIO()
    call_command("api_token", "kh_officer", "--revoke", token.prefix, stdout=out)
    assert "Revoked" in out.getvalue()
    assert api_token_authenticate(secret) is None
    with pytest.raises(CommandError, match="already revoked"):
        call_command("api_token", "kh_officer", "--revoke", token.prefix)


def test_command_names_an_unknown_user_or_prefix(kh_officer):
    with pytest.raises(CommandError, match="No user named 'nobody'"):
        call_command("api_token", "nobody")
    with pytest.raises(CommandError, match="no token with prefix 'abc'"):
        call_command("api_token", "kh_officer", "--revoke", "abc")


def test_profile_lists_own_tokens_only(client: Client, kh_officer, la_manager):
    mine = api_token_create(actor=None, user=kh_officer, name="mine").token
    theirs = api_token_create(actor=None, user=la_manager, name="theirs").token
    client.force_login(kh_officer)
    body = client.get(reverse("accounts:profile")).content.decode()
    assert mine.prefix in body
    assert theirs.prefix not in body


def test_profile_creates_a_token_and_shows_it_once(client: Client, kh_officer):
    client.force_login(kh_officer)
    response = client.post(reverse("api_tokens:create"), {"name": "Excel"})
    assert response.status_code == 200
    token = ApiToken.objects.get(user=kh_officer, name="Excel")
    secret = response.context["issued"].secret
    assert api_token_authenticate(secret).pk == token.pk
    assert secret not in client.get(reverse("accounts:profile")).content.decode()


def test_profile_create_needs_post(client: Client, kh_officer):
    client.force_login(kh_officer)
    assert client.get(reverse("api_tokens:create")).status_code == 405


def test_revoking_from_the_profile(client: Client, kh_officer):
    issued = api_token_create(actor=None, user=kh_officer)
    client.force_login(kh_officer)
    response = client.post(reverse("api_tokens:revoke", args=[issued.token.prefix]))
    assert response.status_code == 302
    assert api_token_authenticate(issued.secret) is None


def test_cannot_revoke_another_users_token(client: Client, kh_officer, la_manager):
    issued = api_token_create(actor=None, user=la_manager)
    client.force_login(kh_officer)
    response = client.post(reverse("api_tokens:revoke", args=[issued.token.prefix]))
    assert response.status_code == 404
    assert api_token_authenticate(issued.secret) is not None


def test_anonymous_cannot_create_tokens(client: Client):
    response = client.post(reverse("api_tokens:create"), {"name": "x"})
    assert response.status_code == 302
    assert not ApiToken.objects.exists()


def test_nobody_creates_or_revokes_a_token_for_someone_else(kh_officer, la_manager):
    with pytest.raises(PermissionDenied):
        api_token_create(actor=kh_officer, user=la_manager)
    assert not ApiToken.objects.filter(user=la_manager).exists()
    issued = api_token_create(actor=None, user=la_manager)
    with pytest.raises(PermissionDenied):
        api_token_revoke(actor=kh_officer, token=issued.token)
    assert api_token_authenticate(issued.secret) is not None
