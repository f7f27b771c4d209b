"""Error pages keep the site around them, so a user can find their way back."""

from __future__ import annotations

import pytest
from django.urls import reverse

from pathways.activities.tests.import_sheets import make_event

pytestmark = pytest.mark.django_db


def test_a_page_out_of_scope_is_a_not_found_page_with_the_navigation(client, la_manager):
    client.force_login(la_manager)
    response = client.get(reverse("programs:country", args=["KH"]))
    body = response.content.decode()
    assert response.status_code == 404
    assert "Page not found" in body
    assert 'aria-label="Main"' in body and reverse("accounts:home") in body
    assert "Director General of Prosecution" not in body  # nothing of the page leaks


def test_a_change_the_role_does_not_allow_is_a_not_allowed_page_with_the_reason(client, donor):
    event = make_event()
    client.force_login(donor)
    response = client.get(reverse("activities:import_upload", args=[event.pk]))
    body = response.content.decode()
    assert response.status_code == 403
    assert "Not allowed" in body and "You cannot change this event." in body
    assert 'aria-label="Main"' in body
