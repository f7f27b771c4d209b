"""The screening workflow's table (casework.md §3.1) with its guards and effects: which
action moves a screening from which state to which, what must hold first, and what each move
writes besides the state. The services that fire these moves are in `screening.py`.

A refusal of consent keeps only sex, age band, nationality and the type of place; the acts a
person says they were compelled to commit are written only into the sealed `unlawful_acts`,
and no guard reads it.
"""

from __future__ import annotations

from collections.abc import Iterable, Mapping
from typing import Any

from django.utils import timezone
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy

from pathways.casework import sealing
from pathways.casework.access import (
    holds_role,
)
from pathways.casework.indicators import CONSENT_ITEMS, RuleResult
from pathways.casework.models import (
    SCREENING_SEALED_FIELDS,
    Case,
    CaseworkRole,
    Client,
    Screening,
)
from pathways.casework.services.cases import case_open
from pathways.casework.services.clients import client_register
from pathways.casework.services.identification import identification_preliminary_open
from pathways.casework.transitions import (
    SCREENING_ACTIONS,
    SCREENING_MOVES,
    machine,
)

State = Screening.State
# The HTCDS consent checklist (con_Consent), each item a column `informed_of_<item>`.
REFUSALS = (Screening.Consent.NO, Screening.Consent.REFUSED)
# What a refusal of the interview clears: everything but the four kept facts, the record's
# own who/when/where-agency and the roster it belongs to.
CLEARED_ON_REFUSAL = {
    "province": "",
    "interview_language": "",
    "interpreter_used": False,
    "child_friendly_procedure": False,
    **{f"informed_of_{item}": False for item in CONSENT_ITEMS},
    "consent_set": None,
    "indicator_set": None,
    "immediate_needs": [],
    "urgent_referral_made": False,
    "dimensions_met": [],
    "suggested_outcome": "",
    "confirmed_outcome": "",
    "is_override": False,
    "possible_client": None,
    "roster_duplicate_row": None,
}


def _save(screening: Screening, fields: Iterable[str], *, sealed: bool = False) -> None:
    names = list(dict.fromkeys(fields))
    if sealed:  # sealing may re-encrypt every column under a newer key
        names += [f"{f}_sealed" for f in SCREENING_SEALED_FIELDS] + ["data_key_id"]
    screening.save(update_fields=[*names, "updated_at"])


# --- guards and effects -------------------------------------------------------------------------


def _refuse_consent_effect(
    screening: Screening, *, actor: Any, consent: str, **kwargs: Any
) -> list[str]:
    written = ["consent_to_interview"]
    screening.consent_to_interview = consent
    for name, empty in CLEARED_ON_REFUSAL.items():
        attname = screening._meta.get_field(name).attname
        if getattr(screening, attname) not in ("", None, False, []):
            written.append(name)
        setattr(screening, attname, empty)
    cleared = [f for f in SCREENING_SEALED_FIELDS if getattr(screening, f"{f}_sealed") is not None]
    sealing.seal_record(screening, dict.fromkeys(SCREENING_SEALED_FIELDS, ""))
    _save(screening, [screening._meta.get_field(n).attname for n in written], sealed=True)
    return [*written, *cleared]


def _take_over_guard(screening: Screening, **kwargs: Any) -> str | None:
    if screening.group_id is None:
        return _("Only a screening of a group's roster is taken over by another screener.")
    uploader = screening.group.created_by_id
    if uploader is not None and screening.screener_id != uploader:
        return _("Another screener has taken this interview already.")
    if screening.consent_to_interview or screening.answers_sealed is not None:
        return _("This interview has begun: its own screener or a supervisor continues it.")
    return None


def _take_over_effect(screening: Screening, *, actor: Any, **kwargs: Any) -> list[str]:
    # The screener's 30 days of access count from the interview, not from the roster's upload.
    screening.screener, screening.screened_at = actor, timezone.now()
    _save(screening, ["screener", "screened_at"])
    return ["screener", "screened_at"]


def _refuse_consent_guard(screening: Screening, *, consent: str, **kwargs: Any) -> str | None:
    if consent not in REFUSALS:
        return _("Record the person's refusal as “does not consent” or “refused to answer”.")
    return None


def _answer_effect(
    screening: Screening, *, actor: Any, changes: Mapping, **kwargs: Any
) -> list[str]:
    plain = {k: v for k, v in changes.items() if k not in SCREENING_SEALED_FIELDS}
    sealed = {k: v for k, v in changes.items() if k in SCREENING_SEALED_FIELDS}
    for name, value in plain.items():
        setattr(screening, name, value)
    screening.full_clean(exclude=[f"{f}_sealed" for f in SCREENING_SEALED_FIELDS])
    sealing.seal_record(screening, sealed)
    _save(screening, [screening._meta.get_field(n).attname for n in plain], sealed=bool(sealed))
    return list(changes)


def _submit_guard(screening: Screening, **kwargs: Any) -> str | None:
    if screening.consent_to_interview != Screening.Consent.YES:
        return _("Record the person's consent to the interview before submitting.")
    if screening.indicator_set_id is None:
        return _("Choose the set of indicators the interview used before submitting.")
    return None


def _triage_guard(
    screening: Screening, *, result: RuleResult, confirmed: str, reason: str, **kwargs: Any
) -> str | None:
    if confirmed not in Screening.Outcome.values:
        return _("Choose the outcome of the screening.")
    if confirmed != result.outcome and not reason:
        return _("Say why you do not follow the rule's suggestion: a reason is required.")
    return None


def _triage_effect(
    screening: Screening, *, result: RuleResult, confirmed: str, reason: str, **kwargs: Any
) -> list[str]:
    screening.dimensions_met = list(result.dimensions_met)
    screening.suggested_outcome = result.outcome
    screening.confirmed_outcome = confirmed
    screening.is_override = confirmed != result.outcome
    written = ["dimensions_met", "suggested_outcome", "confirmed_outcome", "is_override"]
    _save(screening, written)
    if screening.is_override:
        sealing.seal_record(screening, {"override_reason": reason})
        _save(screening, [], sealed=True)
        written.append("override_reason")
    return written


def _refer_effect(
    screening: Screening, *, actor: Any, referral: Mapping[str, Any], **kwargs: Any
) -> list[str]:
    client = referral["client"] or _register_client(screening, actor, referral)
    agency = client.owner_agency
    working = (CaseworkRole.CASE_WORKER, CaseworkRole.CASE_SUPERVISOR)
    case = case_open(
        actor=actor,
        client=client,
        case_worker=actor if holds_role(actor, agency.pk, *working) else None,
        stage=Case.Stage.PRESUMED,
        exploitation_type=referral.get("exploitation_type") or Case.ExploitationType.UNKNOWN,
        exploitation_country=referral.get("exploitation_country", ""),
        source=referral["source"],
    )
    identification_preliminary_open(
        actor=actor,
        client=client,
        case=case,
        screening=screening,
        decision_making_org_type=referral["decision_making_org_type"],
        legal_basis=referral["legal_basis"],
        source=referral["source"],
    )
    screening.client, screening.case = client, case
    _save(screening, ["client", "case"])
    return ["client", "case"]


def _register_client(screening: Screening, actor: Any, referral: Mapping[str, Any]) -> Client:
    return client_register(
        actor=actor,
        country=screening.country,
        owner_agency=screening.screening_agency,
        identity=referral["identity"],
        sex=screening.sex,
        age_band=screening.age_band,
        nationality=screening.nationality,
        birthdate_precision=referral["birthdate_precision"],
        identity_document_type=referral["identity_document_type"],
        source=referral["source"],
    )


def _duplicate_effect(screening: Screening, *, client: Client, **kwargs: Any) -> list[str]:
    screening.client = client
    _save(screening, ["client"])
    return ["client"]


def _void_guard(screening: Screening, *, reason: str, **kwargs: Any) -> str | None:
    return None if reason else _("Say why the screening is voided: a reason is required.")


def _void_effect(screening: Screening, *, reason: str, **kwargs: Any) -> list[str]:
    sealing.seal_record(screening, {"void_reason": reason})
    _save(screening, [], sealed=True)
    return ["void_reason"]


SCREENING = machine(
    Screening,
    gettext_lazy("screening"),
    SCREENING_ACTIONS,
    SCREENING_MOVES,
    {
        "take_over": (_take_over_guard, _take_over_effect),
        "answer": (None, _answer_effect),
        "refuse_consent": (_refuse_consent_guard, _refuse_consent_effect),
        "submit": (_submit_guard, None),
        "triage": (_triage_guard, _triage_effect),
        "refer_for_identification": (None, _refer_effect),
        "no_consent_to_continue": (None, None),
        "offer_other_services": (None, None),
        "mark_duplicate": (None, _duplicate_effect),
        "void": (_void_guard, _void_effect),
    },
)
