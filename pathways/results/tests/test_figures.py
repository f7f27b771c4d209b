from __future__ import annotations

import datetime as dt

import pytest

from pathways.activities.models import Attendance, Event, Person, Sex
from pathways.results import figures
from pathways.results.figures import DIMENSIONS, FigureFilters, Rule
from pathways.results.tests.factories import (
    FY_END,
    FY_START,
    attend,
    make_cambodia_like,
    make_event,
    make_person,
    make_training,
    org,
    varied_records,
)

pytestmark = pytest.mark.django_db
ALL = Event.objects.all
PERIOD = {"start": FY_START, "end": FY_END}


def test_cambodia_like_data_gives_the_factsheet_figures():
    make_cambodia_like()
    kw = {"events": ALL(), **PERIOD}
    assert figures.count_events(**kw) == 35
    participants = figures.count_participants(**kw)
    assert (participants.total, participants.pct_women, participants.pct_men) == (1038, 35, 65)
    assert figures.count_capacity_development_events(**kw) == 10
    trained = figures.count_people_trained(**kw)
    assert (trained.total, trained.pct_women, trained.pct_men) == (328, 34, 66)


def test_person_trained_in_two_countries_counts_once_in_region_and_once_in_each_country():
    person = make_person(code="KH")
    attend(make_training(code="KH"), person)
    attend(make_training(code="LA"), person)
    kw = {"events": ALL(), **PERIOD}
    assert figures.count_people_trained(**kw).total == 1
    by_country = figures.breakdown(Rule.PEOPLE_TRAINED, "country", **kw)
    assert {r.key: r.count for r in by_country.rows} == {"KH": 1, "LA": 1}
    assert not by_country.is_additive
    for code in ("KH", "LA"):
        universe = Event.objects.filter(country__code=code)
        assert figures.count_people_trained(events=universe, **PERIOD).total == 1
    # The same person counts twice among participants: two attendances.
    assert figures.count_participants(**kw).total == 2


def test_event_counts_in_the_period_it_starts_in_not_where_it_ends():
    spanning = make_training(start=dt.date(2022, 6, 29), end=dt.date(2022, 7, 3))
    attend(spanning, make_person())
    next_year = {"start": dt.date(2022, 7, 1), "end": dt.date(2023, 6, 30)}
    assert figures.count_events(events=ALL(), **PERIOD) == 1
    assert figures.count_events(events=ALL(), **next_year) == 0
    assert figures.count_people_trained(events=ALL(), **next_year).total == 0
    assert figures.count_participants(events=ALL(), **PERIOD).total == 1


def test_merged_persons_count_once_everywhere():
    kept, duplicate = make_person(name="Sok Dara"), make_person(name="Dara Sok")
    first, second = make_training(), make_training(start=dt.date(2022, 3, 1))
    attend(first, kept)
    attend(second, duplicate)
    kw = {"events": ALL(), **PERIOD}
    assert figures.count_people_trained(**kw).total == 2
    # A merge moves the duplicate's attendances to the kept person.
    Attendance.objects.filter(person=duplicate).update(person=kept)
    duplicate.delete()
    assert figures.count_people_trained(**kw).total == 1
    by_quarter = figures.breakdown(Rule.PEOPLE_TRAINED, "quarter", **kw)
    assert [r.count for r in by_quarter.rows] == [1, 1]  # once in each quarter trained
    assert figures.people_trained_records(**kw).count() == 1


def test_not_recorded_sex_is_counted_and_shown_never_dropped():
    event = make_training()
    attend(event, make_person(sex=Sex.WOMAN))
    attend(event, make_person(sex=Sex.MAN))
    attend(event, make_person(sex=Sex.NOT_RECORDED))
    attend(event, make_person(sex=Sex.OTHER))
    result = figures.count_participants(events=ALL(), **PERIOD)
    assert result.total == 4
    assert (result.not_recorded, result.pct_not_recorded, result.other) == (1, 25, 1)
    rows = figures.breakdown(Rule.PARTICIPANTS, "position", events=ALL(), **PERIOD).rows
    assert [(r.key, r.count) for r in rows] == [("not_recorded", 4)]


def test_facilitators_and_staff_are_not_participants():
    event = make_event()
    attend(event, make_person(), Attendance.Role.FACILITATOR)
    attend(event, make_person(), Attendance.Role.STAFF)
    attend(event, make_person())
    assert figures.count_participants(events=ALL(), **PERIOD).total == 1


def test_disability_follows_the_washington_group_cut_off():
    event = make_event()
    people = [
        make_person(walking="a_lot"),
        make_person(seeing="cannot", hearing="no"),
        make_person(cognition="some"),
        make_person(),  # never asked
        make_person(seeing="no", walking="no"),
    ]
    for p in people:
        attend(event, p)
    rows = figures.breakdown(Rule.PARTICIPANTS, "disability", events=ALL(), **PERIOD)
    assert {r.key: r.count for r in rows.rows} == {"yes": 2, "no": 2, "not_recorded": 1}
    for value, expected in (("yes", True), ("no", False), ("not_recorded", None)):
        filters = FigureFilters(disability=value)
        ids = figures.participant_records(events=ALL(), filters=filters, **PERIOD).values_list(
            "person_id", flat=True
        )
        assert {Person.objects.get(pk=i).has_disability for i in ids} == {expected}


def test_quarters_are_financial_year_quarters_with_labels():
    for day in (
        dt.date(2021, 7, 1),
        dt.date(2021, 9, 30),
        dt.date(2022, 1, 5),
        dt.date(2022, 6, 30),
    ):
        attend(make_event(start=day), make_person())
    rows = figures.breakdown(Rule.PARTICIPANTS, "quarter", events=ALL(), **PERIOD).rows
    assert [(r.label, r.count) for r in rows] == [
        ("2021–22 Q1", 2),
        ("2021–22 Q3", 1),
        ("2021–22 Q4", 1),
    ]


def test_an_event_with_two_outcome_areas_counts_in_both_rows_and_once_in_the_total():
    make_event(outcome_areas=("justice", "partnerships"))
    make_event()
    result = figures.breakdown(Rule.EVENTS, "outcome_area", events=ALL(), **PERIOD)
    assert {r.key: r.count for r in result.rows} == {
        "justice": 1,
        "partnerships": 1,
        "not_recorded": 1,
    }
    assert not result.is_additive
    justice = FigureFilters(outcome_area="justice")
    assert figures.count_events(events=ALL(), filters=justice, **PERIOD) == 1
    untagged = FigureFilters(outcome_area="not_recorded")
    assert figures.count_events(events=ALL(), filters=untagged, **PERIOD) == 1


def test_filters_narrow_events_and_persons():
    moj = make_training(lead="MoJ")
    co = make_training(co_organisers=("MoJ", "NCCT"))
    other = make_event(lead="LSCW")
    attend(moj, make_person(position="prosecutor", sex=Sex.WOMAN))
    attend(co, make_person(position="judge", sex=Sex.MAN))
    attend(other, make_person(position="prosecutor", sex=Sex.MAN))
    kw = {"events": ALL(), **PERIOD}
    by_org = FigureFilters(organisation=org("MoJ").pk)
    assert figures.count_events(filters=by_org, **kw) == 2
    prosecutors = FigureFilters(position="prosecutor")
    assert figures.count_participants(filters=prosecutors, **kw).total == 2
    assert figures.count_people_trained(filters=prosecutors, **kw).total == 1
    assert figures.count_events(filters=prosecutors, **kw) == 3  # not a filter on events
    women = FigureFilters(sex=Sex.WOMAN, event_type=Event.Type.TRAINING)
    assert figures.count_participants(filters=women, **kw).total == 1


@pytest.mark.parametrize("rule", list(Rule))
def test_records_behind_each_figure_count_the_figure(rule):
    make_cambodia_like()
    kw = {"events": ALL(), **PERIOD}
    expected = {
        Rule.EVENTS: figures.count_events(**kw),
        Rule.PARTICIPANTS: figures.count_participants(**kw).total,
        Rule.CAPACITY_DEVELOPMENT_EVENTS: figures.count_capacity_development_events(**kw),
        Rule.PEOPLE_TRAINED: figures.count_people_trained(**kw).total,
    }[rule]
    assert figures.records(rule, **kw).count() == expected


@pytest.mark.parametrize("by", list(DIMENSIONS))
def test_every_additive_breakdown_adds_up_to_its_figure(by):
    event = make_training(outcome_areas=("justice",))
    attend(event, make_person(sex=Sex.WOMAN, position="police", organisation="CNP"))
    attend(event, make_person(sex=Sex.NOT_RECORDED, birth_year=1990))
    attend(event, make_person(sex=Sex.MAN), age_band="18_24")
    attend(make_event(pathway=None), make_person(sex=Sex.MAN, walking="cannot"))
    kw = {"events": ALL(), **PERIOD}
    for rule in Rule:
        if not DIMENSIONS[by].applies_to(rule):
            continue
        result = figures.breakdown(rule, by, **kw)
        if result.is_additive:
            assert result.total == figures.figure_value(rule, **kw), (rule, by)
        for row in result.rows:
            assert row.count > 0


def test_organisation_type_is_the_persons_for_people_and_the_lead_organisations_for_events():
    training = make_training(lead="MoJ")  # a government-led training
    attend(training, make_person(organisation="LSCW"))  # an NGO officer trained
    kw = {"events": ALL(), **PERIOD}
    ngo = FigureFilters(organisation_type="ngo")
    government = FigureFilters(organisation_type="government")
    for rule in (Rule.PARTICIPANTS, Rule.PEOPLE_TRAINED):
        rows = figures.breakdown(rule, "organisation_type", **kw).rows
        assert [(r.key, r.count) for r in rows] == [("ngo", 1)], rule
        assert figures.figure_value(rule, filters=ngo, **kw) == 1, rule
        assert figures.figure_value(rule, filters=government, **kw) == 0, rule
    for rule in (Rule.EVENTS, Rule.CAPACITY_DEVELOPMENT_EVENTS):
        rows = figures.breakdown(rule, "organisation_type", **kw).rows
        assert [(r.key, r.count) for r in rows] == [("government", 1)], rule
        assert figures.figure_value(rule, filters=government, **kw) == 1, rule
        assert figures.figure_value(rule, filters=ngo, **kw) == 0, rule


def test_partner_universe_counts_only_the_organisations_events(lscw_partner):
    led = make_event(lead="LSCW")
    attend(led, make_person())
    attend(make_event(), make_person())
    universe = Event.objects.visible_to(lscw_partner).filter(country__code="KH")
    assert figures.count_events(events=universe, **PERIOD) == 1
    assert figures.count_participants(events=universe, **PERIOD).total == 1


@pytest.mark.parametrize("by", list(DIMENSIONS))
def test_every_breakdown_row_drills_down_to_as_many_records(by):
    varied_records()
    for rule in Rule:
        if not DIMENSIONS[by].applies_to(rule):
            continue
        for row in figures.breakdown(rule, by, events=ALL(), **PERIOD).rows:
            start, end, filters = figures.row_query(by, row.key, **PERIOD)
            count = figures.figure_value(rule, events=ALL(), start=start, end=end, filters=filters)
            assert count == row.count, (rule, by, row.key)
