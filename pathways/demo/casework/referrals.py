"""The casework demo's referrals: MoSVY's case worker refers presumed victims to the demo's
shelter and to a legal-aid partner, with the person's consent, and each referral is left at
one step of its way, taken with the real services (`services.referrals`,
`services.referral_progress`, the deadline job), so the pages, the work lists and the NRM
coordinator's dashboard show what they would after a few weeks of use.

- waiting for the shelter's answer (the shelter's supervisor has it on the work list);
- accepted by the shelter, first contact made, in progress;
- completed by the shelter and written back to MoSVY's case, for MoSVY to close;
- declined by the legal-aid partner for lack of capacity (a service-gap figure);
- offered to the legal-aid partner two weeks before the load, never answered: the deadline job
  expired it and escalated it to the NRM coordinator, who can re-route it.

The words are synthetic and listed in `SAID`, so the no-plaintext test looks for them.
"""

from __future__ import annotations

import datetime as dt

from pathways.casework.models import Case, ConsentRecord, Referral, Section, ServiceType
from pathways.casework.services.consent import consent_record
from pathways.casework.services.referral_deadline_notices import referral_deadlines_run
from pathways.casework.services.referral_progress import (
    referral_complete,
    referral_record_first_contact,
)
from pathways.casework.services.referrals import (
    referral_accept,
    referral_decline,
    referral_offer,
)
from pathways.demo.casework.screenings import SOURCE, StagedDemo

REFERRAL_DETAILS = "Needs a safe place to stay near Battambang while the family is traced."
COMPLETED_FEEDBACK = "Stayed six weeks; counselling finished; back with the family in Battambang."
DECLINE_NOTE = "Our intake lawyer is on leave until next month."
CONSENT_NOTE = "Explained in Khmer which agencies would read which parts of the file."
SAID = [REFERRAL_DETAILS, COMPLETED_FEEDBACK, DECLINE_NOTE, CONSENT_NOTE]
# The sections the person agreed to share, and those each referral shares.
CONSENTED = [Section.SUMMARY, Section.SAFETY, Section.MEDICAL, Section.NOTES]
SHARED = [Section.SUMMARY, Section.SAFETY]


def _referrable(cases: list[Case], worker_id: int) -> list[Case]:
    """The open cases the case worker holds, in a fixed order."""
    return sorted(
        (c for c in cases if c.case_worker_id == worker_id and c.status != Case.Status.CLOSED),
        key=lambda c: c.pk,
    )


def _consent(demo: StagedDemo, case: Case, agencies: list, at: dt.datetime) -> None:
    consent_record(
        actor=demo.users["kh_caseworker"],
        case=case,
        kind=ConsentRecord.Kind.SHARE_FOR_REFERRAL,
        decision=ConsentRecord.Decision.GIVEN,
        given_by=ConsentRecord.GivenBy.PERSON,
        method=ConsentRecord.Method.THUMBPRINT,
        language="km",
        interpreter_used=False,
        capacity_note=CONSENT_NOTE,
        given_at=at,
        recipient_agencies=agencies,
        sections=CONSENTED,
        source=SOURCE,
    )


def load_referrals(demo: StagedDemo, cases: list[Case]) -> list[Referral]:
    """The five referrals above, on the case worker's first open cases (fewer when the demo
    holds fewer such cases)."""
    worker, shelter_lead = demo.users["kh_caseworker"], demo.users["kh_shelter_lead"]
    shelter, legal = demo.agencies["SHELTER"], demo.agencies["LSCW"]
    lscw_supervisor = demo.users.get("kh_lscw_supervisor")
    chosen = _referrable([c for c in cases if c.pk], worker.pk)
    now = demo.now
    earlier = now - dt.timedelta(days=14)
    for case in chosen[:5]:
        _consent(demo, case, [shelter, legal], earlier - dt.timedelta(hours=1))
    made: list[Referral] = []

    def offer(case: Case, agency, service: str, urgency: str, at: dt.datetime) -> Referral:
        return referral_offer(
            actor=worker,
            case=case,
            to_agency=agency,
            service_type=service,
            urgency=urgency,
            shared_sections=SHARED,
            details=REFERRAL_DETAILS,
            now=at,
            source=SOURCE,
        )

    steps = [
        lambda case: offer(case, shelter, ServiceType.PSYCHOSOCIAL, "urgent", now),
        lambda case: _in_progress(offer(case, shelter, ServiceType.LIVELIHOOD, "routine", now)),
        lambda case: _completed(offer(case, shelter, ServiceType.HEALTH, "routine", now)),
        lambda case: _declined(offer(case, legal, ServiceType.LEGAL, "routine", now)),
        lambda case: offer(case, legal, ServiceType.LEGAL, "urgent", earlier),
    ]

    def _in_progress(referral: Referral) -> Referral:
        referral = referral_accept(
            actor=shelter_lead, referral=referral, version=referral.version, now=now,
            source=SOURCE,
        )  # fmt: skip
        return referral_record_first_contact(
            actor=shelter_lead, referral=referral, version=referral.version, now=now,
            source=SOURCE,
        )  # fmt: skip

    def _completed(referral: Referral) -> Referral:
        referral = _in_progress(referral)
        return referral_complete(
            actor=shelter_lead, referral=referral, version=referral.version,
            outcome=Referral.Outcome.DELIVERED_FULLY, feedback=COMPLETED_FEEDBACK, now=now,
            source=SOURCE,
        )  # fmt: skip

    def _declined(referral: Referral) -> Referral:
        if lscw_supervisor is None:
            return referral
        return referral_decline(
            actor=lscw_supervisor, referral=referral, version=referral.version,
            reason=Referral.DeclineReason.NO_CAPACITY, note=DECLINE_NOTE, now=now,
            source=SOURCE,
        )  # fmt: skip

    for case, step in zip(chosen, steps, strict=False):
        made.append(step(case))
    # The job, as the scheduler runs it: the two-week-old offer is expired and escalated.
    referral_deadlines_run(country=demo.country, now=now)
    return made
