"""Indicator values and progress against targets.

A computed indicator's value is its counting rule over the target's country (or the region)
and period, inside the user's universe of events. A reported indicator's value is the sum
of the values reported for periods lying inside the target's period.
"""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass
from decimal import ROUND_HALF_UP, Decimal

from django.db.models import Sum

from pathways.activities.universe import Universe
from pathways.results import figures
from pathways.results.models import Indicator, IndicatorTarget, ReportedValue


@dataclass(frozen=True)
class Progress:
    indicator: Indicator
    target: IndicatorTarget
    value: Decimal | None  # None: nothing reported yet

    @property
    def percent(self) -> int | None:
        """Value as a whole percent of the target, rounded half up."""
        if self.value is None or not self.target.target:
            return None
        ratio = self.value * 100 / self.target.target
        return int(ratio.quantize(Decimal(1), rounding=ROUND_HALF_UP))

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

    `known` holds figures already computed by rule for exactly this period, unfiltered (the
    dashboard's headline figures), so an indicator that is one of them is not counted again.
    """
    targets = (
        IndicatorTarget.objects.filter(
            country=universe.country,
            indicator__is_active=True,
            period_start__lte=end,
            period_end__gte=start,
        )
        .select_related("indicator", "indicator__outcome_area", "country")
        .order_by("indicator__outcome_area__order", "indicator__order", "-period_start")
    )
    seen: set[int] = set()
    result = []
    for target in targets:
        if target.indicator_id in seen:
            continue  # the latest target per indicator
        seen.add(target.indicator_id)
        reuse = known and _reusable(target, start, end)
        if reuse:
            result.append(Progress(target.indicator, target, Decimal(known[target.indicator.rule])))
            continue
        value = indicator_value(
            target.indicator,
            universe=universe,
            start=target.period_start,
            end=target.period_end,
        )
        result.append(Progress(indicator=target.indicator, target=target, value=value))
    return result


def _reusable(target: IndicatorTarget, start: dt.date, end: dt.date) -> bool:
    i = target.indicator
    return (
        i.is_computed
        and (target.period_start, target.period_end) == (start, end)
        and not i.filters.active()
    )
