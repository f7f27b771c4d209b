"""Sign-in rules for casework staff (casework.md §6.3 rule 5): two-factor always, a short idle
time-out, API tokens only from a two-factor sign-in and for a working day.

accounts asks `needs_two_factor` through `settings.TWO_FACTOR_REQUIRED_CHECKS` (accounts sits
below casework and may not import it); the idle time-out is `middleware.IdleTimeoutMiddleware`;
the API's token service asks `is_casework_user` and `token_lifetime`.
"""

from __future__ import annotations

import datetime as dt
from typing import Any

from django.conf import settings
from django.http import HttpRequest

from pathways.casework.access import casework_scope

POLL_HEADER = "X-Pathways-Poll"
# Pages that refresh themselves in the background (htmx, every few seconds): the job page's
# progress. Such a request is not a person at work.
POLL_VIEWS = frozenset({"jobs:job_detail"})


def is_casework_user(user: Any) -> bool:
    return casework_scope(user).is_casework_user


def needs_two_factor(user: Any) -> bool:
    """Every holder of a casework role signs in with two factors, in every mode."""
    return is_casework_user(user)


def idle_limit() -> dt.timedelta:
    return dt.timedelta(minutes=settings.CASEWORK_IDLE_MINUTES)


def token_lifetime() -> dt.timedelta:
    return dt.timedelta(hours=settings.CASEWORK_API_TOKEN_HOURS)


def is_background_poll(request: HttpRequest | None) -> bool:
    """A request a page makes by itself to refresh a part (marked with `X-Pathways-Poll: 1`,
    or the job page's progress): it neither keeps a session alive nor may it read what the
    access log records."""
    if request is None:
        return False
    if request.headers.get(POLL_HEADER) == "1":
        return True
    match = getattr(request, "resolver_match", None)
    return bool(
        match is not None
        and match.view_name in POLL_VIEWS
        and request.headers.get("HX-Request") == "true"
    )
