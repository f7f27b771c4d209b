"""Casework: intake through the API, as its pages do it (docs/casework.md, intake).

A search for an existing record takes the intake page's form (a name with a phone, an
identity number or a birth year), counts against the same limit per user (the page's and
the API's searches together) and says of each match what the page says (`match_shown`):
the user's own cases by number; of any other record only the agency and the kinds of key
that matched, never an identifier. Registration takes the page's form and service: the
client and an open case in one transaction, each field's error named, nothing written then.
"""

# No `from __future__ import annotations`: django-ninja reads the parameter types of the
# views at import time.

from typing import Any

from django.http import HttpRequest
from ninja import Field, Router, Schema, Status

from pathways.api.errors import error_response, form_errors_response
from pathways.audit.models import AuditEvent
from pathways.casework.access import cases_visible_to
from pathways.casework.forms import IntakeSearchForm
from pathways.casework.services import SearchLimitReached, intake_search
from pathways.casework.services.intake import REGISTERING_ROLES, searches_left
from pathways.casework.views.common import with_role
from pathways.casework.views.intake import (
    limit_message,
    match_shown,
    register,
    register_form,
    registering_agencies,
    search_keys,
)

router = Router(tags=["casework"])


AGENCY = Field(
    None,
    description="For one who registers for several agencies, which; otherwise their one agency.",
)


class SearchIn(Schema):
    agency: int | None = AGENCY
    name: str = Field(..., max_length=200)
    phone: str = Field("", max_length=40)
    identity_number: str = Field("", max_length=60)
    birth_year: int | None = None


class CaseRef(Schema):
    id: int
    case_number: str


class MatchOut(Schema):
    """A match: your own agency's cases you may see (`cases`), or only the `agency` holding
    a possible record; `matched_on`, the kinds of key that matched, in words; `break_glass`,
    for a user who may break the glass, the page that opens the record in an emergency."""

    cases: list[CaseRef]
    agency: str | None
    matched_on: list[str]
    break_glass: str | None


class SearchOut(Schema):
    matches: list[MatchOut]
    searches_left: int


class RegisterIn(Schema):
    agency: int | None = AGENCY
    first_name: str = ""
    middle_name: str = ""
    last_name: str = ""
    local_script_name: str = ""
    nickname: str = ""
    birthdate: str = Field("", description="YYYY-MM-DD")
    birthdate_precision: str = ""
    identity_number: str = ""
    identity_document_type: str = ""
    mobile_phone: str = ""
    home_phone: str = ""
    email: str = ""
    address: str = ""
    sex: str
    age_band: str
    nationality: str = ""
    is_stateless: bool = False
    exploitation_type: str = "Unknown"
    exploitation_country: str = ""
    supervisor: int | None = None


class RegisteredOut(Schema):
    """The new case; `case_id` is None for a screener, who does not see cases."""

    case_id: int | None
    case_number: str


def _match_out(shown: dict[str, Any]) -> dict[str, Any]:
    return {
        "cases": [{"id": c.pk, "case_number": c.case_number} for c in shown.get("cases", [])],
        "agency": shown.get("agency"),
        "matched_on": shown["strength"],
        "break_glass": shown.get("break_glass_url") or None,
    }


@router.post(
    "/casework/intake/search/", response={200: SearchOut}, url_name="casework_intake_search"
)
def intake_search_route(request: HttpRequest, payload: SearchIn):
    """Search the agency's country for an existing record before registering a person: a
    name with at least one of `phone`, `identity_number`, `birth_year` (else 422), compared
    whole as the page does. The same limit per user as the page (20 searches in ten
    minutes unless set): past it, 429 and nothing searched. 403 without a registering role
    (screener, case worker, case supervisor)."""
    scope = with_role(request.user, *REGISTERING_ROLES)
    data = {k: ("" if v is None else str(v)) for k, v in payload.dict().items()}
    form = IntakeSearchForm(data, agencies=registering_agencies(scope))
    if not form.is_valid():
        return form_errors_response(form.errors, "request body")
    try:
        matches = intake_search(
            actor=request.user, agency=form.cleaned_data["agency"], keys=search_keys(form)
        )
    except SearchLimitReached:
        return error_response(429, limit_message())
    return {
        "matches": [_match_out(match_shown(request.user, scope, m)) for m in matches],
        "searches_left": searches_left(request.user),
    }


@router.post(
    "/casework/intake/register/",
    response={201: RegisteredOut},
    url_name="casework_intake_register",
)
def intake_register_route(request: HttpRequest, payload: RegisterIn):
    """Register a person and open their case, as the registration page does: the
    identifiers, `sex`, `age_band`, optional `nationality` (ISO code), `birthdate`
    (YYYY-MM-DD) with its `birthdate_precision`, `identity_document_type`,
    `exploitation_type` (an HTCDS value name), `exploitation_country` (ISO code, empty
    when not known) and a `supervisor` of the agency. Each
    field's error is a 422 naming it, nothing written."""
    scope = with_role(request.user, *REGISTERING_ROLES)
    data = {k: ("" if v is None else v) for k, v in payload.dict().items()}
    if not payload.is_stateless:
        data.pop("is_stateless")
    form = register_form(data, scope)
    if not form.is_valid():
        return form_errors_response(form.errors, "request body")
    case = register(request, form, source=AuditEvent.Source.API)
    if case is None:
        return form_errors_response(form.errors, "request body")
    visible = cases_visible_to(request.user).filter(pk=case.pk).exists()
    return Status(201, {"case_id": case.pk if visible else None, "case_number": case.case_number})
