from __future__ import annotations

import io
import ipaddress

import pytest
from django.core.management import call_command
from django.test import Client
from django.urls import reverse

from conftest import PASSWORD
from pathways.accounts.lockout import client_address

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


# --- The lock per client address, across usernames ------------------------------------

OFFICE = "203.0.113.7"
ELSEWHERE = "198.51.100.20"


def sign_in(client, username: str, password: str = PASSWORD, address: str = OFFICE, **headers):
    data = {"username": username, "password": password}
    return client.post(LOGIN, data, REMOTE_ADDR=address, **headers)


def test_an_address_is_locked_after_thirty_failures_across_usernames(client, personas):
    # Four tries each on many accounts: no account is locked, but the address is.
    usernames = [f"staff{n}" for n in range(8)]
    for n in range(29):
        assert sign_in(client, usernames[n % 8], "guess").status_code == 200
    assert sign_in(client, "kh_manager").status_code == 302  # 29 failures: still open
    client.post(reverse("accounts:logout"))

    response = sign_in(client, "staff0", "guess")
    assert response.status_code == 429
    page = response.content.decode()
    assert "Sign-in paused for your network" in page and "Try again in 30 minutes" in page
    # The right password of an account nobody tried is refused from that address too...
    assert sign_in(client, "la_manager").status_code == 429
    assert "_auth_user_id" not in client.session
    # ... and accepted from anywhere else.
    assert sign_in(Client(), "la_manager", address=ELSEWHERE).status_code == 302


def test_attempts_refused_by_an_account_lock_do_not_count_for_the_address(
    client, kh_officer, kh_manager, settings
):
    settings.SIGN_IN_ADDRESS_FAILURE_LIMIT = 8
    for _ in range(5):
        sign_in(client, "kh_officer", "guess")
    # The account is locked; ten more tries check no password and lock no office.
    for _ in range(10):
        assert sign_in(client, "kh_officer", "guess").status_code == 429
    assert sign_in(client, "kh_manager").status_code == 302


def test_a_forwarded_for_header_does_not_change_the_address_without_a_trusted_proxy(
    client, kh_manager, settings
):
    settings.SIGN_IN_ADDRESS_FAILURE_LIMIT = 3
    for n in range(3):
        sign_in(client, "nobody", "guess", HTTP_X_FORWARDED_FOR=f"192.0.2.{n}")
    response = sign_in(client, "kh_manager", HTTP_X_FORWARDED_FOR="192.0.2.99")
    assert response.status_code == 429


def test_behind_a_trusted_proxy_each_client_is_counted_on_its_own_address(
    client, kh_manager, settings
):
    settings.SIGN_IN_ADDRESS_FAILURE_LIMIT = 3
    settings.TRUSTED_PROXIES = [ipaddress.ip_network("10.0.0.0/8")]
    proxy = "10.0.0.2"
    for _ in range(3):
        sign_in(client, "nobody", "guess", address=proxy, HTTP_X_FORWARDED_FOR=OFFICE)
    other_office = sign_in(Client(), "kh_manager", address=proxy, HTTP_X_FORWARDED_FOR=ELSEWHERE)
    assert other_office.status_code == 302
    # The locked client cannot get out by putting another address in front of its own.
    spoofed = f"{ELSEWHERE}, {OFFICE}"
    assert (
        sign_in(client, "kh_manager", address=proxy, HTTP_X_FORWARDED_FOR=spoofed).status_code
        == 429
    )


@pytest.mark.parametrize(
    "remote, forwarded, address",
    [
        ("198.51.100.20", "", "198.51.100.20"),
        ("198.51.100.20", "192.0.2.1", "198.51.100.20"),  # not from a trusted proxy
        ("10.0.0.2", "", "10.0.0.2"),
        ("10.0.0.2", "192.0.2.1", "192.0.2.1"),
        ("10.0.0.2", "192.0.2.66, 192.0.2.1", "192.0.2.1"),  # the client wrote the first
        ("10.0.0.2", "192.0.2.1, 10.0.0.3", "192.0.2.1"),  # two proxies of ours
        ("10.0.0.2", "192.0.2.1, not-an-address", "10.0.0.2"),
        ("10.0.0.2", "2001:db8::1", "2001:db8::1"),
    ],
)
def test_client_address_reads_forwarded_for_only_past_trusted_proxies(
    rf, settings, remote, forwarded, address
):
    settings.TRUSTED_PROXIES = [ipaddress.ip_network("10.0.0.0/8")]
    request = rf.get("/", REMOTE_ADDR=remote, HTTP_X_FORWARDED_FOR=forwarded)
    assert client_address(request) == address


# --- The current password on the change-password page ------------------------------------

CHANGE = reverse("accounts:password_change")
NEW = "Mekong-ferry-at-dawn-42"


def change_password(client, current: str):
    data = {"old_password": current, "new_password1": NEW, "new_password2": NEW}
    return client.post(CHANGE, data, REMOTE_ADDR=OFFICE)


def test_wrong_current_passwords_lock_the_account_like_failed_sign_ins(client, kh_officer):
    client.force_login(kh_officer)
    for _ in range(4):
        assert change_password(client, "guess").status_code == 200
    response = change_password(client, "guess")
    assert response.status_code == 429
    assert "Account locked for now" in response.content.decode()
    # Locked: not even the right current password is checked, and sign-in is refused.
    assert change_password(client, PASSWORD).status_code == 429
    kh_officer.refresh_from_db()
    assert kh_officer.check_password(PASSWORD)
    assert sign_in(Client(), "kh_officer", address=ELSEWHERE).status_code == 429


def test_wrong_current_passwords_count_towards_the_address(client, kh_officer, settings):
    settings.SIGN_IN_ADDRESS_FAILURE_LIMIT = 3
    client.force_login(kh_officer)
    for _ in range(3):
        change_password(client, "guess")
    assert sign_in(Client(), "kh_manager").status_code == 429
    assert sign_in(Client(), "kh_manager", address=ELSEWHERE).status_code == 302


def test_an_admin_unlocks_an_address_with_axes_reset_ip(client, kh_manager, settings):
    settings.SIGN_IN_ADDRESS_FAILURE_LIMIT = 2
    for _ in range(2):
        sign_in(client, "nobody", "guess")
    assert sign_in(client, "kh_manager").status_code == 429
    call_command("axes_reset_ip", OFFICE, stdout=io.StringIO())
    assert sign_in(client, "kh_manager").status_code == 302


def test_an_address_limit_of_zero_turns_the_address_lock_off(client, kh_manager, settings):
    settings.SIGN_IN_ADDRESS_FAILURE_LIMIT = 0
    sign_in(client, "nobody", "guess")
    assert sign_in(client, "kh_manager").status_code == 302
