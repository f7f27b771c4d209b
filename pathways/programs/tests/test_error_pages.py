from __future__ import annotations

import pytest
from django.conf import settings
from django.test import RequestFactory
from django.urls import reverse
from django.views.defaults import server_error

from pathways.activities.models import Event
from pathways.programs.models import Country

pytestmark = pytest.mark.django_db


def make_event(country_code: str) -> Event:
    return Event.objects.create(
        title="Workshop on case management",
        event_type=Event.Type.WORKSHOP,
        start_date="2022-01-10",
        end_date="2022-01-10",
        country=Country.objects.get(code=country_code),
    )


def test_missing_page_explains_itself_inside_the_site(client, personas):
    client.force_login(personas["kh_officer"])
    response = client.get("/no-such-page/")
    assert response.status_code == 404
    body = response.content.decode()
    assert "<title>Page not found · Pathways</title>" in body
    assert "<h1>Page not found</h1>" in body
    assert "outside the countries and records you may see" in body
    # The navigation stays, so the user can carry on from here.
    assert reverse("activities:event_list") in body
    assert 'href="/">Go to your start page' in body


def test_event_of_another_country_is_a_friendly_not_found(client, personas):
    event = make_event("KH")
    client.force_login(personas["la_manager"])
    response = client.get(reverse("activities:event_detail", args=[event.pk]))
    assert response.status_code == 404
    assert "<h1>Page not found</h1>" in response.content.decode()


def test_read_only_user_is_told_why_a_change_is_refused(client, personas):
    event = make_event("KH")
    client.force_login(personas["donor"])
    response = client.get(reverse("activities:event_edit", args=[event.pk]))
    assert response.status_code == 403
    body = response.content.decode()
    assert "<title>Not allowed · Pathways</title>" in body
    assert "You do not have the role to do this." in body
    assert "ask your country manager or the regional MEL admin" in body


def test_server_error_page_is_a_plain_pathways_page():
    response = server_error(RequestFactory().get("/"))
    body = response.content.decode()
    assert response.status_code == 500
    assert "<h1>Something went wrong</h1>" in body
    assert "Please try again in a moment." in body


def test_missing_page_speaks_khmer_to_a_khmer_reader(client, personas):
    client.force_login(personas["kh_officer"])
    client.cookies[settings.LANGUAGE_COOKIE_NAME] = "km"
    body = client.get("/no-such-page/").content.decode()
    assert "<h1>រកមិនឃើញទំព័រ</h1>" in body  # Page not found


def test_a_change_the_role_does_not_allow_is_a_not_allowed_page_with_the_reason(client, donor):
    event = make_event("KH")
    client.force_login(donor)
    response = client.get(reverse("activities:import_upload", args=[event.pk]))
    body = response.content.decode()
    assert response.status_code == 403
    assert "Not allowed" in body and "You cannot change this event." in body
    assert 'aria-label="Main"' in body
