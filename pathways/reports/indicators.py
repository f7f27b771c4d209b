"""Indicators with their baseline, targets and actual values per financial year, for the
IATI file and the donor workbook. Values come from pathways.results."""

from __future__ import annotations

from dataclasses import dataclass
from decimal import Decimal

from django.db.models import Max, Min, QuerySet

from pathways.activities.models import Event
from pathways.programs.models import Country, Program
from pathways.reports.periods import Period, financial_year, financial_year_of
from pathways.results.figures import (
    SexBreakdown,
    count_capacity_development_events,
    count_events,
    count_participants,
    count_people_trained,
)


@dataclass(frozen=True)
class IndicatorPeriod:
    period: Period
    actual: SexBreakdown | int
    target: Decimal | None = None


@dataclass(frozen=True)
class IndicatorResult:
    code: str
    title: str
    result_title: str
    baseline_year: int
    baseline_value: Decimal | int
    periods: list[IndicatorPeriod]


def events_of(country: Country | None) -> QuerySet[Event]:
    events = Event.objects.all()
    return events if country is None else events.filter(country=country)


def reporting_periods(events: QuerySet[Event]) -> list[Period]:
    """Financial years from the first to the latest recorded event, oldest first."""
    span = events.aggregate(first=Min("start_date"), last=Max("start_date"))
    if span["first"] is None:
        return []
    first = financial_year_of(span["first"]).start.year
    last = financial_year_of(span["last"]).start.year
    return [financial_year(year) for year in range(first, last + 1)]


# The headline figures of every factsheet, reported as the activity's output indicators.
HEADLINE_INDICATORS = (
    ("events", "Events held", count_events),
    ("participants", "Participants (attendances)", count_participants),
    (
        "capacity-development-events",
        "Capacity development events",
        count_capacity_development_events,
    ),
    ("people-trained", "People trained", count_people_trained),
)


def collect_indicator_results(
    *, country: Country | None, program: Program
) -> list[IndicatorResult]:
    """Each headline indicator with its value for every financial year on record."""
    events = events_of(country)
    periods = reporting_periods(events)
    results = []
    for code, title, count in HEADLINE_INDICATORS:
        values = [
            IndicatorPeriod(period=p, actual=count(events=events, start=p.start, end=p.end))
            for p in periods
        ]
        results.append(
            IndicatorResult(
                code=code,
                title=title,
                result_title="Program outputs",
                baseline_year=program.start_year,
                baseline_value=0,
                periods=values,
            )
        )
    return results
