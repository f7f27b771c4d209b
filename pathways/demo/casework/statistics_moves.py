"""The statistics cohort's referrals between agencies and returns home (`statistics_cohort`),
written in bulk: synthetic, from a fixed seed, so that Cambodia's tables of referrals (by
what became of them, with the days to answer and to complete) and of returns (with the days
nationality verification took) have content.

About half of the people identified were referred to another demo agency for a service,
with their consent to share the case's summary with service providers; most referrals were
completed and closed, some declined, expired, withdrawn or not completed, and recent ones are
in progress. Most foreign nationals identified went home: their nationality verified, travel
documents issued, handed over, the return closed (those too recent are still on the way).
No words are written: a referral's details, notes and feedback stay empty.
"""

from __future__ import annotations

import datetime as dt
import random
from collections.abc import Sequence

from pathways.casework import sealing
from pathways.casework.models import (
    Case,
    ConsentRecord,
    Referral,
    ReturnRequest,
    ServiceType,
)
from pathways.demo.casework.bulk import audit_created_in_bulk
from pathways.demo.casework.people import SEED, TEAMS
from pathways.demo.casework.screenings import StagedDemo
from pathways.programs.models import Country

R = Referral.Status
REFERRED_SHARE = 0.5
RETURNED_SHARE = 0.8
# Where each owner refers to, and for what.
RECEIVERS = {
    "MoSVY": [("SHELTER", ServiceType.SHELTER), ("SHELTER", ServiceType.PSYCHOSOCIAL),
              ("LSCW", ServiceType.LEGAL)],
    "SHELTER": [("MoSVY", ServiceType.LIVELIHOOD), ("MoSVY", ServiceType.FAMILY_TRACING),
                ("LSCW", ServiceType.LEGAL)],
    "LSCW": [("SHELTER", ServiceType.SHELTER), ("MoSVY", ServiceType.LIVELIHOOD)],
}  # fmt: skip
# What became of a referral, by weight.
FATES = [("completed", 62), ("not_completed", 8), ("declined", 13), ("expired", 9),
         ("revoked", 4), ("in_progress", 4)]  # fmt: skip
URGENCIES = [(Referral.Urgency.ROUTINE, 60), (Referral.Urgency.URGENT, 35)]
URGENCIES += [(Referral.Urgency.EMERGENCY, 5)]
# The answer due (three working days, roughly).
EXPIRY = dt.timedelta(days=3)


def _pick(rng: random.Random, choices: Sequence[tuple]) -> tuple:
    return rng.choices(choices, weights=[c[1] for c in choices])[0]


def load_cohort_moves(
    demo: StagedDemo, cases: list[Case], identified: list[dt.datetime | None], last_day: dt.datetime
) -> tuple[int, int]:
    """The referrals and returns of the cohort's identified people; how many of each."""
    rng = random.Random(SEED + 24)
    owners = {agency.pk: key for key, agency in demo.agencies.items()}
    referred = [
        (case, at)
        for case, at in zip(cases, identified, strict=True)
        if at is not None and rng.random() < REFERRED_SHARE
    ]
    consents = [_consent(case, at) for case, at in referred]
    ConsentRecord.objects.bulk_create(consents, batch_size=500)
    referrals = [
        _referral(demo, rng, owners[case.owner_agency_id], case, consent, at, last_day)
        for (case, at), consent in zip(referred, consents, strict=True)
    ]
    Referral.objects.bulk_create(referrals, batch_size=500)
    homes = {c.code: c for c in Country.objects.exclude(pk=demo.country.pk)}
    returns = [
        _return(demo, rng, case, homes[case.client.nationality], at, last_day)
        for case, at in zip(cases, identified, strict=True)
        if at is not None and case.client.nationality in homes and rng.random() < RETURNED_SHARE
    ]
    ReturnRequest.objects.bulk_create(returns, batch_size=500)
    audit_created_in_bulk(consents, [CONSENT_FIELDS] * len(consents))
    audit_created_in_bulk(referrals, [_referral_fields(r) for r in referrals])
    audit_created_in_bulk(returns, [_return_fields(r) for r in returns])
    return len(referrals), len(returns)


GUARDIAN = ConsentRecord.GivenBy.CHILD_AND_GUARDIAN
CONSENT_FIELDS = ["client", "case", "kind", "decision", "recipient_categories", "sections"]
CONSENT_FIELDS += ["given_by", "method", "language", "given_at", "recorded_by"]


def _consent(case: Case, at: dt.datetime) -> ConsentRecord:
    child = case.client.age_band in ("0-11", "12-17")
    consent = ConsentRecord(
        client=case.client,
        case=case,
        country=case.country,
        kind=ConsentRecord.Kind.SHARE_FOR_REFERRAL,
        decision=ConsentRecord.Decision.GIVEN,
        recipient_categories=[ConsentRecord.RecipientCategory.SERVICE_PROVIDERS],
        sections=["summary"],
        given_by=ConsentRecord.GivenBy.CHILD_AND_GUARDIAN
        if child
        else ConsentRecord.GivenBy.PERSON,
        guardian_relationship=ConsentRecord.GuardianRelationship.PARENT if child else "",
        method=ConsentRecord.Method.VERBAL,
        language="km",
        given_at=at,
        recorded_by=case.case_worker,
    )
    sealing.seal_record(consent, {})
    return consent


def _referral(
    demo: StagedDemo,
    rng: random.Random,
    owner: str,
    case: Case,
    consent: ConsentRecord,
    identified: dt.datetime,
    last_day: dt.datetime,
) -> Referral:
    receiver, service = rng.choice(RECEIVERS[owner])
    offered = identified + dt.timedelta(days=rng.randint(1, 20), hours=rng.randint(0, 8))
    offered = min(offered, last_day - dt.timedelta(hours=3))
    fate = _pick(rng, FATES)[0]
    answered = offered + dt.timedelta(hours=rng.randint(2, 96))
    completed = answered + dt.timedelta(days=rng.randint(5, 60))
    # What had not happened yet by the last day is still to come.
    if answered > last_day or (fate == "expired" and offered + EXPIRY > last_day):
        fate = "offered"
    elif fate in ("completed", "not_completed", "revoked") and completed > last_day:
        fate = "in_progress"
    values = _fate(fate, rng, offered, answered, completed)
    accepted = fate in ("completed", "not_completed", "in_progress", "revoked")
    referral = Referral(
        country=case.country,
        case=case,
        from_agency=case.owner_agency,
        from_user=case.case_worker,
        to_agency=demo.agencies[receiver],
        to_user=demo.users[TEAMS[receiver][0][0]] if accepted else None,
        service_type=service,
        urgency=_pick(rng, URGENCIES)[0],
        consent_record=consent,
        shared_sections=["summary"],
        offered_at=offered,
        respond_by=offered + EXPIRY,
        **values,
    )
    sealing.seal_record(referral, {})
    return referral


def _fate(
    fate: str, rng: random.Random, offered: dt.datetime, answered: dt.datetime, done: dt.datetime
) -> dict:
    """The status and the dates of a referral that came to `fate`."""
    closed = done + dt.timedelta(days=rng.randint(1, 5))
    ended = {"closed_at": closed, "access_expires_at": closed + dt.timedelta(days=30)}
    accepted = {"responded_at": answered, "first_contact_at": answered + dt.timedelta(days=1)}
    if fate == "completed":
        outcome = rng.choice(Referral.Outcome.values)
        return {**accepted, **ended, "status": R.CLOSED, "completed_at": done, "outcome": outcome}
    if fate == "not_completed":
        reason = rng.choice(Referral.NotCompletedReason.values)
        return {**accepted, **ended, "status": R.CLOSED, "completed_at": done,
                "not_completed_reason": reason}  # fmt: skip
    if fate == "declined":
        reason = rng.choice(Referral.DeclineReason.values)
        return {"status": R.DECLINED, "responded_at": answered, "decline_reason": reason}
    if fate == "expired":
        return {"status": R.EXPIRED, "escalated_at": offered + EXPIRY + dt.timedelta(hours=1)}
    if fate == "offered":
        return {"status": R.OFFERED}
    if fate == "revoked":
        return {**accepted, "status": R.REVOKED, "revoked_at": done,
                "revoke_reason": Referral.RevokeReason.SENDER}  # fmt: skip
    return {**accepted, "status": R.IN_PROGRESS, "complete_by": done + dt.timedelta(days=30)}


def _referral_fields(referral: Referral) -> list[str]:
    fields = ["case", "from_agency", "from_user", "to_agency", "service_type", "urgency"]
    fields += ["consent_record", "shared_sections", "status", "offered_at", "respond_by"]
    optional = ["to_user", "responded_at", "first_contact_at", "completed_at", "outcome"]
    optional += ["not_completed_reason", "decline_reason", "closed_at", "access_expires_at"]
    optional += ["escalated_at", "revoked_at", "revoke_reason", "complete_by"]
    return fields + [name for name in optional if getattr(referral, name)]


STEPS = ("verification_started_at", "verified_at", "documents_issued_at", "handed_over_at")
STEP_STATUS = {
    "verification_started_at": ReturnRequest.Status.NATIONALITY_VERIFICATION,
    "verified_at": ReturnRequest.Status.DOCUMENTS_PENDING,
    "documents_issued_at": ReturnRequest.Status.RETURN_SCHEDULED,
    "handed_over_at": ReturnRequest.Status.HANDED_OVER,
}


def _return(
    demo: StagedDemo,
    rng: random.Random,
    case: Case,
    home: Country,
    identified: dt.datetime,
    last_day: dt.datetime,
) -> ReturnRequest:
    """A return as far as it got by `last_day`: each step a few days or weeks after the last."""
    at = identified + dt.timedelta(days=rng.randint(2, 15))
    gaps = {"verification_started_at": (1, 7), "verified_at": (4, 45)}
    gaps |= {"documents_issued_at": (3, 20), "handed_over_at": (2, 14)}
    values: dict = {"status": ReturnRequest.Status.REQUESTED}
    for step in STEPS:
        at = at + dt.timedelta(days=rng.randint(*gaps[step]), hours=rng.randint(0, 8))
        if at > last_day:
            break
        values[step] = at
        values["status"] = STEP_STATUS[step]
    started = values.get("verification_started_at")
    if started:
        values["verification_due"] = (started + dt.timedelta(days=30)).date()
    if "documents_issued_at" in values:
        values["scheduled_on"] = (values["documents_issued_at"] + dt.timedelta(days=2)).date()
    closed = values.get("handed_over_at", last_day) + dt.timedelta(days=rng.randint(1, 10))
    if "handed_over_at" in values and closed < last_day:
        values |= {"status": ReturnRequest.Status.CLOSED, "closed_at": closed}
        values["closed_reason"] = ReturnRequest.ClosedReason.RETURNED
    return ReturnRequest(
        case=case,
        from_country=case.country,
        to_country=home,
        requested_by=case.case_worker,
        **values,
    )


def _return_fields(ret: ReturnRequest) -> list[str]:
    fields = ["case", "from_country", "to_country", "requested_by", "status"]
    optional = [*STEPS, "verification_due", "scheduled_on", "closed_at", "closed_reason"]
    return fields + [name for name in optional if getattr(ret, name)]
