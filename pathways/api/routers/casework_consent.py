"""Casework: a case's consents through the API (docs/casework.md, "Consent"): list them,
record one, withdraw one, override consent.

Reached through the case (`access.case_for`: a case out of reach is a 404); written only by
the services the pages call (`services/consent.py`), which check who may (the case's team
records and withdraws; only a case supervisor of the owner agency overrides: 403 otherwise)
and name each field at fault (422). The list shows tier 1 only; a consent's sealed words are
not given here.
"""

# No `from __future__ import annotations`: django-ninja reads the parameter types of the
# views at import time.

import datetime as dt
from typing import Any

from django.contrib.auth import get_user_model
from django.http import Http404, HttpRequest
from django.utils.translation import gettext as _
from ninja import Field, Router, Schema, Status
from ninja.errors import HttpError

from pathways.api.schemas import PlainText
from pathways.audit.models import AuditEvent
from pathways.casework.access import case_for, casework_scope
from pathways.casework.models import Attachment, Case, ConsentRecord
from pathways.casework.reading_consent import list_consents, list_overrides
from pathways.casework.services import consent_override, consent_record, consent_withdraw
from pathways.programs.models import Organisation

router = Router(tags=["casework"])
API = AuditEvent.Source.API


class ConsentIn(Schema):
    kind: str
    decision: str
    given_by: str
    method: str
    language: str = Field(..., max_length=12)
    interpreter_used: bool | None = None
    capacity_note: PlainText = Field(..., max_length=5000)
    given_at: dt.datetime | None = None
    child_assent: bool = False
    guardian_relationship: str = ""
    guardian_suspected: bool = False
    best_interests_approver: int | None = None
    recipient_agencies: list[int] = []
    recipient_categories: list[str] = []
    excluded_agencies: list[int] = []
    sections: list[str] = []
    valid_until: dt.datetime | None = None
    evidence: int | None = None


class WithdrawIn(Schema):
    note: PlainText = Field("", max_length=5000)
    version: int | None = None


class OverrideIn(Schema):
    kind: str
    legal_basis: str
    reason: PlainText = Field(..., max_length=5000)


class CreatedOut(Schema):
    id: int


class OverrideOut(Schema):
    id: int
    expires_at: dt.datetime


def _case(request: HttpRequest, case_id: int) -> Case:
    if not casework_scope(request.user).is_casework_user:
        raise Http404("No such API endpoint.")
    return case_for(request.user, case_id)


def _consent_out(c: ConsentRecord) -> dict[str, Any]:
    return {
        "id": c.pk,
        "kind": c.kind,
        "decision": c.decision,
        "given_by": c.given_by,
        "guardian_relationship": c.guardian_relationship,
        "method": c.method,
        "language": c.language,
        "interpreter_used": c.interpreter_used,
        "given_at": c.given_at,
        "valid_until": c.valid_until,
        "withdrawn_at": c.withdrawn_at,
        "recipient_agencies": [a.pk for a in c.recipient_agencies.all()],
        "recipient_categories": c.recipient_categories,
        "excluded_agencies": [a.pk for a in c.excluded_agencies.all()],
        "sections": c.sections,
        "version": c.version,
    }


@router.get("/casework/cases/{case_id}/consents/", response=dict, url_name="casework_consents")
def consents(request: HttpRequest, case_id: int):
    """The case's consents (newest first) and overrides, tier 1 only: kinds, decisions, who
    gave them, how, until when, withdrawn when; an override's basis and end."""
    case = _case(request, case_id)
    return {
        "consents": [_consent_out(c) for c in list_consents(case)],
        "overrides": [
            {
                "id": o.pk,
                "kind": o.kind,
                "legal_basis": o.legal_basis,
                "at": o.at,
                "expires_at": o.expires_at,
            }
            for o in list_overrides(case)
        ],
    }


def _agencies(ids: list[int], name: str) -> list[Organisation]:
    found = list(Organisation.objects.filter(pk__in=ids))
    if len(found) != len(set(ids)):
        raise HttpError(422, _("%(field)s: no such agency.") % {"field": name})
    return found


@router.post(
    "/casework/cases/{case_id}/consents/",
    response={201: CreatedOut},
    url_name="casework_consent_add",
)
def consent_add(request: HttpRequest, case_id: int, payload: ConsentIn):
    """Record one consent (given or refused); 422 naming each field at fault."""
    case = _case(request, case_id)
    values = payload.dict()
    approver = None
    if payload.best_interests_approver is not None:
        approver = get_user_model().objects.filter(pk=payload.best_interests_approver).first()
        if approver is None:
            raise HttpError(422, _("best_interests_approver: no such user."))
    evidence = None
    if payload.evidence is not None:
        evidence = Attachment.objects.filter(pk=payload.evidence, case=case).first()
        if evidence is None:
            raise HttpError(422, _("evidence: no such attachment of this case."))
    values.update(
        best_interests_approver=approver,
        evidence=evidence,
        recipient_agencies=_agencies(payload.recipient_agencies, "recipient_agencies"),
        excluded_agencies=_agencies(payload.excluded_agencies, "excluded_agencies"),
    )
    consent = consent_record(actor=request.user, case=case, source=API, **values)
    return Status(201, {"id": consent.pk})


@router.post(
    "/casework/cases/{case_id}/consents/{consent_id}/withdraw/",
    response=CreatedOut,
    url_name="casework_consent_withdraw",
)
def withdraw(request: HttpRequest, case_id: int, consent_id: int, payload: WithdrawIn):
    """Withdraw a consent: every open referral that relied on it is revoked and its
    receiving agency told."""
    case = _case(request, case_id)
    consent = ConsentRecord.objects.filter(pk=consent_id, case=case).first()
    if consent is None:
        raise Http404("No such consent.")
    consent_withdraw(
        actor=request.user,
        consent=consent,
        note=payload.note,
        version=payload.version,
        source=API,
    )
    return {"id": consent.pk}


@router.post(
    "/casework/cases/{case_id}/consent-overrides/",
    response={201: OverrideOut},
    url_name="casework_consent_override",
)
def override(request: HttpRequest, case_id: int, payload: OverrideIn):
    """Override consent on a legal basis (a case supervisor of the owner agency only): it
    ends after the country's override hours (72 by default)."""
    case = _case(request, case_id)
    made = consent_override(actor=request.user, case=case, source=API, **payload.dict())
    return Status(201, {"id": made.pk, "expires_at": made.expires_at})
