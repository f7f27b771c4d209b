"""Saving an event in the Django admin takes part in optimistic locking like every other
write: it moves the version on, and a form loaded before someone else's save is refused."""

from __future__ import annotations

import datetime as dt

import pytest
from django.contrib import admin
from django.urls import reverse

from pathways.activities.models import Event
from pathways.activities.tests.factories import country, make_event
from pathways.activities.tests.test_events_views import event_form_data
from pathways.api.tests.factories import api_client
from pathways.audit.models import AuditEvent

pytestmark = pytest.mark.django_db


def admin_change_data(client, event: Event, **changes) -> dict:
    """What the admin's change form posts: every field as loaded, with `changes` applied."""
    form = (
        client.get(reverse("admin:activities_event_change", args=[event.pk]))
        .context["adminform"]
        .form
    )
    data = {}
    for name in form.fields:
        value = form[name].value()
        if isinstance(value, dt.date):
            value = value.isoformat()
        if value is not None and value is not False:
            data[name] = value
    return {**data, **changes}


def admin_save(client, event: Event, data: dict):
    return client.post(reverse("admin:activities_event_change", args=[event.pk]), data)


def test_an_admin_save_moves_the_version_on_and_a_stale_web_form_gets_a_conflict(
    client, admin_user, kh_officer
):
    event = make_event(title="Original")
    officer = client.__class__()
    officer.force_login(kh_officer)
    web_url = reverse("activities:event_edit", args=[event.pk])
    assert officer.get(web_url).context["form"]["version"].value() == 1
    client.force_login(admin_user)

    assert (
        admin_save(
            client, event, admin_change_data(client, event, title="Admin's title")
        ).status_code
        == 302
    )
    event.refresh_from_db()
    assert (event.title, event.version) == ("Admin's title", 2)
    assert AuditEvent.objects.latest("id").changes["version"] == [1, 2]

    response = officer.post(web_url, event_form_data(title="Officer's title", version=1))
    assert response.status_code == 409
    assert "Admin&#x27;s title" in response.content.decode()
    event.refresh_from_db()
    assert (event.title, event.version) == ("Admin's title", 2)


def test_an_api_patch_with_the_version_read_before_an_admin_save_is_409(
    client, admin_user, kh_officer
):
    event = make_event(title="Original")
    client.force_login(admin_user)
    admin_save(client, event, admin_change_data(client, event, description="Checked by MEL"))
    response = api_client(kh_officer).patch(
        f"/api/v1/events/{event.pk}/",
        {"version": 1, "description": "Officer's notes"},
        content_type="application/json",
    )
    assert response.status_code == 409
    assert response.json()["conflicts"][0]["field"] == "description"
    event.refresh_from_db()
    assert event.description == "Checked by MEL"


def test_an_admin_form_loaded_before_a_web_save_is_refused_and_changes_nothing(
    client, admin_user, kh_officer
):
    event = make_event(title="Original", start_date=dt.date(2021, 11, 2))
    client.force_login(admin_user)
    stale = admin_change_data(client, event, title="Admin's title")
    officer = client.__class__()
    officer.force_login(kh_officer)
    web_url = reverse("activities:event_edit", args=[event.pk])
    data = event_form_data(title="Officer's title", version=1, country=country("KH").pk)
    assert officer.post(web_url, data).status_code == 302

    response = admin_save(client, event, stale)
    assert response.status_code == 200
    assert "Someone else saved this record while you were editing it" in response.content.decode()
    event.refresh_from_db()
    assert (event.title, event.version) == ("Officer's title", 2)


def test_an_admin_save_that_changes_nothing_keeps_the_version(client, admin_user):
    event = make_event()
    client.force_login(admin_user)
    admin_save(client, event, admin_change_data(client, event))
    event.refresh_from_db()
    assert event.version == 1


def test_every_versioned_model_in_the_admin_carries_its_version(rf, admin_user):
    versioned = [
        model_admin
        for model, model_admin in admin.site._registry.items()
        if any(f.name == "version" for f in model._meta.concrete_fields)
    ]
    assert versioned
    request = rf.get("/")
    request.user = admin_user
    for model_admin in versioned:
        form = model_admin.get_form(request, obj=model_admin.model(), change=True)
        assert "loaded_version" in form.base_fields, model_admin
