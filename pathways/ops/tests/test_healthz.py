from __future__ import annotations

from unittest import mock

import pytest
from django.db import OperationalError
from django.urls import reverse

pytestmark = pytest.mark.django_db


def test_health_check_answers_ok_without_signing_in(client):
    response = client.get(reverse("ops:healthz"))
    assert response.status_code == 200
    assert response.content == b"ok\n"
    assert "no-cache" in response.headers["Cache-Control"]


def test_health_check_reports_an_unreachable_database(client):
    with mock.patch("pathways.ops.views.connection.cursor", side_effect=OperationalError):
        response = client.get(reverse("ops:healthz"))
    assert response.status_code == 503
    assert b"database" in response.content


def test_health_check_only_answers_reads(client):
    assert client.post(reverse("ops:healthz")).status_code == 405
