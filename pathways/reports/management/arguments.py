"""What the reports' commands share: reading a date given on the command line."""

from __future__ import annotations

import datetime as dt

from django.core.management.base import CommandError


def command_date(value: str) -> dt.date:
    """A YYYY-MM-DD argument as a date, or a CommandError that shows what was expected."""
    try:
        return dt.date.fromisoformat(value)
    except ValueError as exc:
        message = f"Invalid date {value!r}: expected YYYY-MM-DD, e.g. 2021-07-01."
        raise CommandError(message) from exc
