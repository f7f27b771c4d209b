"""Casework staff sign in with two-factor always, and their sessions end after 15 minutes
without a request of their own (casework.md, "Signing in")."""

from __future__ import annotations

import time

import pytest
from django.test import RequestFactory
from django.urls import resolve, reverse
from django_otp.oath import TOTP
from django_otp.plugins.otp_totp.models import TOTPDevice

from conftest import PASSWORD
from pathways.casework.access_log import access_record
from pathways.casework.middleware import LAST_ACTIVITY
from pathways.casework.models import CaseworkRole
from pathways.casework.signin import is_background_poll
from pathways.casework.tests.conftest import register, signed_in, staff

pytestmark = pytest.mark.django_db

LOGIN = reverse("accounts:login")
VERIFY = reverse("accounts:two_factor_verify")
MANAGE = reverse("accounts:two_factor")
PROFILE = reverse("accounts:profile")


def current_code(device: TOTPDevice) -> str:
    totp = TOTP(device.bin_key, device.step, device.t0, device.digits, device.drift)
    return f"{totp.token():06d}"


def worker_with_password(agency):
    user = staff(agency, CaseworkRole.CASE_WORKER)
    user.set_password(PASSWORD)
    user.save()
    return user


def test_casework_user_without_a_device_must_set_up_two_factor_before_anything(
    client, kh_agency, settings
):
    settings.TWO_FACTOR_REQUIRED_FOR_ADMINS = False  # development: casework needs it anyway
    user = worker_with_password(kh_agency)
    client.post(LOGIN, {"username": user.username, "password": PASSWORD})
    for url in (reverse("home:home"), PROFILE, reverse("jobs:job_list")):
        response = client.get(url)
        assert response.status_code == 302 and response.url.startswith(MANAGE), url
    page = client.get(MANAGE).content.decode()
    assert "Your role requires two-factor sign-in. Set it up to continue." in page


def test_casework_user_who_sets_up_a_device_gets_through(client, kh_agency):
    user = worker_with_password(kh_agency)
    client.post(LOGIN, {"username": user.username, "password": PASSWORD})
    client.post(MANAGE, {"action": "start"})
    device = TOTPDevice.objects.get(user=user)
    client.post(MANAGE, {"action": "confirm", "code": current_code(device)})
    assert client.get(PROFILE).status_code == 200


def test_casework_user_with_a_device_must_enter_a_code(client, kh_agency):
    user = worker_with_password(kh_agency)
    device = TOTPDevice.objects.create(user=user, name="phone", confirmed=True)
    response = client.post(LOGIN, {"username": user.username, "password": PASSWORD})
    assert response.status_code == 302 and response.url == VERIFY
    assert client.get(PROFILE).url.startswith(LOGIN)  # not signed in before the code
    client.post(VERIFY, {"code": current_code(device)})
    assert client.get(PROFILE).status_code == 200


def test_programme_user_is_not_made_to_use_two_factor_in_development(client, kh_officer, settings):
    settings.TWO_FACTOR_REQUIRED_FOR_ADMINS = False
    client.force_login(kh_officer)
    assert client.get(PROFILE).status_code == 200


# --- idle time-out -------------------------------------------------------------------------


def idle_for(client, minutes: float) -> None:
    session = client.session
    session[LAST_ACTIVITY] = time.time() - minutes * 60
    session.save()


def test_casework_session_ends_after_16_idle_minutes(client, kh_agency):
    user = staff(kh_agency, CaseworkRole.CASE_WORKER)
    signed_in(client, user)
    assert client.get(PROFILE).status_code == 200
    idle_for(client, 16)
    response = client.get(PROFILE)
    assert response.status_code == 302
    assert response.url == f"{LOGIN}?next=%2Fprofile%2F"
    page = client.get(response.url).content.decode()
    assert "Signed out after 15 minutes without activity" in page
    assert client.get(PROFILE).url.startswith(LOGIN)


def test_casework_session_active_within_15_minutes_goes_on(client, kh_agency):
    user = staff(kh_agency, CaseworkRole.CASE_WORKER)
    signed_in(client, user)
    client.get(PROFILE)
    idle_for(client, 14)
    assert client.get(PROFILE).status_code == 200
    assert time.time() - client.session[LAST_ACTIVITY] < 60  # the clock starts again


def test_background_poll_does_not_extend_the_session(client, kh_agency):
    user = staff(kh_agency, CaseworkRole.CASE_WORKER)
    signed_in(client, user)
    client.get(PROFILE)
    idle_for(client, 14)
    before = client.session[LAST_ACTIVITY]
    assert client.get(PROFILE, headers={"X-Pathways-Poll": "1"}).status_code == 200
    assert client.session[LAST_ACTIVITY] == before
    idle_for(client, 16)  # two more minutes of polling only
    response = client.get(PROFILE, headers={"X-Pathways-Poll": "1", "HX-Request": "true"})
    assert response.status_code == 204 and response["HX-Redirect"].startswith(LOGIN)
    assert client.get(PROFILE).url.startswith(LOGIN)


def test_job_progress_polling_counts_as_background():
    factory = RequestFactory()
    poll = factory.get("/jobs/7/", headers={"HX-Request": "true"})
    poll.resolver_match = resolve("/jobs/7/")
    opened = factory.get("/jobs/7/")
    opened.resolver_match = resolve("/jobs/7/")
    assert is_background_poll(poll)
    assert not is_background_poll(opened)


def test_programme_user_session_has_no_idle_limit(client, kh_officer):
    client.force_login(kh_officer)
    idle_for(client, 60)
    assert client.get(PROFILE).status_code == 200


def test_background_poll_may_not_read_what_the_access_log_records(kh, kh_agency):
    client_record = register(kh, kh_agency)
    reader = staff(kh_agency, CaseworkRole.CASE_SUPERVISOR)
    poll = RequestFactory().get("/casework/", headers={"X-Pathways-Poll": "1"})
    with pytest.raises(ValueError, match="background poll"):
        access_record(
            user=reader,
            action="view",
            client_ids=[client_record.pk],
            fields=["first_name"],
            via="web",
            request=poll,
        )
