from __future__ import annotations

import pytest
from django.conf import settings
from django.urls import reverse
from django.utils import translation

from pathways.accounts.models import Membership

pytestmark = pytest.mark.django_db

PASSWORD = "pathways-demo"


def sign_in(client, username: str, password: str = PASSWORD):
    return client.post(reverse("accounts:login"), {"username": username, "password": password})


def test_demo_officer_signs_in_with_the_demo_password_and_lands_on_cambodia(client, kh_officer):
    response = sign_in(client, "kh_officer")
    assert response.status_code == 302
    landing = client.get(response["Location"], follow=True)
    assert landing.status_code == 200
    assert "Cambodia" in landing.content.decode()


def test_donor_lands_on_a_regional_page(client, donor):
    response = client.get(reverse("accounts:home"), follow=False)
    assert response.status_code == 302  # not signed in yet
    client.force_login(donor)
    landing = client.get(reverse("accounts:home"), follow=True)
    assert landing.status_code == 200
    assert "Member states" in landing.content.decode() or "Dashboard" in landing.content.decode()


def test_a_wrong_password_is_refused_with_a_message(client, kh_officer):
    response = sign_in(client, "kh_officer", "not-the-password")
    assert response.status_code == 200
    assert "correct username and password" in response.content.decode()


def test_repeated_failures_lock_the_account_even_with_the_right_password(client, kh_officer):
    for _ in range(5):
        sign_in(client, "kh_officer", "wrong-password")
    response = sign_in(client, "kh_officer")
    assert response.status_code == 429
    assert "Account locked" in response.content.decode()


def test_passwords_are_hashed_with_argon2(kh_officer):
    assert kh_officer.password.startswith("argon2")


def test_sign_out_needs_a_post_and_ends_the_session(client, kh_officer):
    client.force_login(kh_officer)
    assert client.get(reverse("accounts:logout")).status_code == 405
    client.post(reverse("accounts:logout"))
    assert client.get(reverse("accounts:profile")).status_code == 302


def test_typing_the_sign_out_address_shows_the_sign_out_button(client, kh_officer):
    client.force_login(kh_officer)
    response = client.get(reverse("accounts:logout"))
    body = response.content.decode()
    assert response.status_code == 405 and response["Allow"] == "POST"
    assert f'<form method="post" action="{reverse("accounts:logout")}"' in body
    assert "You are signed in as Cambodia data officer." in body
    # Opening the page does not sign out.
    assert client.get(reverse("accounts:profile")).status_code == 200


def test_profile_shows_the_users_scope(client, lscw_partner):
    client.force_login(lscw_partner)
    body = client.get(reverse("accounts:profile")).content.decode()
    assert "Data officer" in body
    assert "Legal Support for Children and Women" in body


@pytest.mark.parametrize(("persona", "khmer"), [("kh_officer", "កម្ពុជា"), ("lscw_partner", None)])
def test_profile_names_the_scope_in_the_readers_language(client, request, persona, khmer):
    user = request.getfixturevalue(persona)
    membership = Membership.objects.filter(user=user).first()
    scope = membership.country or membership.organisation
    with translation.override("km"):
        expected = khmer or translation.gettext(scope.name)
    client.force_login(user)
    client.cookies[settings.LANGUAGE_COOKIE_NAME] = "km"
    body = client.get(reverse("accounts:profile")).content.decode()
    assert f"<td>{expected}" in body
