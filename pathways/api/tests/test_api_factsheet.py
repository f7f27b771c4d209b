from __future__ import annotations

import datetime as dt

import pytest
from django.contrib.auth import get_user_model
from django.test import Client
from django.urls import reverse

from pathways.api.tests.factories import api_client, attend, country, make_event, make_person
from pathways.programs.models import OutcomeArea
from pathways.results.models import Achievement

pytestmark = pytest.mark.django_db

URL = "/api/v1/factsheet/"
FY = {"start": "2021-07-01", "end": "2022-06-30"}


@pytest.fixture
def cambodia():
    """Two Cambodia events in FY 2021–22 (one led by LSCW), one verified achievement, one
    draft; and a Lao event."""
    training = make_event(code="KH", title="Synthetic training", event_type="training")
    partner = make_event(code="KH", title="Synthetic LSCW forum", lead="LSCW")
    attend(training, make_person(name="Zyxqa Testperson"))
    attend(training, make_person(name="Synthetic Man", sex="man"))
    attend(partner, make_person(name="Qwvbn Partnerseen"))
    make_event(code="LA", title="Synthetic Lao consultation")
    for status, title in (("verified", "Synthetic verified result"), ("draft", "Synthetic draft")):
        Achievement.objects.create(
            title=title,
            text="Synthetic text.",
            date=dt.date(2022, 3, 1),
            country=country("KH"),
            outcome_area=OutcomeArea.objects.get(code="justice"),
            status=status,
        )


def test_country_factsheet_has_the_figures_of_the_counting_rules(cambodia, kh_officer):
    client = api_client(kh_officer)
    sheet = client.get(URL, {"country": "kh", **FY}).json()
    figures = client.get("/api/v1/figures/", {"country": "KH", **FY}).json()
    assert sheet["country"] == "KH" and sheet["start"] == "2021-07-01"
    assert sheet["events"] == figures["events"] == 2
    assert sheet["participants"] == figures["participants"]
    assert sheet["people_trained"] == figures["people_trained"]
    assert sheet["capacity_development_events"] == 1
    assert sheet["partial"] is False
    assert [a["title"] for a in sheet["achievements"]] == ["Synthetic verified result"]


def test_api_factsheet_is_the_factsheet_pages_json(cambodia, kh_officer):
    page = Client()
    page.force_login(kh_officer)
    download = page.get(reverse("reports:factsheet_json", args=["KH"]), FY).json()
    assert api_client(kh_officer).get(URL, {"country": "KH", **FY}).json() == download


def test_factsheet_has_figures_but_no_names_for_the_donor(cambodia, donor):
    response = api_client(donor).get(URL, {"country": "KH", **FY})
    assert response.status_code == 200 and response.json()["participants"]["total"] == 3
    assert "Zyxqa" not in response.content.decode()
    region = api_client(donor).get(URL, FY).json()
    assert region["country"] is None and region["events"] == 3


def test_other_country_and_the_region_are_404_for_a_country_manager(cambodia, la_manager):
    client = api_client(la_manager)
    assert client.get(URL, {"country": "KH", **FY}).status_code == 404
    region = client.get(URL, FY)
    assert region.status_code == 404 and "region" in region.json()["detail"]
    assert client.get(URL, {"country": "LA", **FY}).json()["events"] == 1


def test_partner_factsheet_counts_only_its_own_events_and_says_so(cambodia, lscw_partner):
    sheet = api_client(lscw_partner).get(URL, {"country": "KH", **FY}).json()
    assert sheet["partial"] is True
    assert sheet["events"] == 1 and sheet["participants"]["total"] == 1


def test_period_is_required_and_must_not_end_before_it_starts(cambodia, kh_officer):
    client = api_client(kh_officer)
    missing = client.get(URL, {"country": "KH"})
    assert missing.status_code == 422
    assert {e["field"] for e in missing.json()["errors"]} == {"start", "end"}
    backwards = client.get(URL, {"country": "KH", "start": "2022-06-30", "end": "2021-07-01"})
    assert backwards.status_code == 422 and "end" in backwards.json()["detail"]


def test_factsheet_needs_a_token():
    response = Client().get(URL, FY)
    assert response.status_code == 401 and response.json()["detail"]


def test_user_without_membership_gets_no_factsheet(cambodia):
    nobody = get_user_model().objects.create_user("synthetic_nobody")
    assert api_client(nobody).get(URL, {"country": "KH", **FY}).status_code == 404
