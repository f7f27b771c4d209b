"""Casework: the person's own data through the API (docs/casework.md §7.5), under the pages'
rules: what the owner agency holds about the case's client, for their case worker or the
case supervisor to give them, and the correction of their identifiers.

Reached through the case (`access.case_for`: out of reach, a 404) and
`require_case_action(user, case, "subject_access")` (another reader of the case: 403), as
the pages are. What is held is opened only by `reading_subject.open_held_about`, which records
each case read with via "api"; the correction is `client_identity_correct`, the service the
page calls (audited with the names of the fields changed, never their values).
"""

# No `from __future__ import annotations`: django-ninja reads the parameter types of the
# views at import time.

from django.http import Http404, HttpRequest
from ninja import Field, Router, Schema

from pathways.api.routers.casework_screening import IdentityIn
from pathways.api.schemas import PlainText
from pathways.audit.models import AuditEvent
from pathways.casework.access import case_for, casework_scope, require_case_action
from pathways.casework.models import AccessEvent, Case
from pathways.casework.reading_subject import open_held_about
from pathways.casework.sealing import ClientIdentity
from pathways.casework.services import client_identity_correct
from pathways.casework.views.subject import groups

router = Router(tags=["casework"])


class HeldValue(Schema):
    label: str
    value: str


class HeldGroup(Schema):
    heading: str
    values: list[HeldValue]


class CorrectionIn(Schema):
    identity: IdentityIn = Field(
        ..., description="Every identifier as it is to be: one left out is cleared."
    )
    birthdate_precision: str = ""
    identity_document_type: str = ""
    reason: PlainText = Field(..., max_length=2000, description="Why the person asked.")


class CorrectedOut(Schema):
    changed: list[str] = Field(..., description="The names of the fields corrected.")


def _case(request: HttpRequest, case_id: int) -> Case:
    if not casework_scope(request.user).is_casework_user:
        raise Http404("No such API endpoint.")
    case = case_for(request.user, case_id)
    require_case_action(request.user, case, "subject_access")
    return case


@router.get(
    "/casework/cases/{case_id}/held/", response=list[HeldGroup], url_name="casework_case_held"
)
def held_about(request: HttpRequest, case_id: int):
    """Everything the owner agency holds about the person (identifiers, the cases you may
    see of them, their sections, notes and care records, the screenings that agency took),
    as the page's download gives it: groups with a `heading` and `values` (`label`, `value`,
    in your language and date format). The case's worker and supervisor; each case read is
    recorded."""
    case = _case(request, case_id)
    held = open_held_about(request.user, case, via=AccessEvent.Via.API, request=request)
    return [
        {"heading": str(heading), "values": [{"label": str(k), "value": v} for k, v in rows]}
        for heading, rows in groups(held)
    ]


@router.post(
    "/casework/cases/{case_id}/identity/",
    response=CorrectedOut,
    url_name="casework_case_identity_correct",
)
def identity_correct(request: HttpRequest, case_id: int, payload: CorrectionIn):
    """Correct the person's identifiers at their request (`reason` required): `changed`
    names the fields that changed. Nothing changed, bad input or a client already
    pseudonymised: 422 naming the field, nothing written."""
    case = _case(request, case_id)
    changed = client_identity_correct(
        actor=request.user,
        case=case,
        identity=ClientIdentity(**payload.identity.dict()),
        birthdate_precision=payload.birthdate_precision,
        identity_document_type=payload.identity_document_type,
        reason=payload.reason,
        request=request,
        source=AuditEvent.Source.API,
        via=AccessEvent.Via.API,
    )
    return {"changed": changed}
