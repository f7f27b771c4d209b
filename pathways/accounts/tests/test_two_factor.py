from __future__ import annotations

import pytest
from django.contrib.contenttypes.models import ContentType
from django.test import Client
from django.urls import reverse
from django_otp.oath import TOTP
from django_otp.plugins.otp_totp.models import TOTPDevice

from conftest import PASSWORD
from pathways.accounts.models import Membership, Role
from pathways.audit.models import AuditEvent

pytestmark = pytest.mark.django_db

LOGIN = reverse("accounts:login")
VERIFY = reverse("accounts:two_factor_verify")
MANAGE = reverse("accounts:two_factor")
HOME = reverse("home:home")
PROFILE = reverse("accounts:profile")


def current_code(device: TOTPDevice) -> str:
    totp = TOTP(device.bin_key, device.step, device.t0, device.digits, device.drift)
    return f"{totp.token():06d}"


def wrong_code(device: TOTPDevice) -> str:
    return f"{(int(current_code(device)) + 500_000) % 1_000_000:06d}"


def make_device(user) -> TOTPDevice:
    return TOTPDevice.objects.create(user=user, name="phone", confirmed=True)


def sign_in(client: Client, username: str, password: str = PASSWORD):
    return client.post(LOGIN, {"username": username, "password": password})


def signed_in_user(client: Client):
    return client.get(PROFILE).wsgi_request.user


def test_user_without_device_signs_in_with_password_only(client, kh_officer):
    response = sign_in(client, "kh_officer")
    assert response.status_code == 302 and response.url == HOME
    assert signed_in_user(client).username == "kh_officer"


def test_user_with_device_is_asked_for_a_code_before_being_signed_in(client, kh_officer):
    make_device(kh_officer)
    response = sign_in(client, "kh_officer")
    assert response.status_code == 302 and response.url == VERIFY
    assert client.get(HOME).url.startswith(LOGIN)  # not signed in yet
    page = client.get(VERIFY)
    assert b'autocomplete="one-time-code"' in page.content


def test_right_code_signs_in_and_marks_the_session_verified(client, kh_officer):
    device = make_device(kh_officer)
    sign_in(client, "kh_officer")
    response = client.post(VERIFY, {"code": current_code(device)})
    assert response.status_code == 302 and response.url == HOME
    user = signed_in_user(client)
    assert user.username == "kh_officer" and user.is_verified()


def test_wrong_code_is_refused_with_a_clear_message(client, kh_officer):
    device = make_device(kh_officer)
    sign_in(client, "kh_officer")
    response = client.post(VERIFY, {"code": wrong_code(device)})
    assert response.status_code == 200
    assert "not right or has expired" in response.content.decode()
    assert b'aria-describedby="id_code_error"' in response.content
    assert not signed_in_user(client).is_authenticated


def test_code_that_is_not_six_digits_is_explained(client, kh_officer):
    make_device(kh_officer)
    sign_in(client, "kh_officer")
    response = client.post(VERIFY, {"code": "12ab"})
    assert "Enter the 6 digits" in response.content.decode()


def test_five_wrong_codes_end_the_sign_in_and_count_towards_the_lock_out(client, kh_officer):
    device = make_device(kh_officer)
    sign_in(client, "kh_officer")
    for _ in range(4):
        device.refresh_from_db()
        device.throttle_reset()  # the device's own slow-down would refuse fast retries
        response = client.post(VERIFY, {"code": wrong_code(device)})
        assert response.status_code == 200
    response = client.post(VERIFY, {"code": wrong_code(device)})
    assert response.status_code == 429 and "Account locked" in response.content.decode()
    assert client.get(VERIFY).url == LOGIN  # the half-done sign-in is gone
    locked = sign_in(client, "kh_officer")
    assert "Account locked" in locked.content.decode()


def test_wrong_codes_count_towards_the_lock_of_the_address(
    client, kh_officer, kh_manager, settings
):
    settings.SIGN_IN_ADDRESS_FAILURE_LIMIT = 3
    device = make_device(kh_officer)
    sign_in(client, "kh_officer")
    for _ in range(3):
        device.refresh_from_db()
        device.throttle_reset()
        client.post(VERIFY, {"code": wrong_code(device)})
    response = sign_in(Client(), "kh_manager")
    assert response.status_code == 429
    assert "Sign-in paused for your network" in response.content.decode()


def test_verify_page_without_a_pending_sign_in_goes_back_to_login(client):
    response = client.get(VERIFY)
    assert response.status_code == 302 and response.url == LOGIN


def test_session_signed_in_without_the_code_is_sent_to_the_code_page(client, kh_officer):
    make_device(kh_officer)
    client.force_login(kh_officer)
    response = client.get(PROFILE)
    assert response.status_code == 302 and response.url.startswith(VERIFY)


def test_htmx_request_without_the_code_gets_an_htmx_redirect(client, kh_officer):
    make_device(kh_officer)
    client.force_login(kh_officer)
    response = client.get(PROFILE, headers={"HX-Request": "true"})
    assert response.headers["HX-Redirect"].startswith(VERIFY)


def test_enrolment_shows_a_qr_code_and_turns_on_with_a_right_code(client, kh_officer):
    client.force_login(kh_officer)
    assert "Set up two-factor sign-in" in client.get(PROFILE).content.decode()
    client.post(MANAGE, {"action": "start"})
    page = client.get(MANAGE).content.decode()
    assert "<svg" in page and "Type this key" in page
    device = TOTPDevice.objects.get(user=kh_officer)
    assert not device.confirmed
    response = client.post(MANAGE, {"action": "confirm", "code": current_code(device)})
    # The page that follows shows the recovery codes, once (test_recovery_codes.py).
    page = response.content.decode()
    assert response.status_code == 200 and "Your recovery codes" in page
    assert "Two-factor sign-in is on" in page
    device.refresh_from_db()
    assert device.confirmed
    assert "On: signing in asks for a code" in client.get(PROFILE).content.decode()


def test_enrolment_is_audited_without_the_secret(client, kh_officer):
    client.force_login(kh_officer)
    client.post(MANAGE, {"action": "start"})
    device = TOTPDevice.objects.get(user=kh_officer)
    client.post(MANAGE, {"action": "confirm", "code": current_code(device)})
    event = AuditEvent.objects.filter(
        content_type=ContentType.objects.get_for_model(TOTPDevice), object_id=str(device.pk)
    ).latest("id")
    assert event.actor == kh_officer and event.changes == {"two_factor": ["off", "on"]}
    assert device.key not in str(event.changes)


def test_enrolment_with_a_wrong_code_stays_off(client, kh_officer):
    client.force_login(kh_officer)
    client.post(MANAGE, {"action": "start"})
    device = TOTPDevice.objects.get(user=kh_officer)
    response = client.post(MANAGE, {"action": "confirm", "code": wrong_code(device)})
    assert "not right or has expired" in response.content.decode()
    device.refresh_from_db()
    assert not device.confirmed


def test_turning_off_needs_a_right_code(client, kh_officer):
    device = make_device(kh_officer)
    sign_in(client, "kh_officer")
    client.post(VERIFY, {"code": current_code(device)})
    device.refresh_from_db()
    device.last_t = -1  # the same code may not be used twice; let the test reuse it
    device.save()
    client.post(MANAGE, {"action": "remove", "code": wrong_code(device)})
    assert TOTPDevice.objects.filter(pk=device.pk).exists()
    device.refresh_from_db()
    device.throttle_reset()
    response = client.post(MANAGE, {"action": "remove", "code": current_code(device)})
    assert response.url == PROFILE
    assert not TOTPDevice.objects.filter(user=kh_officer).exists()


def test_manage_page_needs_sign_in(client):
    response = client.get(MANAGE)
    assert response.status_code == 302 and response.url.startswith(LOGIN)


def test_admin_without_device_is_sent_to_set_it_up_when_required(client, admin_user, settings):
    settings.TWO_FACTOR_REQUIRED_FOR_ADMINS = True
    client.force_login(admin_user)
    for url in (HOME, PROFILE, reverse("admin:index")):
        response = client.get(url)
        assert response.status_code == 302 and response.url.startswith(MANAGE), url
    page = client.get(MANAGE).content.decode()
    assert "Admins must use two-factor sign-in" in page


def test_admin_with_a_confirmed_device_gets_through(client, admin_user, settings):
    settings.TWO_FACTOR_REQUIRED_FOR_ADMINS = True
    client.force_login(admin_user)
    client.post(MANAGE, {"action": "start"})
    device = TOTPDevice.objects.get(user=admin_user)
    client.post(MANAGE, {"action": "confirm", "code": current_code(device)})
    assert client.get(reverse("admin:index")).status_code == 200


@pytest.mark.parametrize("kind", ["staff", "superuser", "mel_admin_membership"])
def test_every_kind_of_admin_is_sent_to_set_it_up_when_required(
    client, django_user_model, settings, kind
):
    settings.TWO_FACTOR_REQUIRED_FOR_ADMINS = True
    user = django_user_model.objects.create_user(
        f"synthetic_{kind}", is_staff=kind == "staff", is_superuser=kind == "superuser"
    )
    if kind == "mel_admin_membership":
        Membership.objects.create(user=user, role=Role.MEL_ADMIN)
    client.force_login(user)
    response = client.get(PROFILE)
    assert response.status_code == 302 and response.url.startswith(MANAGE)


def test_non_admin_is_not_forced_when_required_for_admins(client, kh_manager, settings):
    settings.TWO_FACTOR_REQUIRED_FOR_ADMINS = True
    client.force_login(kh_manager)
    assert client.get(PROFILE).status_code == 200


def test_admin_is_not_forced_in_development_mode(client, admin_user, settings):
    settings.TWO_FACTOR_REQUIRED_FOR_ADMINS = False
    client.force_login(admin_user)
    assert client.get(PROFILE).status_code == 200


def test_admin_login_page_redirects_to_the_one_sign_in_page(client):
    response = client.get("/admin/login/?next=/admin/")
    assert response.status_code == 302
    assert response.url == f"{LOGIN}?next=/admin/"


def test_signed_in_user_without_admin_access_is_told_so_instead_of_looping(client, kh_manager):
    client.force_login(kh_manager)
    response = client.get(reverse("admin:index"), follow=True)
    assert response.status_code == 403
    assert "only for the regional MEL admin" in response.content.decode()
    assert len(response.redirect_chain) == 1
