"""Reporting periods: Australia's financial year (1 July – 30 June), as the program reports."""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass

FY_START_MONTH = 7


@dataclass(frozen=True)
class Period:
    start: dt.date
    end: dt.date

    @property
    def label(self) -> str:
        """'2021–22' for a financial year, else 'start – end' in ISO dates."""
        if self == financial_year(
            self.start.year if self.start.month >= 7 else self.start.year - 1
        ):
            return f"{self.start.year}–{str(self.end.year)[-2:]}"
        return f"{self.start.isoformat()} – {self.end.isoformat()}"


def financial_year(first_year: int) -> Period:
    """The financial year that starts on 1 July of `first_year`."""
    return Period(dt.date(first_year, FY_START_MONTH, 1), dt.date(first_year + 1, 6, 30))


def financial_year_of(day: dt.date) -> Period:
    return financial_year(day.year if day.month >= FY_START_MONTH else day.year - 1)


def financial_years(first_year: int, last_day: dt.date) -> list[Period]:
    """Financial years from the one starting in `first_year` to the one holding `last_day`,
    newest first."""
    last = financial_year_of(last_day).start.year
    return [financial_year(year) for year in range(last, first_year - 1, -1)]
