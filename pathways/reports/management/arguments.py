"""What the reports' commands share: reading a date and a country given on the command line."""

from __future__ import annotations

import datetime as dt

from django.core.management.base import CommandError

from pathways.programs.models import Country


def command_date(value: str) -> dt.date:
    """A YYYY-MM-DD argument as a date, or a CommandError that shows what was expected."""
    try:
        return dt.date.fromisoformat(value)
    except ValueError as exc:
        message = f"Invalid date {value!r}: expected YYYY-MM-DD, e.g. 2021-07-01."
        raise CommandError(message) from exc


def command_country(code: str | None) -> Country | None:
    """The country of an ISO code argument (None without one: the region), or a
    CommandError that lists the codes known."""
    if not code:
        return None
    country = Country.objects.filter(code__iexact=code.strip()).first()
    if country is None:
        known = ", ".join(Country.objects.order_by("code").values_list("code", flat=True))
        raise CommandError(f"Unknown country {code!r}. Known codes: {known}.")
    return country
