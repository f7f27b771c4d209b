"""Each user's home at /: their dashboard under "needs you", with counts that follow the
records and link to them."""

from __future__ import annotations

import datetime as dt

import pytest
from django.urls import reverse
from django.utils import timezone

from pathways.activities.models import DuplicateCandidate
from pathways.jobs.models import Job
from pathways.programs.models import Country, OutcomeArea
from pathways.results.models import Indicator, IndicatorTarget, ReportedValue
from pathways.results.tests.factories import (
    attend,
    make_draft_achievement,
    make_event,
    make_person,
)

pytestmark = pytest.mark.django_db
HOME = "/"
LAST_MONTH = dt.date.today() - dt.timedelta(days=30)


def home(client, user) -> str:
    client.force_login(user)
    response = client.get(HOME)
    assert response.status_code == 200
    return response.content.decode()


def needs(client, user) -> str:
    """The "needs you" panel of the user's home, alone."""
    body = home(client, user)
    return body[body.index('id="needs-heading"') :].split("</section>")[0]


@pytest.mark.parametrize(
    ("persona", "title"),
    [
        ("kh_manager", "Dashboard: Cambodia"),
        ("kh_officer", "Dashboard: Cambodia"),
        ("la_manager", "Dashboard: Lao PDR"),
        ("donor", "Dashboard: Region"),
        ("admin", "Dashboard: Region"),
    ],
)
def test_home_is_the_users_dashboard_under_needs_you(client, personas, persona, title):
    body = home(client, personas[persona])
    assert f"<title>{title}" in body
    assert body.index('id="needs-heading"') < body.index('id="fig-events"')


def test_signing_in_from_the_front_door_lands_on_the_home(client, personas):
    response = client.get(HOME)
    assert response.status_code == 302 and "next=/" in response["Location"]
    client.force_login(personas["kh_officer"])
    assert "Dashboard: Cambodia" in client.get(HOME).content.decode()
    assert client.get(reverse("accounts:home"))["Location"] == HOME


def test_the_program_page_moved_to_its_own_address(client, personas):
    assert reverse("home:program") == "/program/"
    client.force_login(personas["donor"])
    assert "ASEAN-Australia Counter Trafficking" in client.get("/program/").content.decode()


def test_a_past_event_with_no_attendance_needs_its_editor_until_attendance_is_recorded(
    client, personas
):
    event = make_event(code="KH", start=LAST_MONTH)
    make_event(code="KH", start=dt.date.today() + dt.timedelta(days=10))  # not past
    make_event(code="LA", start=LAST_MONTH)  # not theirs
    body = home(client, personas["kh_officer"])
    assert "1 past event with no attendance recorded" in body
    listed = client.get(reverse("activities:event_list") + "?country=KH&attendance=past-none")
    assert [e.pk for e in listed.context["page_obj"]] == [event.pk]
    attend(event, make_person())
    assert "past event with no attendance" not in home(client, personas["kh_officer"])


def test_a_partner_is_asked_only_about_its_own_events(client, personas):
    make_event(code="KH", start=LAST_MONTH)
    make_event(code="KH", start=LAST_MONTH, lead="LSCW")
    assert "1 past event with no attendance recorded" in home(client, personas["lscw_partner"])


def test_drafts_need_their_editors_and_submissions_need_the_manager(client, personas):
    from pathways.results import services

    make_draft_achievement(title="A draft")
    submitted = make_draft_achievement(title="Sent for verification")
    services.achievement_submit(actor=None, achievement=submitted)
    officer = home(client, personas["kh_officer"])
    assert "1 draft achievement to submit" in officer
    assert "waiting for verification" not in officer
    manager = home(client, personas["kh_manager"])
    assert "1 achievement waiting for verification" in manager
    assert "status=submitted" in manager
    assert "achievement" not in needs(client, personas["la_manager"])


def test_possible_duplicates_need_those_who_may_review_them(client, personas):
    a, b = sorted([make_person(name="Sok Dara"), make_person(name="Sok Darra")], key=lambda p: p.pk)
    DuplicateCandidate.objects.create(person_a=a, person_b=b, score=0.8, reasons=["other_script"])
    assert "1 group of possible duplicates to review" in home(client, personas["kh_officer"])
    assert "possible duplicates" not in home(client, personas["donor"])


def test_a_reported_indicator_without_a_value_in_its_period_needs_the_manager(client, personas):
    today = dt.date.today()
    indicator = Indicator.objects.create(
        outcome_area=OutcomeArea.objects.get(code="justice"),
        code="synthetic-laws",
        name="Synthetic laws passed",
        unit="laws",
        kind=Indicator.Kind.REPORTED,
    )
    kh = Country.objects.get(code="KH")
    start = today - dt.timedelta(days=100)
    IndicatorTarget.objects.create(
        indicator=indicator,
        country=kh,
        period_start=start,
        period_end=today + dt.timedelta(days=200),
        target=3,
    )
    text = "1 reported indicator with no value yet for its target period"
    assert text in home(client, personas["kh_manager"])
    assert text not in home(client, personas["kh_officer"])  # reporting is the manager's
    ReportedValue.objects.create(
        indicator=indicator, country=kh, period_start=start, period_end=today, value=1
    )
    assert text not in home(client, personas["kh_manager"])


def test_a_job_that_ended_needs_its_owner_until_they_open_it(client, personas):
    officer = personas["kh_officer"]
    job = Job.objects.create(
        kind=Job.Kind.IMPORT,
        title="Import of sheet.xlsx",
        owner=officer,
        status=Job.Status.FAILED,
        error="The sheet has problems; nothing was imported.",
        finished_at=timezone.now(),
    )
    Job.objects.create(kind=Job.Kind.IMPORT, title="Import of big.xlsx", owner=officer)
    body = home(client, officer)
    assert "1 job ended that you have not opened" in body
    assert reverse("jobs:job_detail", args=[job.pk]) in body
    assert "1 job waiting or running" in body
    assert "job ended" not in home(client, personas["kh_manager"])  # not theirs
    client.get(reverse("jobs:job_detail", args=[job.pk]))  # the manager reads it: still unread
    assert "1 job ended" in home(client, officer)
    client.get(reverse("jobs:job_detail", args=[job.pk]))
    assert "job ended" not in home(client, officer)


def test_nothing_waiting_is_said_in_words(client, personas):
    assert "Nothing waits for you now." in home(client, personas["donor"])
