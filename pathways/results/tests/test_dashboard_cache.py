"""The dashboard body is cached under the version of the records its figures read: every
audited write of them shows on the next load (tests/test_dashboard_freshness.py: and other
writes leave it cached), and users who may see different records never share a body."""

from __future__ import annotations

from django.contrib.messages import get_messages
from django.urls import reverse

from pathways.activities.models import Attendance
from pathways.activities.services import attendance_add, attendance_remove
from pathways.results.tests.factories import attend, make_event, make_person, make_training

FY = "start=2021-07-01&end=2022-06-30"
KH = reverse("results:dashboard_country", args=["KH"])


def figure(client, element_id: str, query: str = FY) -> str:
    html = client.get(f"{KH}?{query}").content.decode()
    return html.split(f'id="{element_id}">', 1)[1].split("<", 1)[0]


def test_attendance_added_through_the_service_shows_on_the_next_load(client, kh_officer):
    training = make_training()
    attend(training, make_person(name="First Person"))
    client.force_login(kh_officer)
    assert figure(client, "fig-participants") == "1"
    attendance_add(actor=kh_officer, event=training, person=make_person(name="Second Person"))
    assert figure(client, "fig-participants") == "2"
    assert figure(client, "fig-people-trained") == "2"


def test_attendance_removed_through_the_service_shows_on_the_next_load(client, kh_officer):
    training = make_training()
    attend(training, make_person(name="First Person"))
    attend(training, make_person(name="Second Person"))
    client.force_login(kh_officer)
    assert figure(client, "fig-participants") == "2"
    attendance_remove(actor=kh_officer, attendance=Attendance.objects.first())
    assert figure(client, "fig-participants") == "1"


def test_a_partner_and_a_manager_never_share_a_cached_dashboard(client, lscw_partner, kh_manager):
    attend(make_event(lead="LSCW"), make_person(name="Partner Participant"))
    attend(make_training(), make_person(name="Someone Else"))
    client.force_login(lscw_partner)
    assert figure(client, "fig-events") == "1"
    client.force_login(kh_manager)
    assert figure(client, "fig-events") == "2"
    client.force_login(lscw_partner)
    assert figure(client, "fig-events") == "1"


def test_each_period_has_its_own_cached_dashboard(client, kh_manager):
    attend(make_training(), make_person(name="In The Year"))
    client.force_login(kh_manager)
    assert figure(client, "fig-events") == "1"
    assert figure(client, "fig-events", "start=2022-07-01&end=2023-06-30") == "0"


def test_dates_that_cannot_be_used_are_reported_on_every_load(client, kh_manager):
    attend(make_training(), make_person(name="In The Year"))
    client.force_login(kh_manager)
    for _ in range(2):
        response = client.get(f"{KH}?start=2021-13-01&end=2022-06-30")
        assert response.status_code == 200
        assert any("could not be used" in str(m) for m in get_messages(response.wsgi_request))


def test_a_cached_dashboard_reads_no_records(client, kh_manager, django_assert_max_num_queries):
    attend(make_training(), make_person(name="In The Year"))
    client.force_login(kh_manager)
    client.get(f"{KH}?{FY}")
    # The session, the user, the memberships, the cache key's inputs, and the navigation's
    # two questions (any casework role? notices unread?): none reads the figures' records.
    with django_assert_max_num_queries(9):
        second = client.get(f"{KH}?{FY}").content.decode()
    assert 'id="fig-events">1<' in second
    assert '<h2 id="charts-h">' in second  # the body, not escaped text
