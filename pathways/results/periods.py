"""Reporting periods: Australian financial years (July to June) and their quarters.

Quarters are financial-year quarters: July–September is Q1 of the year that starts in July.
"""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass

from django.db.models import QuerySet
from django.utils.translation import gettext as _


@dataclass(frozen=True)
class Period:
    start: dt.date
    end: dt.date

    @property
    def is_financial_year(self) -> bool:
        return self == financial_year_of(self.start)

    @property
    def label(self) -> str:
        if self.is_financial_year:
            return _("Financial year %(fy)s") % {"fy": fy_label(self.start.year)}
        return f"{self.start.isoformat()} – {self.end.isoformat()}"

    @property
    def short_label(self) -> str:
        """'2021–22' for a financial year, as tables and pickers show it."""
        if self.is_financial_year:
            return fy_label(self.start.year)
        return f"{self.start.isoformat()} – {self.end.isoformat()}"

    def querystring(self) -> str:
        return f"start={self.start.isoformat()}&end={self.end.isoformat()}"

    def year_earlier(self) -> Period:
        """The same dates a year earlier (29 February becomes the 28th)."""
        return Period(_a_year_before(self.start), _a_year_before(self.end))


def _a_year_before(day: dt.date) -> dt.date:
    if day.month == 2 and day.day == 29:
        return dt.date(day.year - 1, 2, 28)
    return day.replace(year=day.year - 1)


def fy_label(start_year: int) -> str:
    """'2021–22' for the year 1 July 2021 – 30 June 2022."""
    return f"{start_year}–{(start_year + 1) % 100:02d}"


def financial_year(first_year: int) -> Period:
    """The financial year that starts on 1 July of `first_year`."""
    return Period(dt.date(first_year, 7, 1), dt.date(first_year + 1, 6, 30))


def financial_year_of(day: dt.date) -> Period:
    return financial_year(day.year if day.month >= 7 else day.year - 1)


def financial_years(first_year: int, last_day: dt.date) -> list[Period]:
    """Financial years from the one starting in `first_year` to the one holding `last_day`,
    newest first."""
    last = financial_year_of(last_day).start.year
    return [financial_year(year) for year in range(last, first_year - 1, -1)]


def fy_quarter(year: int, calendar_quarter: int) -> tuple[int, int]:
    """(financial year start, quarter 1–4) of a calendar quarter: Jul–Sep is Q1."""
    if calendar_quarter >= 3:
        return year, calendar_quarter - 2
    return year - 1, calendar_quarter + 2


def quarter_key(fy_start: int, quarter: int) -> str:
    return f"{fy_start}-Q{quarter}"


def quarter_label(fy_start: int, quarter: int) -> str:
    return f"{fy_label(fy_start)} Q{quarter}"


def quarter_period(fy_start: int, quarter: int) -> Period:
    first_month = 7 + 3 * (quarter - 1)
    year = fy_start + (first_month - 1) // 12
    month = (first_month - 1) % 12 + 1
    start = dt.date(year, month, 1)
    next_month = dt.date(year + (month + 2) // 12, (month + 2) % 12 + 1, 1)
    return Period(start, next_month - dt.timedelta(days=1))


def parse_quarter_key(key: str) -> tuple[int, int] | None:
    try:
        year, quarter = key.split("-Q")
        parsed = int(year), int(quarter)
    except ValueError:
        return None
    return parsed if 1 <= parsed[1] <= 4 else None


def financial_years_with_data(events: QuerySet) -> list[Period]:
    """The financial years in which at least one event of `events` starts, newest first."""
    months = events.order_by().dates("start_date", "month")
    years = {financial_year_of(m).start.year for m in months}
    return [financial_year_of(dt.date(y, 7, 1)) for y in sorted(years, reverse=True)]


def default_period(events: QuerySet, today: dt.date | None = None) -> Period:
    """The latest financial year with data, or the current one when there is none."""
    years = financial_years_with_data(events)
    return years[0] if years else financial_year_of(today or dt.date.today())
