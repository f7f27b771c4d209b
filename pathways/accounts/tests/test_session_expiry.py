from __future__ import annotations

import datetime as dt

import pytest
from django.contrib.sessions.models import Session
from django.urls import reverse
from django.utils import timezone

pytestmark = pytest.mark.django_db

EIGHT_HOURS = dt.timedelta(hours=8)


def sign_in(client) -> None:
    response = client.post(
        reverse("accounts:login"), {"username": "kh_officer", "password": "pathways-demo"}
    )
    assert response.status_code == 302


def test_session_cookie_ends_with_the_browser(client, kh_officer, settings):
    sign_in(client)
    cookie = client.cookies[settings.SESSION_COOKIE_NAME]
    # No expiry date or age: the browser forgets it when it closes (shared office computers).
    assert cookie["expires"] == "" and cookie["max-age"] == ""
    assert cookie["httponly"] and cookie["samesite"] == "Lax"


def test_session_lasts_a_working_day_at_most(client, kh_officer):
    before = timezone.now()
    sign_in(client)
    session = Session.objects.get(session_key=client.session.session_key)
    assert before + EIGHT_HOURS <= session.expire_date <= timezone.now() + EIGHT_HOURS


def test_after_eight_hours_the_user_must_sign_in_again(client, kh_officer):
    sign_in(client)
    profile = reverse("accounts:profile")
    assert client.get(profile).status_code == 200
    # Eight hours on, as the server sees it: the session has expired.
    Session.objects.filter(session_key=client.session.session_key).update(
        expire_date=timezone.now() - dt.timedelta(seconds=1)
    )
    response = client.get(profile)
    assert response.status_code == 302
    assert response["Location"].startswith(reverse("accounts:login"))


def test_signing_out_ends_the_session_on_the_server(client, kh_officer):
    sign_in(client)
    key = client.session.session_key
    client.post(reverse("accounts:logout"))
    assert not Session.objects.filter(session_key=key).exists()
