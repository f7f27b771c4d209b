"""The results framework as the IATI file and the donor workbook report it: each active
indicator with its baseline, and for each period its target and actual value (by sex when
the indicator counts people). Values come from pathways.results; nothing is counted here.
"""

from __future__ import annotations

from dataclasses import dataclass
from decimal import Decimal

from django.db.models import Max, Min, QuerySet

from pathways.activities.models import Event
from pathways.activities.universe import Universe, universe_of_all
from pathways.programs.models import Country
from pathways.results import figures
from pathways.results.models import Indicator, IndicatorTarget, ReportedValue
from pathways.results.periods import Period, financial_year, financial_year_of
from pathways.results.progress import indicator_value

Actual = figures.SexBreakdown | int | Decimal | None

# Counting rules whose records are people: their values split by sex.
PERSON_RULES = {
    figures.Rule.PARTICIPANTS: figures.count_participants,
    figures.Rule.PEOPLE_TRAINED: figures.count_people_trained,
}
EVENT_RULES = {
    figures.Rule.EVENTS: figures.count_events,
    figures.Rule.CAPACITY_DEVELOPMENT_EVENTS: figures.count_capacity_development_events,
}


@dataclass(frozen=True)
class IndicatorPeriod:
    period: Period
    actual: Actual
    target: Decimal | None = None

    @property
    def actual_total(self) -> Decimal | int | None:
        if isinstance(self.actual, figures.SexBreakdown):
            return self.actual.total
        return self.actual


@dataclass(frozen=True)
class IndicatorResult:
    code: str
    title: str
    unit: str
    outcome_area: str
    outcome_area_order: int
    baseline_year: int | None
    baseline_value: Decimal | None
    periods: list[IndicatorPeriod]


def reporting_periods(events: QuerySet[Event]) -> list[Period]:
    """Financial years from the first to the latest recorded event, oldest first."""
    span = events.aggregate(first=Min("start_date"), last=Max("start_date"))
    if span["first"] is None:
        return []
    first = financial_year_of(span["first"]).start.year
    last = financial_year_of(span["last"]).start.year
    return [financial_year(year) for year in range(first, last + 1)]


def actual_value(indicator: Indicator, *, universe: Universe, period: Period) -> Actual:
    """The indicator's value for the period: by sex for people, a count for events, the
    reported sum for hand-reported indicators (None when nothing was reported)."""
    span = {"events": universe.events, "start": period.start, "end": period.end}
    if indicator.rule in PERSON_RULES:
        return PERSON_RULES[indicator.rule](**span, filters=indicator.filters)
    if indicator.rule in EVENT_RULES:
        return EVENT_RULES[indicator.rule](**span, filters=indicator.filters)
    return indicator_value(indicator, universe=universe, start=period.start, end=period.end)


def _periods_of(
    indicator: Indicator, universe: Universe, targets: list[IndicatorTarget]
) -> list[tuple[Period, Decimal | None]]:
    """Target periods, plus the financial years on record (computed indicators) or the
    periods reported (reported ones), oldest first."""
    found: dict[Period, Decimal | None] = {
        Period(t.period_start, t.period_end): t.target for t in targets
    }
    if indicator.is_computed:
        extra = reporting_periods(universe.events)
    else:
        reported = ReportedValue.objects.filter(indicator=indicator)
        if universe.country is not None:
            reported = reported.filter(country=universe.country)
        spans = reported.values_list("period_start", "period_end").distinct()
        extra = [Period(start, end) for start, end in spans]
    for period in extra:
        found.setdefault(period, None)
    return sorted(found.items(), key=lambda item: (item[0].start, item[0].end))


def indicator_result(indicator: Indicator, country: Country | None) -> IndicatorResult:
    universe = universe_of_all(country)
    targets = list(
        IndicatorTarget.objects.filter(
            indicator=indicator, country=country, organisation__isnull=True
        ).order_by("period_start")
    )
    first = targets[0] if targets else None
    periods = [
        IndicatorPeriod(
            period=period,
            target=target,
            actual=actual_value(indicator, universe=universe, period=period),
        )
        for period, target in _periods_of(indicator, universe, targets)
    ]
    return IndicatorResult(
        code=indicator.code,
        title=indicator.name,
        unit=indicator.unit,
        outcome_area=indicator.outcome_area.name,
        outcome_area_order=indicator.outcome_area.order,
        baseline_year=first.period_start.year if first else None,
        baseline_value=first.baseline if first else None,
        periods=periods,
    )


def collect_indicator_results(*, country: Country | None) -> list[IndicatorResult]:
    """Every active indicator of the country (None: the region) with a target or a value."""
    indicators = Indicator.objects.filter(is_active=True).select_related("outcome_area")
    results = [indicator_result(indicator, country) for indicator in indicators]
    return [r for r in results if any(p.target is not None or p.actual for p in r.periods)]
