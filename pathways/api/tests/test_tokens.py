from __future__ import annotations

from io import StringIO

import pytest
from django.contrib.auth.hashers import make_password
from django.core.exceptions import PermissionDenied
from django.core.management import CommandError, call_command
from django.test import Client
from django.urls import reverse

from conftest import PASSWORD
from pathways.api.models import ApiToken
from pathways.api.tokens import (
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


# --- A password change ends the tokens made with the old password -----------------------

NEW_PASSWORD = "Mekong-ferry-at-dawn-42"
COUNTRIES = "/api/v1/countries/"


def bearer(secret: str) -> Client:
    return Client(HTTP_AUTHORIZATION=f"Bearer {secret}")


def test_changing_the_password_on_the_profile_ends_the_users_tokens(client: Client, kh_officer):
    issued = api_token_create(actor=None, user=kh_officer, name="Power BI")
    assert bearer(issued.secret).get(COUNTRIES).status_code == 200
    client.force_login(kh_officer)
    data = {"old_password": PASSWORD, "new_password1": NEW_PASSWORD, "new_password2": NEW_PASSWORD}
    assert client.post(reverse("accounts:password_change"), data).status_code == 302

    assert bearer(issued.secret).get(COUNTRIES).status_code == 401
    page = client.get(reverse("accounts:profile")).content.decode()
    assert "Ended by a password change" in page
    # A token made with the new password works.
    kh_officer.refresh_from_db()
    fresh = api_token_create(actor=None, user=kh_officer)
    assert bearer(fresh.secret).get(COUNTRIES).status_code == 200


def test_an_admin_setting_a_new_password_ends_the_users_tokens(
    client: Client, admin_user, kh_officer
):
    issued = api_token_create(actor=None, user=kh_officer)
    client.force_login(admin_user)
    url = reverse("admin:auth_user_password_change", args=[kh_officer.pk])
    data = {"password1": NEW_PASSWORD, "password2": NEW_PASSWORD}
    response = client.post(url, data)
    assert response.status_code == 302, response.content.decode()[:2000]
    kh_officer.refresh_from_db()
    assert kh_officer.check_password(NEW_PASSWORD)
    assert bearer(issued.secret).get(COUNTRIES).status_code == 401


def test_the_changepassword_command_ends_the_users_tokens(monkeypatch, kh_officer):
    from django.contrib.auth.management.commands import changepassword

    issued = api_token_create(actor=None, user=kh_officer)
    monkeypatch.setattr(changepassword.Command, "_get_pass", lambda self, prompt="": NEW_PASSWORD)
    call_command("changepassword", "kh_officer", stdout=StringIO())
    assert api_token_authenticate(issued.secret) is None


def test_any_new_password_saved_for_the_user_ends_the_tokens(kh_officer):
    # A reset link or any other way of setting a password ends in set_password and save.
    issued = api_token_create(actor=None, user=kh_officer)
    kh_officer.set_password(NEW_PASSWORD)
    kh_officer.save()
    assert api_token_authenticate(issued.secret) is None
    other = api_token_create(actor=None, user=kh_officer)
    kh_officer.set_unusable_password()
    kh_officer.save()
    assert api_token_authenticate(other.secret) is None


def test_a_hash_upgrade_at_sign_in_keeps_the_tokens_working(client: Client, kh_officer):
    # The same password hashed by an older hasher is hashed anew with Argon2 at sign-in.
    kh_officer.password = make_password(PASSWORD, hasher="pbkdf2_sha256")
    kh_officer.save()
    issued = api_token_create(actor=None, user=kh_officer)
    sign_in = {"username": "kh_officer", "password": PASSWORD}
    assert client.post(reverse("accounts:login"), sign_in).status_code == 302
    kh_officer.refresh_from_db()
    assert kh_officer.password.startswith("argon2")
    assert bearer(issued.secret).get(COUNTRIES).status_code == 200


def test_command_revokes_all_tokens_of_a_user_and_audits_each(kh_officer, la_manager):
    mine = [api_token_create(actor=None, user=kh_officer, name=n) for n in ("BI", "Excel")]
    theirs = api_token_create(actor=None, user=la_manager)
    out = StringIO()
    call_command("api_token", "--revoke-all", "kh_officer", stdout=out)
    assert "Revoked 2 token(s) of kh_officer" in out.getvalue()
    assert all(api_token_authenticate(issued.secret) is None for issued in mine)
    assert api_token_authenticate(theirs.secret) is not None
    for issued in mine:
        event = AuditEvent.objects.filter(object_id=str(issued.token.pk)).latest("pk")
        assert (
            event.action == AuditEvent.Action.UPDATE and event.source == AuditEvent.Source.COMMAND
        )
        assert "revoked_at" in event.changes

    out = StringIO()
    call_command("api_token", "kh_officer", "--revoke-all", stdout=out)
    assert "kh_officer has no token left to revoke." in out.getvalue()


def test_command_lists_tokens_ended_by_a_password_change(kh_officer):
    issued = api_token_create(actor=None, user=kh_officer, name="BI")
    kh_officer.set_password(NEW_PASSWORD)
    kh_officer.save()
    out = StringIO()
    call_command("api_token", "kh_officer", "--list", stdout=out)
    assert f"{issued.token.prefix}\tBI\tended by a password change" in out.getvalue()


def test_command_lists_token_names_with_control_characters_escaped(kh_officer):
    api_token_create(actor=None, user=kh_officer, name="BI\x1b]0;owned\x07")
    out = StringIO()
    call_command("api_token", "kh_officer", "--list", stdout=out)
    assert "BI\\u001b]0;owned\\u0007" in out.getvalue()
    assert not any(ch in out.getvalue() for ch in "\x1b\x07")
