"""API tokens of casework staff: made only from a two-factor sign-in, and working for 8 hours
(casework.md, "Signing in")."""

from __future__ import annotations

import datetime as dt
from io import StringIO

import pytest
from django.core.exceptions import PermissionDenied
from django.core.management import CommandError, call_command
from django.test import Client
from django.urls import reverse
from django.utils import timezone

from pathways.api.models import ApiToken
from pathways.api.tokens import api_token_create
from pathways.casework.models import CaseworkRole
from pathways.casework.tests.conftest import make_agency, signed_in, staff
from pathways.programs.models import Country

pytestmark = pytest.mark.django_db

CREATE = reverse("api_tokens:create")
COUNTRIES = "/api/v1/countries/"


@pytest.fixture
def worker(db):
    kh = Country.objects.get(code="KH")
    return staff(make_agency(kh), CaseworkRole.CASE_WORKER, username="kh_case_worker")


def made_hours_ago(issued, hours: float) -> None:
    ApiToken.objects.filter(pk=issued.token.pk).update(
        created_at=timezone.now() - dt.timedelta(hours=hours)
    )


def test_casework_user_cannot_create_a_token_without_a_two_factor_sign_in(client, worker):
    client.force_login(worker)
    response = client.post(reverse("api_tokens:create"), {"name": "BI"}, follow=True)
    # The session is sent to set up two-factor first; no token is made either way.
    assert not ApiToken.objects.filter(user=worker).exists()
    assert response.redirect_chain[-1][0].startswith(reverse("accounts:two_factor"))
    with pytest.raises(PermissionDenied, match="sign-in with two-factor"):
        api_token_create(actor=worker, user=worker, two_factor_verified=False)
    assert not ApiToken.objects.filter(user=worker).exists()


def test_casework_user_creates_a_token_from_a_two_factor_sign_in(client, worker):
    signed_in(client, worker)
    response = client.post(CREATE, {"name": "BI"})
    assert response.status_code == 200
    assert ApiToken.objects.filter(user=worker, name="BI").exists()
    profile = client.get(reverse("accounts:profile")).content.decode()
    assert "it works for 8 hours" in profile


def test_command_line_cannot_make_a_casework_users_token(worker):
    with pytest.raises(CommandError, match="two-factor"):
        call_command("api_token", worker.username, stdout=StringIO(), stderr=StringIO())
    assert not ApiToken.objects.filter(user=worker).exists()


def test_casework_token_works_for_8_hours_then_is_refused_with_a_reason(worker, settings):
    issued = api_token_create(actor=worker, user=worker, two_factor_verified=True)
    bearer = Client(HTTP_AUTHORIZATION=f"Bearer {issued.secret}")
    made_hours_ago(issued, 7.9)
    assert bearer.get(COUNTRIES).status_code == 200
    made_hours_ago(issued, 8.1)
    response = bearer.get(COUNTRIES)
    assert response.status_code == 401
    assert "expired" in response.json()["detail"]
    assert "8 hours" in response.json()["detail"]
    assert response["WWW-Authenticate"].startswith("Bearer")


def test_programme_users_token_has_no_8_hour_limit(kh_officer):
    issued = api_token_create(actor=kh_officer, user=kh_officer)
    made_hours_ago(issued, 24 * 30)
    bearer = Client(HTTP_AUTHORIZATION=f"Bearer {issued.secret}")
    assert bearer.get(COUNTRIES).status_code == 200


def test_expired_casework_token_shows_as_expired_on_the_profile(client, worker):
    issued = api_token_create(actor=worker, user=worker, two_factor_verified=True)
    made_hours_ago(issued, 9)
    signed_in(client, worker)
    page = client.get(reverse("accounts:profile")).content.decode()
    assert "Expired" in page
