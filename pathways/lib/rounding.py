"""Percentages as the factsheets print them: of the total, rounded half up to a whole number."""

from __future__ import annotations

from decimal import ROUND_HALF_UP, Decimal


def percent_half_up(part: int, total: int) -> int:
    """`part` as a whole percent of `total`, rounding .5 up; 0 when the total is 0."""
    if total <= 0:
        return 0
    return int((Decimal(part) * 100 / Decimal(total)).quantize(Decimal(1), rounding=ROUND_HALF_UP))
