"""Figures read from the participant tally equal the same figures counted from the records."""

from __future__ import annotations

import datetime as dt
from types import SimpleNamespace

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext

from pathways.activities import tally
from pathways.activities.models import Event, EventTally, Sex
from pathways.activities.universe import Universe
from pathways.programs.models import Country
from pathways.results import figures
from pathways.results.figures import DIMENSIONS, NO_FILTERS, FigureFilters, Rule
from pathways.results.periods import Period
from pathways.results.tests.factories import (
    make_cambodia_like,
    varied_records,
)
from pathways.results.views.dashboard import Board, Query, dashboard_figures

pytestmark = [
    pytest.mark.django_db,
    pytest.mark.skipif(not tally.is_kept(), reason="the tally is kept on SQLite and PostgreSQL"),
]
ALL_YEARS = {"start": dt.date(2000, 1, 1), "end": dt.date(2100, 12, 31)}
FILTERS = [
    NO_FILTERS,
    FigureFilters(pathway="national"),
    FigureFilters(pathway="not_recorded"),
    FigureFilters(country="KH", event_type=Event.Type.TRAINING),
    FigureFilters(outcome_area="justice"),
    FigureFilters(outcome_area="not_recorded"),
    FigureFilters(sex=Sex.WOMAN),
    FigureFilters(position="police"),
    FigureFilters(organisation_type="ngo"),
]


@pytest.fixture
def records(db):
    """The Cambodia-like year, and a little of everything around it, missing values too."""
    make_cambodia_like()
    varied_records(workshop_start=dt.date(2019, 12, 1), third_sex=Sex.OTHER)


def rows(result: figures.Breakdown) -> list[tuple]:
    return [(r.key, r.label, r.count, r.sex) for r in result.rows]


def every_participant_figure() -> dict:
    out = {}
    for filters in FILTERS:
        kw = {"events": Event.objects.all(), "filters": filters, **ALL_YEARS}
        out[filters, "total"] = figures.count_participants(**kw)
        out[filters, "value"] = figures.figure_value(Rule.PARTICIPANTS, **kw)
        for by, dim in DIMENSIONS.items():
            if dim.applies_to(Rule.PARTICIPANTS):
                out[filters, by] = rows(figures.breakdown(Rule.PARTICIPANTS, by, **kw))
    return out


def test_the_tally_serves_participants_without_person_level_filters():
    assert figures.tally_serves(Rule.PARTICIPANTS, NO_FILTERS)
    assert figures.tally_serves(Rule.PARTICIPANTS, NO_FILTERS, DIMENSIONS["quarter"])
    assert figures.tally_serves(Rule.PARTICIPANTS, NO_FILTERS, DIMENSIONS["sex"])
    assert not figures.tally_serves(Rule.PARTICIPANTS, NO_FILTERS, DIMENSIONS["position"])
    assert not figures.tally_serves(Rule.PARTICIPANTS, NO_FILTERS, DIMENSIONS["organisation_type"])
    assert not figures.tally_serves(Rule.PARTICIPANTS, FigureFilters(sex=Sex.MAN))
    assert not figures.tally_serves(Rule.PEOPLE_TRAINED, NO_FILTERS)


def test_participant_figures_from_the_tally_equal_those_from_the_records(records):
    from_tally = every_participant_figure()
    # The year's 1,038, the training just before it and the seven attendances above.
    assert from_tally[NO_FILTERS, "total"].total == 1038 + 1 + 7
    # As on a database that keeps no tally.
    with figures.counting_records():
        assert every_participant_figure() == from_tally


def test_counting_records_reads_no_tally_and_ends_with_its_block(records):
    kw = {"events": Event.objects.all(), **ALL_YEARS}
    with figures.counting_records():
        assert not figures.tally_serves(Rule.PARTICIPANTS, NO_FILTERS)
        with CaptureQueriesContext(connection) as ran:
            figures.breakdown(Rule.PARTICIPANTS, "quarter", **kw)
            figures.count_participants(**kw)
    assert ran.captured_queries
    assert not any(EventTally._meta.db_table in q["sql"] for q in ran.captured_queries)
    assert figures.tally_serves(Rule.PARTICIPANTS, NO_FILTERS)


def dashboard(country: str | None) -> dict:
    events = Event.objects.all()
    place = None
    if country:
        place = Country.objects.get(code=country)
        events = events.filter(country=place)
    query = Query(Period(**ALL_YEARS), None, SimpleNamespace(filters=NO_FILTERS), [])
    f = dashboard_figures(Board(Universe(place, events, False)), query)
    return {k: rows(v) if isinstance(v, figures.Breakdown) else v for k, v in f.items()}


@pytest.mark.parametrize("country", [None, "KH", "LA"])
def test_dashboard_figures_from_the_tally_equal_those_from_the_records(records, country):
    from_tally = dashboard(country)
    with figures.counting_records():
        assert dashboard(country) == from_tally


@pytest.mark.parametrize("by", [k for k, d in DIMENSIONS.items() if d.is_person_level])
def test_people_trained_by_a_person_dimension_counts_each_person_once(records, by):
    """Each row, and its sex split, is the people trained with that value as a filter; the
    rows add up to the figure except by age band (a person trained at several events may
    have been in several bands)."""
    kw = {"events": Event.objects.all(), **ALL_YEARS}
    result = figures.breakdown(Rule.PEOPLE_TRAINED, by, **kw)
    assert result.is_additive == (by != "age_band")
    if result.is_additive:
        assert result.total == figures.count_people_trained(**kw).total
    for row in result.rows:
        narrowed = figures.count_people_trained(filters=FigureFilters(**{by: row.key}), **kw)
        assert row.sex == narrowed, (by, row.key)
