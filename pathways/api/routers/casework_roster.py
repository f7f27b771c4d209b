"""Casework: mass intake through the API, as its pages do it (docs/casework.md, mass intake).

A roster file (CSV or workbook, multipart) becomes a group of draft screenings through the
service the upload page calls (`services.roster_import`): all or nothing, every bad row and
column named (400), nothing written then. The file is read in memory by the page's own
handler and form (`MemoryOnlyUploadHandler`, `RosterForm`): it holds names in clear and is
never written to a temporary file; past the upload limit it is skipped as it arrives and the
answer says so. The groups and a group's people (tier-1 facts by roster row, never a name)
come from `access.screening_groups_visible_to`: another agency's group is a 404.
"""

# No `from __future__ import annotations`: django-ninja reads the parameter types of the
# views at import time.

import datetime as dt
from typing import Any

from django.conf import settings
from django.db.models import Count, Q
from django.http import HttpRequest
from django.utils.translation import gettext as _
from ninja import Field, Query, Router, Schema, Status

from pathways.api.errors import form_errors_response
from pathways.api.pagination import LimitOffset, page
from pathways.api.schemas import OrganisationRef
from pathways.audit.models import AuditEvent
from pathways.casework.access import (
    SCREENING_ROLES,
    cases_visible_to,
    screening_group_for,
    screening_groups_visible_to,
)
from pathways.casework.attachment_forms import MemoryOnlyUploadHandler
from pathways.casework.models import Screening
from pathways.casework.roster_forms import GroupFilterForm, RosterForm
from pathways.casework.services import RosterError, roster_check, roster_import
from pathways.casework.views.common import with_role
from pathways.programs.models import Organisation

router = Router(tags=["casework"])

# The multipart body of an upload, for the OpenAPI description (the route reads the body
# itself, after setting the memory-only handler, so ninja does not describe it).
UPLOAD_BODY = {
    "requestBody": {
        "required": True,
        "content": {
            "multipart/form-data": {
                "schema": {
                    "type": "object",
                    "required": ["agency", "name", "arrived_on", "location_type", "file"],
                    "properties": {
                        "agency": {"type": "integer", "description": "An agency you screen for."},
                        "name": {"type": "string", "maxLength": 200},
                        "arrived_on": {"type": "string", "format": "date"},
                        "location_type": {
                            "type": "string",
                            "enum": list(Screening.LocationType.values),
                            "description": "For every row that gives no type of location.",
                        },
                        "description": {"type": "string"},
                        "dry_run": {
                            "type": "boolean",
                            "description": "Check the roster and count; write nothing.",
                        },
                        "file": {"type": "string", "format": "binary"},
                    },
                }
            }
        },
    }
}


class Count_(Schema):
    value: str
    people: int


class RosterSummaryOut(Schema):
    """What the roster holds, in counts only; `group_id` is the new group (None for a dry
    run). `possibly_registered` is None for a dry run (the registry is not searched)."""

    group_id: int | None
    people: int
    by_nationality: list[Count_]
    by_sex: list[Count_]
    by_age_band: list[Count_]
    listed_twice: int
    possibly_registered: int | None
    ignored_columns: list[str]


class RosterProblemOut(Schema):
    row: int | None
    column: str
    message: str


class RosterRefused(Schema):
    detail: str
    total: int
    problems: list[RosterProblemOut]


class FieldError(Schema):
    field: str
    message: str
    in_: str = Field(..., alias="in")


class UploadRefused(Schema):
    detail: str
    errors: list[FieldError]


class GroupOut(Schema):
    id: int
    name: str
    agency: OrganisationRef
    arrived_on: dt.date
    people: int
    not_yet_interviewed: int
    created_at: dt.datetime


class GroupListOut(Schema):
    count: int
    next: str | None
    previous: str | None
    results: list[GroupOut]


class MemberOut(Schema):
    """A person of the roster by their row, without their name: the screening to interview,
    a registered client they may be (`possible_case_id`, the latest case, only when you may
    see it; `possibly_registered` either way) and an earlier row they may repeat."""

    screening_id: int
    roster_row: int | None
    state: str
    version: int
    interviewed: bool
    sex: str
    age_band: str
    nationality: str
    location_type: str
    possibly_registered: bool
    possible_case_id: int | None
    listed_twice_of_row: int | None


class GroupDetailOut(GroupOut):
    count: int
    next: str | None
    previous: str | None
    results: list[MemberOut]


class GroupFilters(Schema):
    show: str = ""
    nationality: str = ""


def _groups(user: Any):
    return (
        screening_groups_visible_to(user)
        .select_related("agency")
        .annotate(
            people=Count("screenings"),
            waiting=Count(
                "screenings",
                filter=Q(
                    screenings__state=Screening.State.DRAFT,
                    screenings__consent_to_interview="",
                ),
            ),
        )
    )


def _group_out(group: Any) -> dict[str, Any]:
    return {
        "id": group.pk,
        "name": group.name,
        "agency": group.agency,
        "arrived_on": group.arrived_on,
        "people": group.people,
        "not_yet_interviewed": group.waiting,
        "created_at": group.created_at,
    }


def _counts(pairs: list[tuple[str, int]]) -> list[dict[str, Any]]:
    return [{"value": value, "people": people} for value, people in pairs]


def _summary_out(summary: Any) -> dict[str, Any]:
    return {
        "group_id": summary.group.pk if summary.group else None,
        "people": summary.people,
        "by_nationality": _counts(summary.by_nationality),
        "by_sex": _counts(summary.by_sex),
        "by_age_band": _counts(summary.by_age_band),
        "listed_twice": summary.duplicates_in_roster,
        "possibly_registered": summary.possibly_registered,
        "ignored_columns": summary.ignored_columns,
    }


@router.get("/casework/groups/", response=GroupListOut, url_name="casework_groups")
def group_list(request: HttpRequest, pagination: Query[LimitOffset.Input]):
    """The groups of the agencies you screen for, latest arrival first, with how many people
    each holds and how many are not yet interviewed (403 without a screening role)."""
    with_role(request.user, *SCREENING_ROLES)
    groups = _groups(request.user).order_by("-arrived_on", "-pk")
    return page(request, groups, pagination, _group_out)


@router.post(
    "/casework/groups/",
    response={200: RosterSummaryOut, 201: RosterSummaryOut, 400: RosterRefused, 422: UploadRefused},
    url_name="casework_groups",
    openapi_extra=UPLOAD_BODY,
)
def roster_upload(request: HttpRequest):
    """Upload a roster (multipart: `file`, a CSV or Excel workbook of at most the upload
    limit, 20 MB unless set; `agency`, `name`, `arrived_on`, `location_type`,
    `description`) for an agency you screen for: 201 with the new group's counts; with
    `dry_run` the counts it would create (200), nothing written. A roster with problems is a
    400 listing each (`row`, `column`, `message`; up to 200, `total` counts all) and writes
    nothing; a missing or oversize file or a bad field is a 422 naming it; an agency you do
    not screen for is a 403."""
    # The roster stays in memory, never in a temporary file: the handler is set before
    # anything reads the body (nothing has: this route declares no body parameter).
    handler = MemoryOnlyUploadHandler(request, limit=settings.UPLOAD_MAX_BYTES)
    request.upload_handlers = [handler]
    with_role(request.user, *SCREENING_ROLES)
    files = request.FILES  # reads the body: the handler now knows whether it was too large
    form = RosterForm(
        request.POST, files, agencies=Organisation.objects.all(), too_large=handler.too_large
    )
    if not form.is_valid():
        return form_errors_response(form.errors, "form field")
    data = form.cleaned_data
    dry_run = request.POST.get("dry_run", "").lower() in ("1", "true", "yes", "on")
    try:
        if dry_run:
            summary = roster_check(
                actor=request.user,
                agency=data["agency"],
                data=data["file"],
                location_type=data["location_type"],
            )
        else:
            summary = roster_import(
                actor=request.user,
                agency=data["agency"],
                name=data["name"],
                arrived_on=data["arrived_on"],
                data=data["file"],
                location_type=data["location_type"],
                description=data["description"],
                source=AuditEvent.Source.API,
            )
    except RosterError as error:
        return Status(
            400,
            {
                "detail": _("The roster has %(count)s problems; nothing was imported.")
                % {"count": error.total},
                "total": error.total,
                "problems": [
                    {"row": p.row, "column": p.column, "message": p.message} for p in error.problems
                ],
            },
        )
    return Status(200 if dry_run else 201, _summary_out(summary))


@router.get(
    "/casework/groups/{group_id}/", response=GroupDetailOut, url_name="casework_group_detail"
)
def group_detail(
    request: HttpRequest,
    group_id: int,
    filters: Query[GroupFilters],
    pagination: Query[LimitOffset.Input],
):
    """A group's people by roster row, without names, 50 a page: `show` is
    `not_interviewed`, `possibly_registered` or `listed_twice`; `nationality` an ISO code of
    the group's. Another agency's group is a 404."""
    with_role(request.user, *SCREENING_ROLES)
    group = _group_for(request.user, group_id)
    members = group.screenings.all()
    codes = sorted(set(members.exclude(nationality="").values_list("nationality", flat=True)))
    form = GroupFilterForm(filters.dict(), nationalities=codes)
    if not form.is_valid():
        return form_errors_response(form.errors, "query parameter")
    shown = form.filter(members).order_by("roster_row", "pk")
    listed = page(request, shown, pagination, lambda s: s)
    rows = listed["results"]
    cases = dict(
        cases_visible_to(request.user)
        .filter(client_id__in={s.possible_client_id for s in rows if s.possible_client_id})
        .order_by("opened_on", "pk")
        .values_list("client_id", "pk")
    )
    listed["results"] = [_member(s, cases) for s in rows]
    return {**_group_out(group), **listed}


def _group_for(user: Any, group_id: int) -> Any:
    found = screening_group_for(user, group_id)
    return _groups(user).get(pk=found.pk)


def _member(screening: Screening, cases: dict[int, int]) -> dict[str, Any]:
    return {
        "screening_id": screening.pk,
        "roster_row": screening.roster_row,
        "state": screening.state,
        "version": screening.version,
        "interviewed": not (
            screening.state == Screening.State.DRAFT and not screening.consent_to_interview
        ),
        "sex": screening.sex,
        "age_band": screening.age_band,
        "nationality": screening.nationality,
        "location_type": screening.location_type,
        "possibly_registered": screening.possible_client_id is not None,
        "possible_case_id": cases.get(screening.possible_client_id),
        "listed_twice_of_row": screening.roster_duplicate_row,
    }
