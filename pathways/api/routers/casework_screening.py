"""Casework: screenings through the API, under the pages' rules (docs/casework.md §3.1).

Every route starts from `access.screenings_visible_to` / `screening_for` (a screening out of
reach is a 404, and so is every route for a token whose user holds no casework role); each
action is the screening service the pages call, with the `version` the client last read: a
screening changed since is a 409 naming its state now, and nothing is written. The sealed
answers and notes come out only through `reading.open_screening`, which records the read with
via "api"; a screener does not read back the acts a person says they were compelled to commit.
"""

# No `from __future__ import annotations`: django-ninja reads the parameter types of the
# views at import time.

import datetime as dt
from collections.abc import Callable
from typing import Any

from django.db.models import Q
from django.http import Http404, HttpRequest
from django.utils.translation import gettext as _
from ninja import Field, Query, Router, Schema, Status
from ninja.errors import HttpError

from pathways.api.pagination import LimitOffset, page
from pathways.api.schemas import OrganisationRef, PlainText
from pathways.audit.models import AuditEvent
from pathways.casework import reading
from pathways.casework.access import (
    casework_scope,
    clients_visible_to,
    roster_screening_for,
    screening_for,
    screenings_visible_to,
)
from pathways.casework.indicators import CONSENT_ITEMS
from pathways.casework.models import AccessEvent, IndicatorSet, Screening
from pathways.casework.sealing import ClientIdentity
from pathways.casework.services import (
    screening_answer,
    screening_mark_duplicate,
    screening_no_consent_to_continue,
    screening_offer_other_services,
    screening_refer_for_identification,
    screening_refuse_consent,
    screening_start,
    screening_submit,
    screening_take_over,
    screening_triage,
    screening_void,
)
from pathways.casework.services.screening import SCREENING
from pathways.casework.transitions import ConcurrentChange, TransitionRefused
from pathways.programs.models import Organisation

router = Router(tags=["casework"])
API = AuditEvent.Source.API


class ScreeningOut(Schema):
    """A screening's tier-1 facts, its state and the `version` to send with an action."""

    id: int
    state: str
    version: int
    actions: list[str]
    country: str
    screening_agency: OrganisationRef
    screened_at: dt.datetime
    location_type: str
    sex: str
    age_band: str
    nationality: str
    consent_to_interview: str
    indicator_set: str | None
    interview_language: str
    immediate_needs: list[str]
    suggested_outcome: str
    confirmed_outcome: str
    is_override: bool
    dimensions_met: list[str]
    group_id: int | None
    case_id: int | None


class ScreeningListOut(Schema):
    count: int
    next: str | None
    previous: str | None
    results: list[ScreeningOut]


class ScreeningDetailOut(ScreeningOut):
    """With the sealed fields the token's user may read (`readable`), opened and recorded:
    `answers` (indicator code -> answer) and `texts` (notes, reasons; the acts compelled only
    to the agency's case workers, supervisors and legal officers)."""

    readable: list[str]
    answers: dict[str, str]
    texts: dict[str, str]


class ScreeningIn(Schema):
    agency: int = Field(..., description="The screening agency (one you screen for).")
    location_type: str
    sex: str
    age_band: str
    nationality: str = Field("", max_length=2)
    consent_to_interview: str = Field("", description="yes, no or refused; empty for later.")
    informed_of: list[str] = []
    indicator_set: int | None = Field(None, description="The id of the set of indicators.")
    screened_at: dt.datetime | None = None
    province: PlainText = Field("", max_length=200)
    interview_language: str = Field("", max_length=16)
    interpreter_used: bool = False
    child_friendly_procedure: bool = False


class VersionIn(Schema):
    version: int = Field(..., description="The screening's version as you last read it.")


class AnswerIn(VersionIn):
    """Answers (merged into those given before) and interview facts; only those sent change."""

    answers: dict[str, str] | None = None
    consent_to_interview: str | None = None
    informed_of: list[str] | None = None
    indicator_set: int | None = None
    consent_set: int | None = None
    province: PlainText | None = Field(None, max_length=200)
    interview_language: str | None = Field(None, max_length=16)
    interpreter_used: bool | None = None
    child_friendly_procedure: bool | None = None
    immediate_needs: list[str] | None = None
    urgent_referral_made: bool | None = None
    exploitation_notes: PlainText | None = Field(None, max_length=20000)
    unlawful_acts: PlainText | None = Field(None, max_length=20000)


class ActionIn(VersionIn):
    consent: str = Field(
        Screening.Consent.NO, description="refuse_consent: no or refused (to answer)."
    )
    confirmed_outcome: str = Field("", description="triage: the outcome you confirm.")
    override_reason: PlainText = Field("", max_length=5000)
    reason: PlainText = Field("", max_length=5000, description="void: why (kept sealed).")
    client: int | None = Field(
        None, description="mark_duplicate: the id of the client the person already is."
    )


class IdentityIn(Schema):
    first_name: PlainText = Field(..., min_length=1, max_length=200)
    middle_name: PlainText = Field("", max_length=200)
    last_name: PlainText = Field("", max_length=200)
    local_script_name: PlainText = Field("", max_length=200)
    nickname: PlainText = Field("", max_length=200)
    birthdate: dt.date | None = None
    identity_number: PlainText = Field("", max_length=100)
    mobile_phone: PlainText = Field("", max_length=50)
    home_phone: PlainText = Field("", max_length=50)
    email: PlainText = Field("", max_length=200)
    address: PlainText = Field("", max_length=1000)


class ReferIn(VersionIn):
    identity: IdentityIn
    birthdate_precision: str = ""
    identity_document_type: str = ""
    decision_making_org_type: str = ""
    legal_basis: PlainText = Field("", max_length=300)
    # An HTCDS value name of the case's type of exploitation; "Unknown" unless the interview
    # shows it.
    exploitation_type: str = "Unknown"
    # ISO 3166 code of the country where the person was exploited; "" when not known.
    exploitation_country: str = ""


class ReferredOut(ScreeningOut):
    client_id: int


def _casework_user(request: HttpRequest) -> None:
    if not casework_scope(request.user).is_casework_user:
        raise Http404("No such API endpoint.")


def _screening(request: HttpRequest, screening_id: int) -> Screening:
    _casework_user(request)
    return screening_for(request.user, screening_id)


def _summary(screening: Screening) -> dict[str, Any]:
    return {
        **{name: getattr(screening, name) for name in SUMMARY_FIELDS},
        "actions": SCREENING.allowed_actions(screening.state),
        "country": screening.country.code,
        "screening_agency": screening.screening_agency,
        "indicator_set": screening.indicator_set.code if screening.indicator_set else None,
    }


SUMMARY_FIELDS = (
    "id",
    "state",
    "version",
    "screened_at",
    "location_type",
    "sex",
    "age_band",
    "nationality",
    "consent_to_interview",
    "interview_language",
    "immediate_needs",
    "suggested_outcome",
    "confirmed_outcome",
    "is_override",
    "dimensions_met",
    "group_id",
    "case_id",
)


def stale(screening: Screening) -> HttpError:
    fresh = Screening.objects.get(pk=screening.pk)
    return HttpError(
        409,
        _(
            "Someone else changed this screening since you read it: it is now “%(state)s” "
            "(version %(version)d). Nothing was saved; read it again and act again if you "
            "still need to."
        )
        % {"state": fresh.get_state_display(), "version": fresh.version},
    )


def act(screening: Screening, version: int, move: Callable[[], Any]) -> Any:
    """Run `move` at the version the client read: 409 when changed since or refused."""
    if version != screening.version:
        raise stale(screening)
    try:
        return move()
    except ConcurrentChange:
        raise stale(screening) from None
    except TransitionRefused as refusal:
        raise HttpError(409, str(refusal)) from None


def _indicator_set(pk: int | None, kind: str, field: str, country_id: int) -> IndicatorSet | None:
    if pk is None:
        return None
    found = (
        IndicatorSet.objects.filter(pk=pk, kind=kind)
        .filter(Q(country__isnull=True) | Q(country_id=country_id))
        .first()
    )
    if found is None:
        raise HttpError(422, _("%(field)s: no such set for this country.") % {"field": field})
    return found


@router.get("/casework/screenings/", response=ScreeningListOut, url_name="casework_screenings")
def screening_list(request: HttpRequest, pagination: Query[LimitOffset.Input]):
    """Screenings you may see (a screener's own of the last 30 days, a supervisor's agency's),
    newest first, tier-1 facts only."""
    _casework_user(request)
    rows = (
        screenings_visible_to(request.user)
        .select_related("country", "screening_agency", "indicator_set")
        .order_by("-screened_at", "-id")
    )
    return page(request, rows, pagination, _summary)


@router.post("/casework/screenings/", response={201: ScreeningOut}, url_name="casework_screenings")
def screening_create(request: HttpRequest, payload: ScreeningIn):
    """A new screening for an agency you screen for (403 otherwise). A refusal of consent
    given now ends it at once."""
    _casework_user(request)
    agency = Organisation.objects.filter(pk=payload.agency).first()
    if agency is None:
        raise HttpError(422, _("agency: no such agency."))
    values = payload.dict(exclude={"agency", "indicator_set"})
    screening = screening_start(
        actor=request.user,
        agency=agency,
        indicator_set=_indicator_set(
            payload.indicator_set, IndicatorSet.Kind.INDICATORS, "indicator_set", agency.country_id
        ),
        source=API,
        **values,
    )
    return Status(201, _summary(screening))


@router.get(
    "/casework/screenings/{screening_id}/",
    response=ScreeningDetailOut,
    url_name="casework_screening_detail",
)
def screening_detail(request: HttpRequest, screening_id: int):
    screening = _screening(request, screening_id)
    view = reading.open_screening(request.user, screening, via=AccessEvent.Via.API, request=request)
    return {
        **_summary(screening),
        "readable": sorted(view.readable),
        "answers": view.answers,
        "texts": view.texts,
    }


@router.post(
    "/casework/screenings/{screening_id}/answer/",
    response=ScreeningOut,
    url_name="casework_screening_answer",
)
def screening_answer_route(request: HttpRequest, screening_id: int, payload: AnswerIn):
    """Answers and interview facts while the screening is a draft (its screener or the
    agency's supervisor)."""
    screening = _screening(request, screening_id)
    values = payload.dict(exclude_unset=True, exclude={"version", "answers", "informed_of"})
    values = {name: value for name, value in values.items() if value is not None}
    for name, kind in (
        ("indicator_set", IndicatorSet.Kind.INDICATORS),
        ("consent_set", IndicatorSet.Kind.CONSENT),
    ):
        if name in values:
            values[name] = _indicator_set(values[name], kind, name, screening.country_id)
    if payload.informed_of is not None:
        unknown = set(payload.informed_of) - set(CONSENT_ITEMS)
        if unknown:
            raise HttpError(422, _("informed_of: choose the consent items from the list."))
        values.update({f"informed_of_{c}": c in payload.informed_of for c in CONSENT_ITEMS})
    act(
        screening,
        payload.version,
        lambda: screening_answer(
            actor=request.user,
            screening=screening,
            answers=payload.answers,
            source=API,
            **values,
        ),
    )
    return _summary(screening)


@router.post(
    "/casework/screenings/{screening_id}/refer/",
    response={201: ReferredOut},
    url_name="casework_screening_refer",
)
def screening_refer(request: HttpRequest, screening_id: int, payload: ReferIn):
    """A presumed victim: the person is registered as a client from `identity`, and a case
    (stage "presumed") and a preliminary identification are opened; `case_id` names it."""
    screening = _screening(request, screening_id)
    act(
        screening,
        payload.version,
        lambda: screening_refer_for_identification(
            actor=request.user,
            screening=screening,
            identity=ClientIdentity(**payload.identity.dict()),
            birthdate_precision=payload.birthdate_precision,
            identity_document_type=payload.identity_document_type,
            decision_making_org_type=payload.decision_making_org_type,
            legal_basis=payload.legal_basis,
            exploitation_type=payload.exploitation_type,
            exploitation_country=payload.exploitation_country.strip().upper(),
            source=API,
        ),
    )
    return Status(201, {**_summary(screening), "client_id": screening.client_id})


def _refuse(request: HttpRequest, screening: Screening, payload: ActionIn) -> Any:
    return screening_refuse_consent(
        actor=request.user, screening=screening, consent=payload.consent, source=API
    )


def _triage(request: HttpRequest, screening: Screening, payload: ActionIn) -> Any:
    if payload.confirmed_outcome not in Screening.Outcome.values:
        raise HttpError(
            422,
            _("confirmed_outcome: choose one of %(choices)s.")
            % {"choices": ", ".join(Screening.Outcome.values)},
        )
    return screening_triage(
        actor=request.user,
        screening=screening,
        confirmed_outcome=payload.confirmed_outcome,
        override_reason=payload.override_reason,
        source=API,
    )


def _void(request: HttpRequest, screening: Screening, payload: ActionIn) -> Any:
    return screening_void(
        actor=request.user, screening=screening, reason=payload.reason, source=API
    )


def _mark_duplicate(request: HttpRequest, screening: Screening, payload: ActionIn) -> Any:
    if payload.client is None:
        raise HttpError(422, _("client: name the client the person already is."))
    client = clients_visible_to(request.user).filter(pk=payload.client).first()
    if client is None:
        raise Http404("No such client.")
    return screening_mark_duplicate(
        actor=request.user, screening=screening, client=client, source=API
    )


def _plain(service: Callable[..., Any]) -> Callable[..., Any]:
    def run(request: HttpRequest, screening: Screening, payload: ActionIn) -> Any:
        return service(actor=request.user, screening=screening, source=API)

    return run


ACTIONS: dict[str, Callable[[HttpRequest, Screening, ActionIn], Any]] = {
    "refuse_consent": _refuse,
    "submit": _plain(screening_submit),
    "triage": _triage,
    "no_consent_to_continue": _plain(screening_no_consent_to_continue),
    "offer_other_services": _plain(screening_offer_other_services),
    "take_over": _plain(screening_take_over),
    "mark_duplicate": _mark_duplicate,
    "void": _void,
}


@router.post(
    "/casework/screenings/{screening_id}/actions/{action}/",
    response=ScreeningOut,
    url_name="casework_screening_action",
)
def screening_action(request: HttpRequest, screening_id: int, action: str, payload: ActionIn):
    """One move of the workflow: `refuse_consent` (with `consent`), `submit`, `triage`
    (`confirmed_outcome`, and `override_reason` when it is not the rule's suggestion),
    `no_consent_to_continue`, `offer_other_services`, `take_over` (a roster's person whose
    interview has not begun, by any screener of the agency), `mark_duplicate` (`client`: the
    person is already that client, one you may see; submitted or with indicators) or `void`
    (`reason`, sealed; the agency's case supervisor alone, any state not yet final)."""
    if action not in ACTIONS:
        raise Http404("No such action.")
    _casework_user(request)
    if action == "take_over":
        screening = roster_screening_for(request.user, screening_id)
    else:
        screening = screening_for(request.user, screening_id)
    act(screening, payload.version, lambda: ACTIONS[action](request, screening, payload))
    screening = Screening.objects.select_related(
        "country", "screening_agency", "indicator_set"
    ).get(pk=screening.pk)
    return _summary(screening)
