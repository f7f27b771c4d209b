from __future__ import annotations

import pytest
from django.urls import reverse

from pathways.activities.models import Event
from pathways.activities.tests.factories import make_event

pytestmark = pytest.mark.django_db

BANNER = "Demo data: every person, event and figure here is synthetic"


def test_every_page_says_the_records_are_synthetic_when_demo_data_is_loaded(client, kh_officer):
    make_event()  # the factory's events are synthetic, as the demo's are
    client.force_login(kh_officer)
    assert BANNER in client.get(reverse("activities:event_list")).content.decode()
    assert BANNER in client.get(reverse("results:dashboard_region"), follow=True).content.decode()


def test_no_demo_banner_over_real_records(client, kh_officer):
    make_event()
    Event.objects.update(is_synthetic=False)
    client.force_login(kh_officer)
    assert BANNER not in client.get(reverse("activities:event_list")).content.decode()
