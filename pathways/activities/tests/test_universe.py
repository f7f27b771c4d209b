from __future__ import annotations

import datetime as dt

import pytest

from pathways.activities.tests.factories import country, make_event, organisation
from pathways.activities.universe import universe_for, universe_of_all

pytestmark = pytest.mark.django_db


@pytest.fixture
def events() -> dict[str, object]:
    return {
        "kh": make_event(title="Synthetic KH workshop"),
        "led": make_event(title="Synthetic LSCW forum", lead="LSCW"),
        "co": make_event(title="Synthetic co-run training", co_organisers=("LSCW",)),
        "la": make_event(country_code="LA", title="Synthetic Lao consultation"),
    }


def test_country_staff_count_every_event_of_their_country(events, kh_officer):
    universe = universe_for(kh_officer, country("KH"))
    assert set(universe.events) == {events["kh"], events["led"], events["co"]}
    assert not universe.partial and universe.personal
    assert universe.label == "Cambodia"


def test_a_partner_counts_only_the_events_its_organisation_runs_or_co_runs(events, lscw_partner):
    universe = universe_for(lscw_partner, country("KH"))
    assert set(universe.events) == {events["led"], events["co"]}
    assert universe.partial and universe.personal
    assert universe.partners == (organisation("LSCW"),)
    assert universe.label == "Cambodia — events run or co-run by LSCW"


def test_only_the_admin_sees_names_behind_the_regions_figures(events, admin_user, donor):
    assert universe_for(admin_user, None).personal
    regional = universe_for(donor, None)
    assert not regional.personal and not regional.partial
    assert set(regional.events) == set(events.values())
    assert regional.label == "Region"


def test_a_country_user_asking_for_the_region_is_told_it_is_their_part(events, kh_officer):
    universe = universe_for(kh_officer, None)
    assert events["la"] not in set(universe.events)
    assert universe.label == "Region — the events you can see"


def test_narrowed_to_an_organisation_counts_each_of_its_events_once(events, donor):
    narrowed = universe_for(donor, country("KH")).narrowed_to(organisation("LSCW"))
    assert sorted(e.pk for e in narrowed.events) == sorted([events["led"].pk, events["co"].pk])
    assert narrowed.partial
    assert "LSCW" in narrowed.label


def test_an_event_counts_in_the_period_its_start_date_lies_in(db):
    june = make_event(start_date=dt.date(2022, 6, 30), end_date=dt.date(2022, 7, 2))
    july = make_event(start_date=dt.date(2022, 7, 1))
    universe = universe_of_all(country("KH"))
    assert list(universe.in_period(dt.date(2021, 7, 1), dt.date(2022, 6, 30))) == [june]
    assert list(universe.in_period(dt.date(2022, 7, 1), dt.date(2023, 6, 30))) == [july]
    assert not universe.personal and not universe.partial
