"""Figures beside the same dates a year earlier, and indicators on track or not.

A headline figure is compared with the same figure, by the same counting rule and filters,
over the same dates a year earlier (`Period.year_earlier`). An indicator with a target is on
track when its value has reached the target times the share of the target's period gone by
(as of today), at risk when it has reached at least 75 % of that, and off track below.
"""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass
from decimal import Decimal

from django.db.models import QuerySet

from pathways.activities.models import Event
from pathways.lib.rounding import percent_half_up
from pathways.results import figures
from pathways.results.figures import FigureFilters
from pathways.results.periods import Period

AT_RISK_SHARE = Decimal("0.75")


@dataclass(frozen=True)
class Change:
    now: int
    before: int  # the same figure over the same dates a year earlier

    @property
    def difference(self) -> int:
        return self.now - self.before

    @property
    def percent(self) -> int | None:
        """The change as a whole percent of the earlier figure; None when that was 0."""
        return percent_half_up(abs(self.difference), self.before) if self.before else None


def year_on_year(
    known: dict[str, int], *, events: QuerySet[Event], period: Period, filters: FigureFilters
) -> dict[str, Change]:
    """Each figure of `known` (by rule) beside its value a year earlier: one query each."""
    earlier = period.year_earlier()
    return {
        rule: Change(
            now,
            figures.figure_value(
                rule, events=events, start=earlier.start, end=earlier.end, filters=filters
            ),
        )
        for rule, now in known.items()
    }


ON_TRACK, AT_RISK, OFF_TRACK = "on_track", "at_risk", "off_track"


def elapsed_share(start: dt.date, end: dt.date, today: dt.date) -> Decimal:
    """The share of the days from `start` to `end` (both included) gone by at `today`."""
    days = (end - start).days + 1
    gone = (min(today, end) - start).days + 1
    return Decimal(max(0, min(gone, days))) / Decimal(days)


def track(
    value: Decimal | None,
    target: Decimal,
    *,
    start: dt.date,
    end: dt.date,
    today: dt.date | None = None,
) -> str | None:
    """On track, at risk or off track; None without a value to judge."""
    if value is None:
        return None
    expected = target * elapsed_share(start, end, today or dt.date.today())
    if value >= expected:
        return ON_TRACK
    return AT_RISK if value >= expected * AT_RISK_SHARE else OFF_TRACK
