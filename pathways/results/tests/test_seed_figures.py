"""The demo database reproduces the published ASEAN-ACT Cambodia factsheet (shared/seed),
computed by the counting rules, one function each."""

from __future__ import annotations

import datetime as dt

import pytest

from pathways.activities.models import Event
from pathways.results import figures

START, END = dt.date(2021, 7, 1), dt.date(2022, 6, 30)


@pytest.fixture
def cambodia(demo_data, db) -> dict:
    return {"events": Event.objects.filter(country__code="KH"), "start": START, "end": END}


def led_by(acronym: str, **period: dt.date) -> dict:
    return {"events": Event.objects.filter(lead_organisation__acronym=acronym), **period}


def test_cambodia_events_and_participants_match_the_factsheet(cambodia):
    assert figures.count_events(**cambodia) == 35
    participants = figures.count_participants(**cambodia)
    assert (participants.total, participants.women, participants.men) == (1038, 363, 675)
    assert (participants.pct_women, participants.pct_men) == (35, 65)
    assert participants.not_recorded == 0


def test_cambodia_capacity_development_and_people_trained_match_the_factsheet(cambodia):
    assert figures.count_capacity_development_events(**cambodia) == 10
    trained = figures.count_people_trained(**cambodia)
    assert (trained.total, trained.women, trained.men) == (328, 112, 216)
    assert (trained.pct_women, trained.pct_men) == (34, 66)


def test_people_trained_are_fewer_than_their_training_attendances(cambodia):
    trainings = figures.capacity_development_event_records(**cambodia)
    attendances = figures.participant_records(events=trainings, start=START, end=END).count()
    assert attendances > figures.count_people_trained(**cambodia).total


def test_the_named_trainings_of_the_factsheet(cambodia):
    period = {"start": START, "end": END}
    moj = figures.count_people_trained(**led_by("MoJ", **period))
    assert (moj.total, moj.women, moj.men) == (22, 7, 15)
    mosvy = figures.count_people_trained(**led_by("MoSVY", **period))
    assert (mosvy.total, mosvy.women, mosvy.men) == (119, 34, 85)
    assert figures.count_capacity_development_events(**led_by("MoSVY", **period)) == 2
    ncct = figures.capacity_development_event_records(**led_by("NCCT", **period))
    assert ncct.count() == 2
    assert all("victim identification" in e.title for e in ncct)
    sop = figures.event_records(**led_by("CNP", **period)).filter(
        event_type=Event.Type.WORKSHOP, title__contains="Standard Operating Procedures"
    )
    assert sop.count() == 2


def test_facilitators_and_speakers_are_recorded_but_not_counted(cambodia):
    records = figures.event_records(**cambodia)
    all_attendances = sum(e.attendances.count() for e in records)
    assert all_attendances > figures.count_participants(**cambodia).total


def test_other_countries_have_participants_whose_sex_was_not_recorded(cambodia):
    region = figures.count_participants(
        events=Event.objects.all(), start=dt.date(2018, 7, 1), end=dt.date(2028, 6, 30)
    )
    assert region.not_recorded > 0
    assert region.total == region.women + region.men + region.other + region.not_recorded
