"""Casework: the NRM coordinator's figures on a country's referrals through the API, the
dashboard's tables (`casework.nrm_figures`) under the page's rules: a token whose user holds
no casework role gets a 404, another casework role a 403, a country the user does not
coordinate a 404. Tier 1 only, so no access event is written (docs/casework.md).
"""

# No `from __future__ import annotations`: django-ninja reads the parameter types of the
# views at import time.

import datetime as dt

from django.http import HttpRequest
from django.utils import timezone
from ninja import Router, Schema
from ninja.errors import HttpError

from pathways.casework.access_nrm import coordinated_countries, coordinated_country
from pathways.casework.nrm_figures import dashboard_tables
from pathways.casework.nrm_forms import NrmFilterForm

router = Router(tags=["casework"])


class TableOut(Schema):
    key: str
    title: str
    headers: list[str]
    rows: list[list[str | int | float]]


class NrmFiguresOut(Schema):
    country: str
    start: dt.date | None
    end: dt.date | None
    urgency: str
    service: str
    at: dt.datetime
    tables: list[TableOut]


@router.get(
    "/casework/nrm/referrals/",
    response=NrmFiguresOut,
    url_name="casework_nrm_referrals",
    summary="The NRM coordinator's figures on the country's referrals",
)
def nrm_referrals(
    request: HttpRequest,
    country: str = "",
    start: str = "",
    end: str = "",
    urgency: str = "",
    service: str = "",
):
    """Open referrals by receiving agency and status, the overdue ones (late at the time of
    the request), declines by reason, service gaps and median hours, for referrals offered
    from `start` to `end` (YYYY-MM-DD, the country's days), of `urgency` and `service`."""
    countries = coordinated_countries(request.user)
    chosen = coordinated_country(request.user, country)
    query = {"country": chosen.code, "start": start, "end": end}
    form = NrmFilterForm({**query, "urgency": urgency, "service": service}, countries=countries)
    if not form.is_valid():
        problems = [
            f"{name}: {' '.join(str(e) for e in errors)}" for name, errors in form.errors.items()
        ]
        raise HttpError(422, " ".join(problems))
    filters = form.filters(chosen)
    now = timezone.now()
    return {
        "country": chosen.code,
        "start": filters.start,
        "end": filters.end,
        "urgency": filters.urgency,
        "service": filters.service,
        "at": now,
        "tables": [
            {"key": t.key, "title": t.title, "headers": t.headers, "rows": t.rows}
            for t in dashboard_tables(filters, now)
        ],
    }
