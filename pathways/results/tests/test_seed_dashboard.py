"""The Cambodia factsheet's figures on the dashboard, from the demo database (load_demo)."""

from __future__ import annotations

import re

import pytest
from django.urls import reverse

from pathways.activities.importing import import_file
from pathways.activities.models import Attendance, Event, Person
from pathways.activities.tests.import_sheets import xlsx_bytes
from pathways.demo.results import load_demo_results
from pathways.results.models import Achievement

KH = reverse("results:dashboard_country", args=["KH"])
FY = "start=2021-07-01&end=2022-06-30"


def figure_text(html: str, element_id: str) -> str:
    match = re.search(rf'id="{element_id}">([^<]+)<', html)
    assert match, element_id
    return match.group(1)


@pytest.fixture
def demo(demo_data, db):
    load_demo_results()


def test_kh_manager_sees_the_factsheet_figures(client, kh_manager, demo):
    client.force_login(kh_manager)
    html = client.get(f"{KH}?{FY}").content.decode()
    assert figure_text(html, "fig-events") == "35"
    assert figure_text(html, "fig-participants") == "1,038"
    assert "35% women, 65% men" in html
    assert figure_text(html, "fig-cd-events") == "10"
    assert figure_text(html, "fig-people-trained") == "328"
    assert "34% women, 66% men" in html
    assert "Example of good practice in cross-agency cooperation" in html


def test_clicking_328_lists_328_distinct_people(client, kh_manager, demo):
    client.force_login(kh_manager)
    url = reverse("results:records_country", args=["KH", "people-trained"])
    html = client.get(f"{url}?{FY}").content.decode()
    assert figure_text(html, "record-count") == "328"
    csv = client.get(f"{url}?{FY}&format=csv").content.decode("utf-8-sig")
    names = [line.split(",")[0] for line in csv.strip().splitlines()[2:]]
    assert len(names) == 328


def test_the_donor_sees_the_same_figures_and_no_names(client, donor, demo):
    client.force_login(donor)
    html = client.get(f"{KH}?{FY}").content.decode()
    assert figure_text(html, "fig-people-trained") == "328"
    assert "34% women, 66% men" in html
    url = reverse("results:records_country", args=["KH", "people-trained"])
    page = client.get(f"{url}?{FY}").content.decode()
    assert "The rows add up to 328." in page
    trained = Person.objects.filter(
        attendances__event__country__code="KH", attendances__event__event_type="training"
    ).distinct()[:100]
    assert not any(p.full_name in page or (p.latin_name and p.latin_name in page) for p in trained)


def test_new_attendance_in_a_cambodia_event_shows_on_the_next_load(client, kh_manager, demo):
    client.force_login(kh_manager)
    training = Event.objects.filter(
        country__code="KH",
        event_type="training",
        start_date__range=("2021-07-01", "2022-06-30"),
    ).first()
    newcomer = Person.objects.create(
        full_name="Newcomer", name_key="newcomer", sex="woman", country=training.country
    )
    Attendance.objects.create(event=training, person=newcomer)
    html = client.get(f"{KH}?{FY}").content.decode()
    assert figure_text(html, "fig-participants") == "1,039"
    assert figure_text(html, "fig-people-trained") == "329"


def test_importing_a_sheet_into_a_cambodia_event_changes_the_figures_on_the_next_load(
    client, kh_manager, demo
):
    client.force_login(kh_manager)
    trainings = Event.objects.filter(
        country__code="KH", event_type="training", start_date__range=("2021-07-01", "2022-06-30")
    ).order_by("start_date", "pk")
    target, other = trainings[0], trainings[1]
    # Someone already trained that year at another training: one more participant, and
    # still one person among the people trained.
    already_trained = (
        Person.objects.filter(attendances__event=other, attendances__role="participant")
        .exclude(attendances__event=target)
        .exclude(email="")
        .first()
    )
    sheet = [
        ["No.", "Name", "Sex", "Position", "Organisation", "Email"],
        ["1", "Synthetic Importee Sophea", "F", "Prosecutor", "MoJ", "sophea@example.org"],
        ["2", "Synthetic Importee Rith", "M", "Police officer", "CNP", "rith@example.org"],
        ["3", already_trained.full_name, "", "", "", already_trained.email],
    ]
    result = import_file(
        actor=kh_manager, event=target, data=xlsx_bytes(sheet), file_name="signin.xlsx"
    )
    assert result.errors == []
    assert (result.attendances_added, result.persons_created, result.persons_matched) == (3, 2, 1)

    html = client.get(f"{KH}?{FY}").content.decode()
    assert figure_text(html, "fig-events") == "35"
    assert figure_text(html, "fig-participants") == "1,041"
    assert figure_text(html, "fig-cd-events") == "10"
    assert figure_text(html, "fig-people-trained") == "330"
    url = reverse("results:records_country", args=["KH", "people-trained"])
    assert figure_text(client.get(f"{url}?{FY}").content.decode(), "record-count") == "330"


def test_seed_achievements_link_to_the_demo_events(demo):
    moj = Achievement.objects.get(title="Ministry of Justice training on anti-money laundering")
    assert moj.related_events.filter(lead_organisation__acronym="MoJ").exists()
