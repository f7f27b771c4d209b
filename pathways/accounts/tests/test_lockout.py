from __future__ import annotations

import pytest
from django.urls import reverse

from conftest import PASSWORD

pytestmark = pytest.mark.django_db

LOGIN = reverse("accounts:login")


def fail(client, username: str = "kh_officer"):
    return client.post(LOGIN, {"username": username, "password": "not-the-password"})


def test_four_failures_still_allow_the_right_password(client, kh_officer):
    for _ in range(4):
        assert fail(client).status_code == 200
    response = client.post(LOGIN, {"username": "kh_officer", "password": PASSWORD})
    assert response.status_code == 302


def test_fifth_failure_locks_the_account_with_a_friendly_page(client, kh_officer):
    for _ in range(4):
        fail(client)
    response = fail(client)
    assert response.status_code == 429
    page = response.content.decode()
    assert "Account locked for now" in page and "Try again in 30 minutes" in page
    assert 'href="/login/"' in page  # a way back, not a dead end
    assert "Traceback" not in page


def test_locked_account_refuses_even_the_right_password(client, kh_officer):
    for _ in range(5):
        fail(client)
    response = client.post(LOGIN, {"username": "kh_officer", "password": PASSWORD})
    assert response.status_code == 429
    assert "_auth_user_id" not in client.session


def test_lock_out_is_by_username_so_colleagues_in_the_same_office_can_sign_in(client, kh_officer):
    for _ in range(5):
        fail(client)
    response = client.post(LOGIN, {"username": "kh_manager", "password": PASSWORD})
    assert response.status_code == 302


def test_wrong_password_message_does_not_say_which_part_was_wrong(client, kh_officer):
    page = fail(client).content.decode()
    assert "Please enter a correct username and password" in page
