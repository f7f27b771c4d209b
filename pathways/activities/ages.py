"""The age counted for an attendance: the person's age at the event, not a band stored on the
person (which goes stale over a ten-year program). See docs/counting-rules.md.

In order:

1. a birth date: the exact age on the event's start date (a birthday on that day counts);
2. a birth year only: the event's year minus the birth year;
3. the age, or else the age band, that the sheet, form or API gave for that event;
4. otherwise not recorded.

`age_band_at_event` is the one definition, as a database expression so that a breakdown by
age stays one aggregate query; `age_band_of` is the same rule for one attendance in Python.
"""

from __future__ import annotations

import datetime as dt
from itertools import pairwise

from django.db.models import Case, CharField, F, IntegerField, Q, Value, When
from django.db.models.expressions import Combinable, Expression
from django.db.models.functions import ExtractDay, ExtractMonth, ExtractYear
from django.db.models.lookups import Exact, GreaterThanOrEqual, LessThan

NOT_RECORDED = "not_recorded"

# (first age of the band, band); each band runs up to the next one's first age.
BANDS = (
    (0, "under_18"),
    (18, "18_24"),
    (25, "25_34"),
    (35, "35_44"),
    (45, "45_54"),
    (55, "55_plus"),
)


def band_for_age(years: int) -> str:
    """The band of an age in whole years (an age below 0, from a birth year later than the
    event, is under 18 as the database expression has it)."""
    return next((band for low, band in reversed(BANDS) if years >= low), BANDS[0][1])


def age_at(*, start: dt.date, birth_date: dt.date | None, birth_year: int | None) -> int | None:
    """The age on `start` from a birth date (exact) or a birth year (year difference)."""
    if birth_date is not None:
        before_birthday = (start.month, start.day) < (birth_date.month, birth_date.day)
        return start.year - birth_date.year - before_birthday
    if birth_year is not None:
        return start.year - birth_year
    return None


def age_band_of(
    *,
    start: dt.date,
    birth_date: dt.date | None,
    birth_year: int | None,
    age: int | None,
    age_band: str | None,
) -> str:
    """The band counted for one attendance (the rule of `age_band_at_event`)."""
    years = age_at(start=start, birth_date=birth_date, birth_year=birth_year)
    if years is None:
        years = age
    if years is not None:
        return band_for_age(years)
    return age_band or NOT_RECORDED


def age_at_event(attendance: str = "") -> Expression:
    """The age in whole years at the event, or null: an expression on attendances reached
    via `attendance` ('' when the rows are attendances)."""
    start = f"{attendance}event__start_date"
    born = f"{attendance}person__birth_date"
    year = f"{attendance}person__birth_year"
    before_birthday = Q(LessThan(ExtractMonth(start), ExtractMonth(born))) | Q(
        Exact(ExtractMonth(start), ExtractMonth(born)),
        LessThan(ExtractDay(start), ExtractDay(born)),
    )
    exact: Combinable = (
        ExtractYear(start)
        - ExtractYear(born)
        - Case(When(before_birthday, then=Value(1)), default=Value(0))
    )
    return Case(
        When(Q(**{f"{born}__isnull": False}), then=exact),
        When(Q(**{f"{year}__isnull": False}), then=ExtractYear(start) - F(year)),
        default=F(f"{attendance}age"),
        output_field=IntegerField(),
    )


def age_band_at_event(attendance: str = "") -> Expression:
    """The age band counted for an attendance reached via `attendance`; never null."""
    years = age_at_event(attendance)
    bands = [
        When(LessThan(years, Value(next_low)), then=Value(band))
        for (_low, band), (next_low, _next) in pairwise(BANDS)
    ]
    return Case(
        *bands,
        When(GreaterThanOrEqual(years, Value(BANDS[-1][0])), then=Value(BANDS[-1][1])),
        When(
            Q(**{f"{attendance}age_band__isnull": False}) & ~Q(**{f"{attendance}age_band": ""}),
            then=F(f"{attendance}age_band"),
        ),
        default=Value(NOT_RECORDED),
        output_field=CharField(),
    )


def age_band_q(band: str, attendance: str = "") -> Q:
    """Attendances (reached via `attendance`) whose counted age band is `band`."""
    return Q(Exact(age_band_at_event(attendance), Value(band)))
