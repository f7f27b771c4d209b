"""Every output of a figure counts the same events: for each demo persona, in each place it
may open, for every financial year of the demo data and one period of our own, the
dashboard's headline figures, the factsheet's, the API's `/figures/` and (where the persona
counts every event of the place) the donor workbook's agree.
"""

from __future__ import annotations

import datetime as dt
import io
from typing import Any

import pytest
from django.test import Client
from django.urls import reverse
from openpyxl import load_workbook

from pathways.accounts.access import scope_for, visible_countries
from pathways.accounts.models import User
from pathways.activities.models import Event
from pathways.activities.universe import universe_for
from pathways.api.tests.factories import api_client
from pathways.programs.models import Country
from pathways.reports.workbook import donor_workbook_bytes
from pathways.results.periods import Period, financial_years_with_data
from pathways.results.views import dashboard

pytestmark = pytest.mark.django_db

# Across two financial years, so the period rule is tested on a boundary of its own.
CUSTOM = Period(dt.date(2021, 10, 1), dt.date(2022, 9, 30))
SEX_KEYS = ("total", "women", "men", "other", "not_recorded")


def _sex(values: dict[str, Any]) -> tuple[int, ...]:
    return tuple(values[k] for k in SEX_KEYS)


def _headline(events: int, participants, capacity: int, trained) -> dict[str, Any]:
    return {
        "events": events,
        "participants": _sex(participants),
        "capacity_development_events": capacity,
        "people_trained": _sex(trained),
    }


def _dashboard(client: Client, country: Country | None, period: Period, seen: list) -> dict:
    url = (
        reverse("results:dashboard_country", args=[country.code])
        if country
        else reverse("results:dashboard_region")
    )
    seen.clear()
    response = client.get(url, {"start": period.start, "end": period.end})
    assert response.status_code == 200
    [f] = seen
    return _headline(
        f["events"],
        f["participants"].as_dict(),
        f["capacity_development_events"],
        f["people_trained"].as_dict(),
    )


def _factsheet(client: Client, country: Country | None, period: Period) -> tuple[dict, str]:
    url = (
        reverse("reports:factsheet_json", args=[country.code])
        if country
        else reverse("reports:region_factsheet_json")
    )
    data = client.get(url, {"start": period.start, "end": period.end}).json()
    return _api_headline(data), data["counted"]


def _api_headline(data: dict[str, Any]) -> dict[str, Any]:
    return _headline(
        data["events"],
        data["participants"],
        data["capacity_development_events"],
        data["people_trained"],
    )


def _workbook_figures() -> dict[tuple[str, dt.date, dt.date], dict[str, Any]]:
    """The donor workbook's figures sheet by place name and period."""
    # As the workbook's job makes it (reports/background.py), which the page queues.
    sheet = load_workbook(io.BytesIO(donor_workbook_bytes()), read_only=True).worksheets[0]
    rows = iter(sheet.iter_rows(values_only=True))
    next(rows)  # headers
    found = {}
    for row in rows:
        place, _fy, start, end, events, *rest = row
        participants, capacity, trained = rest[0:5], rest[9], rest[10:15]
        found[(place, start.date(), end.date())] = {
            "events": events,
            "participants": tuple(participants),
            "capacity_development_events": capacity,
            "people_trained": tuple(trained),
        }
    return found


def _places(user: User) -> list[Country | None]:
    regional: list[Country | None] = [None] if scope_for(user).is_regional else []
    return regional + visible_countries(user)


@pytest.fixture
def seen_figures(monkeypatch) -> list[dict[str, Any]]:
    """The headline figures the dashboard view computed, as it rendered them."""
    seen: list[dict[str, Any]] = []
    original = dashboard.dashboard_figures

    def spy(board, query):
        figures = original(board, query)
        seen.append(figures)
        return figures

    monkeypatch.setattr(dashboard, "dashboard_figures", spy)
    return seen


def test_dashboard_factsheet_api_and_workbook_count_the_same_events(
    demo_data, personas, seen_figures
):
    years = financial_years_with_data(Event.objects.all())
    assert len(years) >= 2, "the demo data should span several financial years"
    workbook = _workbook_figures()
    compared_with_workbook = 0
    for username, user in sorted(personas.items()):
        page = Client()
        page.force_login(user)
        api = api_client(user)
        for country in _places(user):
            universe = universe_for(user, country)
            place = country.name if country else "Region (all countries)"
            whole = not universe.partial and (country is not None or universe.whole_region)
            for period in [*years, CUSTOM]:
                where = f"{username} in {place}, {period.start}–{period.end}"
                shown = _dashboard(page, country, period, seen_figures)
                sheet, counted = _factsheet(page, country, period)
                params = {"start": period.start, "end": period.end}
                if country:
                    params["country"] = country.code
                figures = api.get("/api/v1/figures/", params).json()
                assert sheet == shown, where
                assert _api_headline(figures) == shown, where
                assert counted == figures["counted"] == universe.label, where
                in_workbook = workbook.get((place, period.start, period.end))
                if whole and in_workbook is not None:
                    assert in_workbook == shown, where
                    compared_with_workbook += 1
    assert compared_with_workbook, "no figure was compared with the donor workbook"


def test_a_partner_sees_whose_events_its_figures_count(demo_data, lscw_partner):
    """LSCW's partner counts only LSCW's own events in Lao PDR; every output says so."""
    country = visible_countries(lscw_partner)[0]
    universe = universe_for(lscw_partner, country)
    assert universe.partial and universe.personal
    assert "LSCW" in universe.label
    period = financial_years_with_data(universe.events)[0]
    params = {"start": period.start, "end": period.end}
    api = api_client(lscw_partner)
    figures = api.get("/api/v1/figures/", {**params, "country": country.code}).json()
    sheet = api.get("/api/v1/factsheet/", {**params, "country": country.code}).json()
    assert figures["counted"] == sheet["counted"] == universe.label
    assert sheet["partial"] is True
    page = Client()
    page.force_login(lscw_partner)
    response = page.get(reverse("results:dashboard_country", args=[country.code]), params)
    assert universe.label in response.content.decode()
