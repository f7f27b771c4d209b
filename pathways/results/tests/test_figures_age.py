"""The age counted for an attendance is the age at the event (docs/counting-rules.md): the
breakdown by age, the age filter and the records all read the one rule."""

from __future__ import annotations

import datetime as dt

import pytest

from pathways.activities.ages import age_band_at_event, age_band_of
from pathways.activities.models import Attendance, Event
from pathways.results import figures
from pathways.results.figures import FigureFilters, Rule
from pathways.results.tables import attendance_table
from pathways.results.tests.factories import attend, make_event, make_person, make_training

pytestmark = pytest.mark.django_db

ALL_YEARS = {"start": dt.date(2000, 1, 1), "end": dt.date(2030, 12, 31)}


def band_at(event: Event, **person_and_attendance) -> str:
    age = person_and_attendance.pop("age", None)
    band = person_and_attendance.pop("age_band", None)
    attendance = attend(event, make_person(**person_and_attendance), age=age, age_band=band)
    counted = (
        Attendance.objects.filter(pk=attendance.pk)
        .annotate(b=age_band_at_event())
        .values_list("b", flat=True)
        .get()
    )
    a, p = attendance, attendance.person
    in_python = age_band_of(
        start=event.start_date,
        birth_date=p.birth_date,
        birth_year=p.birth_year,
        age=a.age,
        age_band=a.age_band,
    )
    assert counted == in_python
    return counted


@pytest.mark.parametrize(
    ("start", "born", "band"),
    [
        (dt.date(2021, 6, 15), dt.date(2003, 6, 15), "18_24"),  # eighteen on the event's day
        (dt.date(2021, 6, 14), dt.date(2003, 6, 15), "under_18"),  # the day before
        (dt.date(2021, 12, 31), dt.date(2003, 12, 31), "18_24"),  # a year's last day
        (dt.date(2021, 1, 1), dt.date(2003, 12, 31), "under_18"),  # 17 on new year's day
        (dt.date(2021, 3, 1), dt.date(1966, 2, 28), "55_plus"),
        (dt.date(2021, 2, 27), dt.date(1966, 2, 28), "45_54"),
    ],
)
def test_a_birth_date_gives_the_exact_age_on_the_events_start_date(start, born, band):
    assert band_at(make_event(start=start), birth_date=born) == band


@pytest.mark.parametrize(
    ("start", "band"),
    [
        (dt.date(2021, 1, 1), "18_24"),
        (dt.date(2021, 12, 31), "18_24"),
        (dt.date(2020, 12, 31), "under_18"),
    ],
)
def test_a_birth_year_alone_gives_the_events_year_minus_the_birth_year(start, band):
    assert band_at(make_event(start=start), birth_year=2003) == band


def test_a_birth_year_outweighs_the_age_the_sheet_gave():
    event = make_event(start=dt.date(2021, 5, 1))
    assert band_at(event, birth_year=1980, age=19, age_band="18_24") == "35_44"


def test_without_a_birth_year_the_age_or_band_given_for_the_event_counts():
    event = make_event(start=dt.date(2021, 5, 1))
    assert band_at(event, age=30) == "25_34"
    assert band_at(event, age=30, age_band="55_plus") == "25_34"
    assert band_at(event, age_band="45_54") == "45_54"


def test_nothing_known_is_not_recorded():
    assert band_at(make_event(start=dt.date(2021, 5, 1))) == "not_recorded"


def test_one_person_counts_in_the_band_of_each_events_year():
    person = make_person(birth_year=1997)
    early = make_training(start=dt.date(2021, 3, 1))  # 24
    late = make_training(start=dt.date(2022, 3, 1))  # 25
    attend(early, person)
    attend(late, person)
    kw = {"events": Event.objects.all(), **ALL_YEARS}
    rows = {r.key: r.count for r in figures.breakdown(Rule.PARTICIPANTS, "age_band", **kw).rows}
    assert rows == {"18_24": 1, "25_34": 1}
    trained = figures.breakdown(Rule.PEOPLE_TRAINED, "age_band", **kw)
    assert {r.key: r.count for r in trained.rows} == {"18_24": 1, "25_34": 1}
    assert not trained.is_additive


def test_breakdown_filter_and_records_agree_on_the_age_at_the_event():
    event = make_training(start=dt.date(2021, 9, 1))
    attend(event, make_person(birth_date=dt.date(2003, 9, 2)))  # 17 the day before 18
    attend(event, make_person(birth_year=1990))
    attend(event, make_person(), age=40)
    attend(event, make_person(), age_band="55_plus")
    attend(event, make_person())
    attend(make_event(start=dt.date(2021, 9, 1)), make_person(birth_year=1960))
    kw = {"events": Event.objects.all(), **ALL_YEARS}
    for rule in (Rule.PARTICIPANTS, Rule.PEOPLE_TRAINED):
        result = figures.breakdown(rule, "age_band", **kw)
        assert result.rows, rule
        for row in result.rows:
            narrowed = figures.FigureFilters(age_band=row.key)
            assert figures.figure_value(rule, filters=narrowed, **kw) == row.count, row.key
            assert figures.records(rule, filters=narrowed, **kw).count() == row.count
    participants = figures.breakdown(Rule.PARTICIPANTS, "age_band", **kw)
    assert {r.key: r.count for r in participants.rows} == {
        "under_18": 1,
        "25_34": 1,
        "35_44": 1,
        "55_plus": 2,
        "not_recorded": 1,
    }
    table = attendance_table(figures.participant_records(**kw))
    shown = sorted(row[5] for row in table.rows)
    assert shown.count("Not recorded") == 1 and shown.count("55 and over") == 2


def test_the_band_kept_on_the_person_is_not_counted():
    event = make_event(start=dt.date(2021, 5, 1))
    person = make_person()
    person.age_band = "35_44"
    person.save()
    attend(event, person)
    kw = {"events": Event.objects.all(), **ALL_YEARS}
    assert (
        figures.figure_value(
            Rule.PARTICIPANTS, filters=FigureFilters(age_band="not_recorded"), **kw
        )
        == 1
    )


def test_the_migration_copies_a_persons_band_onto_attendances_only_without_a_birth_year():
    import importlib

    from django.apps import apps as django_apps

    migration = importlib.import_module("pathways.activities.migrations.0013_age_at_the_event")
    event = make_event(start=dt.date(2021, 5, 1))
    banded = make_person()
    born = make_person(birth_year=1990)
    unknown = make_person()
    for person, band in ((banded, "35_44"), (born, "55_plus"), (unknown, "not_recorded")):
        person.age_band = band
        person.save()
        attend(event, person)
    migration.copy_person_bands(django_apps, None)
    copied = dict(Attendance.objects.values_list("person_id", "age_band"))
    assert copied == {banded.pk: "35_44", born.pk: None, unknown.pk: None}


def test_the_breakdown_by_age_is_one_aggregate_query(django_assert_num_queries):
    event = make_training(start=dt.date(2021, 9, 1))
    attend(event, make_person(birth_date=dt.date(1990, 1, 1)))
    attend(event, make_person(), age=30)
    kw = {"events": Event.objects.all(), **ALL_YEARS}
    for rule in (Rule.PARTICIPANTS, Rule.PEOPLE_TRAINED):
        with django_assert_num_queries(1):
            figures.breakdown(rule, "age_band", **kw)
