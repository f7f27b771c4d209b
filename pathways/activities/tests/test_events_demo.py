"""The event list over the demo data agrees with the factsheet's counting rules."""

from __future__ import annotations

import datetime as dt

import pytest
from django.urls import reverse

from pathways.activities.models import Event
from pathways.results.figures import count_participants

pytestmark = pytest.mark.django_db
PERIOD = {"country": "KH", "start": "2021-07-01", "end": "2022-06-30"}


def test_cambodia_financial_year_lists_the_factsheet_events(client, demo_data, kh_officer):
    client.force_login(kh_officer)
    url = reverse("activities:event_list")
    response = client.get(url, {**PERIOD, "sort": "participants"})
    assert response.context["page_obj"].paginator.count == 35
    trainings = client.get(url, {**PERIOD, "type": "training"})
    assert trainings.context["page_obj"].paginator.count == 10


def test_participants_column_follows_the_participant_rule(client, demo_data, kh_officer):
    client.force_login(kh_officer)
    url = reverse("activities:event_list")
    pages = [client.get(url, {**PERIOD, "page": n}).context["page_obj"] for n in (1, 2)]
    listed = sum(e.participants for page in pages for e in page)
    events = Event.objects.filter(country__code="KH")
    expected = count_participants(
        events=events, start=dt.date(2021, 7, 1), end=dt.date(2022, 6, 30)
    ).total
    assert listed == expected
