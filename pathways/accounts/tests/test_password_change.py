from __future__ import annotations

import pytest
from django.test import Client
from django.urls import reverse

from pathways.audit.models import AuditEvent

pytestmark = pytest.mark.django_db

PASSWORD = "pathways-demo"
NEW = "Mekong-ferry-at-dawn-42"
URL = reverse("accounts:password_change")


@pytest.fixture
def officer_client(client, kh_officer):
    client.force_login(kh_officer)
    return client


def change(client, new: str, old: str = PASSWORD, again: str | None = None):
    data = {"old_password": old, "new_password1": new, "new_password2": again or new}
    return client.post(URL, data)


def test_profile_links_to_the_password_page_which_states_the_rules(officer_client):
    assert URL in officer_client.get(reverse("accounts:profile")).content.decode()
    page = officer_client.get(URL).content.decode()
    assert "at least 12 characters" in page
    assert "commonly used password" in page


@pytest.mark.parametrize(
    "new, message",
    [
        ("Short-1", "This password is too short. It must contain at least 12 characters."),
        ("password1234", "This password is too common."),
        ("839201746512", "This password is entirely numeric."),
        ("kh_officer-2024", "The password is too similar to the username."),
    ],
)
def test_a_password_breaking_a_rule_is_refused_and_nothing_changes(
    officer_client, kh_officer, new, message
):
    response = change(officer_client, new)
    assert response.status_code == 200
    assert message in response.content.decode()
    kh_officer.refresh_from_db()
    assert kh_officer.check_password(PASSWORD)


def test_the_current_password_must_be_given(officer_client, kh_officer):
    response = change(officer_client, NEW, old="not-the-password")
    assert "Your old password was entered incorrectly" in response.content.decode()
    kh_officer.refresh_from_db()
    assert kh_officer.check_password(PASSWORD)


def test_the_two_new_passwords_must_match(officer_client, kh_officer):
    response = change(officer_client, NEW, again=NEW + "x")
    assert "The two password fields didn’t match." in response.content.decode()


def test_a_good_password_is_changed_audited_and_other_sessions_end(officer_client, kh_officer):
    elsewhere = Client()
    elsewhere.force_login(kh_officer)
    response = change(officer_client, NEW)
    assert response.status_code == 302 and response["Location"] == reverse("accounts:profile")
    kh_officer.refresh_from_db()
    assert kh_officer.check_password(NEW)
    # This session stays signed in; the one on another computer is signed out.
    assert officer_client.get(reverse("accounts:profile")).status_code == 200
    assert elsewhere.get(reverse("accounts:profile")).status_code == 302
    event = AuditEvent.objects.filter(
        content_type__model="user", object_id=str(kh_officer.pk)
    ).latest("pk")
    assert event.changes == {"password": ["(hidden)", "(changed)"]}
    assert "argon2" not in str(event.changes) and NEW not in str(event.changes)


def test_sign_in_works_with_the_new_password_only(officer_client):
    change(officer_client, NEW)
    fresh = Client()
    login = reverse("accounts:login")
    assert fresh.post(login, {"username": "kh_officer", "password": PASSWORD}).status_code == 200
    assert fresh.post(login, {"username": "kh_officer", "password": NEW}).status_code == 302
