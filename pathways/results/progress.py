"""Indicator values and progress against targets.

A computed indicator's value is its counting rule over the target's country (or the region)
and period, inside the user's universe of events. A reported indicator's value is the sum
of the values reported for periods lying inside the target's period.

Figures that count only a partner's own events (a partial universe) are never compared with
the country's target: the partner's own target for the indicator and period is shown
instead, and without one the indicator shows its value and no target at all.
"""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass
from decimal import ROUND_HALF_UP, Decimal

from django.db.models import Q, QuerySet, Sum

from pathways.activities.universe import Universe
from pathways.results import compare, figures
from pathways.results.models import Indicator, IndicatorTarget, ReportedValue


@dataclass(frozen=True)
class Progress:
    indicator: Indicator
    target: IndicatorTarget | None  # None: the partners counted have no target of their own
    value: Decimal | None  # None: nothing reported yet
    # The period of the value when there is no target to take it from.
    start: dt.date | None = None
    end: dt.date | None = None
    # Whose target is missing, in words ("LSCW"), when `target` is None.
    no_target_for: str = ""

    @property
    def period_start(self) -> dt.date:
        return self.target.period_start if self.target else self.start  # type: ignore[return-value]

    @property
    def period_end(self) -> dt.date:
        return self.target.period_end if self.target else self.end  # type: ignore[return-value]

    @property
    def percent(self) -> int | None:
        """Value as a whole percent of the target, rounded half up."""
        if self.value is None or self.target is None or not self.target.target:
            return None
        ratio = self.value * 100 / self.target.target
        return int(ratio.quantize(Decimal(1), rounding=ROUND_HALF_UP))

    @property
    def track(self) -> str | None:
        """On track, at risk or off track as of today (`compare.track`); None without a
        target or a value."""
        if self.target is None:
            return None
        return compare.track(
            self.value,
            self.target.target,
            start=self.target.period_start,
            end=self.target.period_end,
        )

    @property
    def bar_percent(self) -> int:
        return max(0, min(100, self.percent or 0))


def indicator_value(
    indicator: Indicator,
    *,
    universe: Universe,
    start: dt.date,
    end: dt.date,
) -> Decimal | None:
    if indicator.is_computed:
        value = figures.figure_value(
            indicator.rule, events=universe.events, start=start, end=end, filters=indicator.filters
        )
        return Decimal(value)
    if counts_a_slice(universe):
        # Values are reported for a whole country; no partner's share of them is known.
        return None
    reported = ReportedValue.objects.filter(
        indicator=indicator, period_start__gte=start, period_end__lte=end
    )
    if universe.country is not None:
        reported = reported.filter(country=universe.country)
    return reported.aggregate(total=Sum("value"))["total"]


def progress_for(
    *,
    universe: Universe,
    start: dt.date,
    end: dt.date,
    known: dict[str, int] | None = None,
) -> list[Progress]:
    """Progress of every active indicator whose target (for the universe's country, or the
    region when it has none) overlaps the period; the value is over the target's own period.
    For a partner's own events, the partner's target replaces the country's, and an
    indicator with only a country target shows its value without one; so does each
    indicator for a user's part of the region.

    `known` holds figures already computed by rule for exactly this period, unfiltered (the
    dashboard's headline figures), so an indicator that is one of them is not counted again.
    """
    result = []
    for indicator, target, fallback in _targets_by_indicator(universe, start, end):
        if target is not None:
            span = (target.period_start, target.period_end)
            value = _value(indicator, universe, span, (start, end), known)
            result.append(Progress(indicator=indicator, target=target, value=value))
            continue
        span = (fallback.period_start, fallback.period_end)
        value = _value(indicator, universe, span, (start, end), known)
        result.append(
            Progress(
                indicator=indicator,
                target=None,
                value=value,
                start=span[0],
                end=span[1],
                no_target_for=", ".join(o.short_name for o in universe.partners) or universe.label,
            )
        )
    return result


def counts_a_slice(universe: Universe) -> bool:
    """Counts only part of the events the country's (or the region's) targets are set for:
    a partner's own events, or the countries of the region a user sees (the API's region
    for a user without the whole region)."""
    return universe.partial or (universe.country is None and not universe.whole_region)


def _overlapping(universe: Universe, start: dt.date, end: dt.date) -> QuerySet[IndicatorTarget]:
    return (
        IndicatorTarget.objects.filter(
            country=universe.country,
            indicator__is_active=True,
            period_start__lte=end,
            period_end__gte=start,
        )
        .select_related("indicator", "indicator__outcome_area", "country", "organisation")
        .order_by("indicator__outcome_area__order", "indicator__order", "-period_start")
    )


def _targets_by_indicator(
    universe: Universe, start: dt.date, end: dt.date
) -> list[tuple[Indicator, IndicatorTarget | None, IndicatorTarget]]:
    """Each indicator with the target its progress is measured against (the latest), or
    None and the country target whose period its value covers (partners without a target).
    """
    targets = _overlapping(universe, start, end)
    if not counts_a_slice(universe):
        return [(t.indicator, t, t) for t in _latest(targets.filter(organisation__isnull=True))]
    # A partner's target counts its own events; with several partners' events together
    # none of their targets fits, so none is shown.
    partner = universe.partners[0] if len(universe.partners) == 1 else None
    own: dict[int, IndicatorTarget] = {}
    first: dict[int, IndicatorTarget] = {}
    for target in targets.filter(Q(organisation__isnull=True) | Q(organisation=partner)):
        if target.organisation_id is not None:
            own.setdefault(target.indicator_id, target)
        first.setdefault(target.indicator_id, target)
    return [(t.indicator, own.get(i), t) for i, t in first.items()]


def _latest(targets: QuerySet[IndicatorTarget]) -> list[IndicatorTarget]:
    seen: set[int] = set()
    latest = []
    for target in targets:
        if target.indicator_id not in seen:  # the latest target per indicator
            seen.add(target.indicator_id)
            latest.append(target)
    return latest


def _value(
    indicator: Indicator,
    universe: Universe,
    span: tuple[dt.date, dt.date],
    asked: tuple[dt.date, dt.date],
    known: dict[str, int] | None,
) -> Decimal | None:
    if known and indicator.is_computed and span == asked and not indicator.filters.active():
        return Decimal(known[indicator.rule])
    return indicator_value(indicator, universe=universe, start=span[0], end=span[1])
