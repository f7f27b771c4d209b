from __future__ import annotations

import re

import pytest
from django.contrib.contenttypes.models import ContentType
from django.test import Client
from django.urls import reverse
from django_otp.plugins.otp_static.models import StaticDevice, StaticToken
from django_otp.plugins.otp_totp.models import TOTPDevice

from pathways.accounts import recovery
from pathways.accounts.tests.test_two_factor import (
    current_code,
    make_device,
    sign_in,
    signed_in_user,
    wrong_code,
)
from pathways.audit.models import AuditEvent

pytestmark = pytest.mark.django_db

LOGIN = reverse("accounts:login")
VERIFY = reverse("accounts:two_factor_verify")
MANAGE = reverse("accounts:two_factor")
CODES = reverse("accounts:recovery_codes")
HOME = reverse("home:home")
PROFILE = reverse("accounts:profile")
SHOWN = re.compile(r"<code>([a-z2-7]{4}-[a-z2-7]{4})</code>")


def turn_on(client: Client, user) -> tuple[TOTPDevice, list[str]]:
    """Two-factor sign-in turned on from the page, and the codes that page shows."""
    client.force_login(user)
    client.post(MANAGE, {"action": "start"})
    device = TOTPDevice.objects.get(user=user)
    response = client.post(MANAGE, {"action": "confirm", "code": current_code(device)})
    device.refresh_from_db()
    return device, SHOWN.findall(response.content.decode())


def audit_of_codes(user) -> list[AuditEvent]:
    static = ContentType.objects.get_for_model(StaticDevice)
    return list(AuditEvent.objects.filter(content_type=static, actor=user).order_by("id"))


def fresh_sign_in(user) -> Client:
    client = Client()
    sign_in(client, user.username)
    return client


def allow_another_try(user) -> None:
    """The device's own slow-down would refuse quick retries; the tests are quick."""
    for device in StaticDevice.objects.filter(user=user):
        device.throttle_reset()


def test_turning_on_shows_ten_codes_once_with_a_download(client, kh_officer):
    device, codes = turn_on(client, kh_officer)
    assert device.confirmed
    assert len(codes) == recovery.RECOVERY_CODE_COUNT == len(set(codes))
    assert recovery.codes_left(kh_officer) == recovery.RECOVERY_CODE_COUNT
    page = client.get(MANAGE).content.decode()
    assert "You have 10 recovery codes left" in page and f'href="{CODES}"' in page
    assert not SHOWN.findall(page) and not SHOWN.findall(client.get(CODES).content.decode())


def test_the_download_holds_the_codes_as_text(client, kh_officer):
    client.force_login(kh_officer)
    client.post(MANAGE, {"action": "start"})
    device = TOTPDevice.objects.get(user=kh_officer)
    page = client.post(MANAGE, {"action": "confirm", "code": current_code(device)})
    text = page.content.decode()
    download = re.search(r'href="data:text/plain;charset=utf-8,([^"]+)" download=', text)
    from urllib.parse import unquote

    assert sorted(SHOWN.findall(text)) == sorted(
        line
        for line in unquote(download.group(1)).splitlines()
        if re.fullmatch(r"\S{4}-\S{4}", line)
    )


def test_making_codes_is_audited_without_the_codes(client, kh_officer):
    _device, codes = turn_on(client, kh_officer)
    (event,) = audit_of_codes(kh_officer)
    assert event.changes == {"recovery_codes": [0, 10]}
    trail = str(event.changes) + event.object_repr
    assert not any(code in trail or code.replace("-", "") in trail for code in codes)


def test_a_recovery_code_signs_in_once_and_says_how_many_are_left(client, kh_officer):
    _device, codes = turn_on(client, kh_officer)
    first = fresh_sign_in(kh_officer)
    response = first.post(VERIFY, {"code": codes[0].upper()}, follow=True)
    assert response.redirect_chain[-1][0] == HOME
    assert "You have 9 recovery codes left" in response.content.decode()
    assert signed_in_user(first).is_verified()
    assert recovery.codes_left(kh_officer) == 9
    assert audit_of_codes(kh_officer)[-1].changes == {"recovery_codes": [10, 9]}

    again = fresh_sign_in(kh_officer)
    allow_another_try(kh_officer)
    refused = again.post(VERIFY, {"code": codes[0]})
    assert refused.status_code == 200 and "already used" in refused.content.decode()
    assert not signed_in_user(again).is_authenticated


def test_a_code_is_typed_with_or_without_its_dash(client, kh_officer):
    _device, codes = turn_on(client, kh_officer)
    signing_in = fresh_sign_in(kh_officer)
    response = signing_in.post(VERIFY, {"code": " " + codes[1].replace("-", "") + " "})
    assert response.status_code == 302 and response.url == HOME


def test_the_verify_page_offers_a_recovery_code_instead(client, kh_officer):
    turn_on(client, kh_officer)
    signing_in = fresh_sign_in(kh_officer)
    page = signing_in.get(VERIFY).content.decode()
    assert "Use a recovery code" in page and "?with=recovery" in page
    recovering = signing_in.get(VERIFY + "?with=recovery").content.decode()
    assert '<label for="id_code">Recovery code</label>' in recovering
    assert 'inputmode="text"' in recovering and "Use the code from your app" in recovering


def test_something_that_is_neither_kind_of_code_is_explained(client, kh_officer):
    turn_on(client, kh_officer)
    response = fresh_sign_in(kh_officer).post(VERIFY, {"code": "12ab"})
    assert "Enter the 6 digits shown in the app, or a recovery code" in response.content.decode()
    assert 'aria-describedby="id_code_error"' in response.content.decode()


def test_wrong_recovery_codes_count_towards_the_lock_out(client, kh_officer):
    turn_on(client, kh_officer)
    signing_in = fresh_sign_in(kh_officer)
    for _ in range(4):
        allow_another_try(kh_officer)
        assert signing_in.post(VERIFY, {"code": "aaaa-aaaa"}).status_code == 200
    allow_another_try(kh_officer)
    response = signing_in.post(VERIFY, {"code": "aaaa-aaaa"})
    assert response.status_code == 429 and "Account locked" in response.content.decode()
    assert recovery.codes_left(kh_officer) == 10


def test_new_codes_replace_the_old_ones_after_an_app_code(client, kh_officer):
    device, old = turn_on(client, kh_officer)
    device.last_t = -1  # the enrolment's code may be reused by this quick test
    device.save()
    refused = client.post(CODES, {"code": wrong_code(device)})
    assert "not right or has expired" in refused.content.decode()
    assert recovery.codes_left(kh_officer) == 10
    device.refresh_from_db()
    device.throttle_reset()
    response = client.post(CODES, {"code": current_code(device)})
    new = SHOWN.findall(response.content.decode())
    assert len(new) == 10 and not set(new) & set(old)
    assert audit_of_codes(kh_officer)[-1].changes == {"recovery_codes": [10, 10]}
    signing_in = fresh_sign_in(kh_officer)
    assert signing_in.post(VERIFY, {"code": old[0]}).status_code == 200  # refused
    allow_another_try(kh_officer)
    assert signing_in.post(VERIFY, {"code": new[0]}).url == HOME


def test_a_session_verified_by_a_recovery_code_stays_verified_with_new_codes(client, kh_officer):
    device, codes = turn_on(client, kh_officer)
    signing_in = fresh_sign_in(kh_officer)
    signing_in.post(VERIFY, {"code": codes[0]})
    device.last_t = -1  # the enrolment's code may be reused by this quick test
    device.save()
    made = signing_in.post(CODES, {"code": current_code(device)})
    assert len(SHOWN.findall(made.content.decode())) == 10
    assert signing_in.get(PROFILE).status_code == 200


def test_turning_two_factor_off_removes_the_codes(client, kh_officer):
    device, _codes = turn_on(client, kh_officer)
    device.last_t = -1
    device.save()
    response = client.post(MANAGE, {"action": "remove", "code": current_code(device)})
    assert response.url == PROFILE
    assert not StaticDevice.objects.filter(user=kh_officer).exists()
    assert not StaticToken.objects.filter(device__user=kh_officer).exists()
    assert audit_of_codes(kh_officer)[-1].changes == {"recovery_codes": [10, 0]}


def test_the_codes_page_needs_two_factor_on(client, kh_officer):
    client.force_login(kh_officer)
    assert client.get(CODES).url == MANAGE
    make_device(kh_officer)
    assert client.get(CODES).url.startswith(VERIFY)  # this session has not given a code


def test_codes_an_admin_added_on_another_device_work_and_are_replaced_too(client, kh_officer):
    device, _codes = turn_on(client, kh_officer)
    extra = StaticDevice.objects.create(user=kh_officer, name="Added in the admin")
    extra.token_set.create(token="abcdefgh")
    assert fresh_sign_in(kh_officer).post(VERIFY, {"code": "abcd-efgh"}).url == HOME
    extra.token_set.create(token="bcdefghi")
    device.last_t = -1
    device.save()
    client.post(CODES, {"code": current_code(device)})
    assert recovery.codes_left(kh_officer) == 10
    assert not StaticToken.objects.filter(device=extra).exists()
