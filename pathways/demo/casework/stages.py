"""The casework demo's presumed victims: from a screening to a case in every stage.

Each story is a screening taken with the real services that presumes a victim (the client,
a case in PRESUMED and a preliminary identification follow from the referral), then the
identification's and the case's own services fired in turn by the people whose work they
are: the police's anti-trafficking department (named in Cambodia's settings) decides
formally, the case worker moves the case, the supervisor approves plans and closures. So the
history, the sealed notes and the audit trail are those the pages would have left; the
dates are the load's (the services stamp them), not back-dated.

Stories: presumed with a preliminary decision only (by an NGO) or an interview set, a
negative formal decision under review, a negative one that closes the case, a foreign
decision recognised (ACTIP 14(2)), and cases stopped at each stage from open to closed,
one closure rejected, one plan sent back and one closed case reopened. The plan's steps are
the care plan's services, which move the case themselves, and each step brings the records
it implies (`care`).
"""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass
from functools import partial

from pathways.audit.models import AuditEvent
from pathways.audit.services import audit_bulk
from pathways.casework.models import Case, Client, IdentificationDecision, Screening, Section
from pathways.casework.sealing import ClientIdentity
from pathways.casework.services.case_stages import (
    case_approve_closure,
    case_confirm_identification,
    case_identification_negative_and_close,
    case_reject_closure,
    case_reopen,
    case_request_closure,
    case_start_assessment,
    case_start_monitoring,
    case_start_reintegration,
)
from pathways.casework.services.cases import case_note_add
from pathways.casework.services.identification import (
    identification_recognise_foreign_decision,
    identification_record_decision,
    identification_request_review,
    identification_schedule_interview,
)
from pathways.casework.services.screening import screening_refer_for_identification
from pathways.demo.casework.care import SAID, CaseCare
from pathways.demo.casework.people import TEAMS
from pathways.demo.casework.plan import person_name, phone_number
from pathways.demo.casework.referrals import SAID as REFERRAL_SAID
from pathways.demo.casework.referrals import load_referrals
from pathways.demo.casework.screenings import (
    COMPELLED_ACTS,
    FORMAL_IDENTIFIER,
    OVERRIDE_REASON,
    SOURCE,
    VOID_REASON,
    StagedDemo,
    ensure_country_settings,
    interview,
    interview_facts,
    load_indicator_sets,
    load_roster,
    screen_without_cases,
    triage,
)
from pathways.demo.casework.statistics_cohort import load_statistics_cohort
from pathways.lib.phones import to_e164

Decision = IdentificationDecision
Stage = Case.Stage
F, M = Client.Sex.FEMALE, Client.Sex.MALE
A18, A25, C12 = Client.AgeBand.ADULT_18_24, Client.AgeBand.ADULT_25_34, Client.AgeBand.CHILD_12_17

# The case's path once identified, step by step (the supervisor's steps marked).
PATH = (
    "confirm",
    "assessment",
    "submit_plan",
    "approve_plan",
    "reintegration",
    "monitoring",
    "request_closure",
    "approve_closure",
)
CLOSURE_NOTE = "Back at school and working in the family shop; no safety concerns left."
REOPEN_REASON = "The recruiter contacted the client again; the family asked for help."
NEGATIVE_NOTE = "Referred to the labour inspectorate about unpaid wages."
LABOUR_NOTE = "Promised factory work abroad; wages withheld and documents kept by the employer."
SUPERVISOR_STEPS = {"approve_closure", "reject_closure", "reopen"}
# The case's own stage actions; the plan's steps are the care plan's services (`CARE_STEPS`),
# which move the case themselves.
STEPS = {
    "confirm": case_confirm_identification,
    "assessment": case_start_assessment,
    "reintegration": case_start_reintegration,
    "monitoring": case_start_monitoring,
    "request_closure": partial(
        case_request_closure, reason=Case.ClosureReason.GOALS_ACHIEVED, note=CLOSURE_NOTE
    ),
    "approve_closure": case_approve_closure,
    "reject_closure": case_reject_closure,
    "reopen": partial(case_reopen, reason=REOPEN_REASON),
}
CARE_STEPS = {
    "submit_plan": CaseCare.submit_plan,
    "reject_plan": CaseCare.return_plan,
    "approve_plan": CaseCare.approve_plan,
}
# The records a step of the case brings, written before it (a closed case takes none) or after.
BEFORE_STEP = {"request_closure": CaseCare.before_closure}
AFTER_STEP = {
    "assessment": CaseCare.assess,
    "reintegration": CaseCare.start_reintegration,
    "monitoring": CaseCare.start_monitoring,
    "reopen": CaseCare.reopened,
}


@dataclass(frozen=True)
class Story:
    """One presumed victim: who screened them (and works the case), the indicator set and
    language, how they were identified and the case's steps after that."""

    screener: str
    agency: str
    nationality: str
    language: str
    set_code: str
    identification: str  # preliminary, interview, not_victim_review, not_victim, formal, foreign
    steps: tuple[str, ...] = ()
    sex: str = M
    age_band: str = A25
    objects_to_notification: bool = False


def _upto(last: str) -> tuple[str, ...]:
    return PATH[: PATH.index(last) + 1]


STORIES = [
    Story("kh_shelter_worker", "SHELTER", "KH", "km", "ilo-adult-sexual", "preliminary", sex=F),
    Story("kh_screener", "AHTJP", "KH", "km", "scam-compound", "interview"),
    Story("kh_caseworker", "MoSVY", "KH", "km", "ilo-adult-labour", "not_victim_review"),
    Story("kh_caseworker", "MoSVY", "TH", "th", "ilo-adult-labour", "not_victim", sex=F),
    Story("kh_caseworker", "MoSVY", "KH", "km", "scam-compound", "formal", _upto("confirm")),
    Story("kh_caseworker", "MoSVY", "KH", "km", "ilo-adult-labour", "foreign",
          _upto("assessment")),
    Story("kh_caseworker", "MoSVY", "VN", "vi", "scam-compound", "formal",
          (*_upto("submit_plan"), "reject_plan", "submit_plan"), objects_to_notification=True),
    Story("kh_mosvy_worker2", "MoSVY", "KH", "km", "ilo-child-labour", "formal",
          _upto("submit_plan"), sex=F, age_band=C12),
    Story("kh_caseworker", "MoSVY", "CN", "zh", "scam-compound", "formal",
          (*_upto("approve_plan"), "revision_sent_back")),
    Story("kh_shelter_worker", "SHELTER", "KH", "km", "ilo-adult-sexual", "formal",
          _upto("approve_plan"), sex=F, age_band=A18),
    Story("kh_caseworker", "MoSVY", "ID", "id", "scam-compound", "formal",
          _upto("reintegration")),
    Story("kh_caseworker", "MoSVY", "KH", "km", "ilo-adult-labour", "formal",
          _upto("monitoring"), sex=F),
    Story("kh_mosvy_worker3", "MoSVY", "LA", "lo", "ilo-adult-labour", "formal",
          _upto("request_closure")),
    Story("kh_caseworker", "MoSVY", "MM", "my", "scam-compound", "formal",
          (*_upto("request_closure"), "reject_closure")),
    Story("kh_caseworker", "MoSVY", "KH", "km", "ilo-adult-sexual", "formal",
          _upto("approve_closure"), sex=F),
    Story("kh_caseworker", "MoSVY", "PH", "fil", "scam-compound", "formal",
          (*_upto("approve_closure"), "reopen")),
]  # fmt: skip


def load_stories(demo: StagedDemo) -> list[Case]:
    phones: set[str] = set()
    return [_tell(demo, story, phones) for story in STORIES]


def _tell(demo: StagedDemo, story: Story, phones: set[str]) -> Case:
    notes = interview_facts(demo) if story.set_code == "scam-compound" else {}
    screening = interview(demo, story.screener, story.agency, sex=story.sex,
                          age_band=story.age_band, nationality=story.nationality,
                          language=story.language, set_code=story.set_code, pattern="victim",
                          location=_location(story), days_ago=demo.rng.randint(0, 6),
                          notes=notes)  # fmt: skip
    screening = triage(demo, screening, story.screener)
    given, family, local = person_name(demo.rng, story.nationality, story.sex)
    phone = phone_number(demo.rng, phones) if story.nationality == "KH" else ""
    demo.said += [f"{given} {family}".strip(), f"{family} {given}".strip(), local]
    demo.said += [phone, to_e164(phone, "KH"), phone.replace(" ", "")] if phone else []
    screening = screening_refer_for_identification(
        actor=demo.users[story.screener],
        screening=screening,
        identity=ClientIdentity(
            first_name=given,
            last_name=family,
            local_script_name=local,
            mobile_phone=phone,
        ),
        legal_basis="Law on Suppression of Human Trafficking and Sexual Exploitation (2008)",
        source=SOURCE,
    )
    case = screening.case
    demo.cases += 1
    _identify(demo, story, case)
    case.refresh_from_db()
    if story.steps:
        case_note_add(
            actor=demo.users[story.screener],
            case=case,
            section=Section.EXPLOITATION,
            text=notes.get("exploitation_notes") or LABOUR_NOTE,
            source=SOURCE,
        )
    supervisor = demo.users[TEAMS[story.agency][1]] if story.agency in TEAMS else None
    care = CaseCare(demo, story.set_code, demo.users[story.screener], supervisor)
    if story.steps and story.set_code == "scam-compound":
        care.journey(case, story.nationality)
    for step in story.steps:
        case = _step(care, step, case)
    return case


def _step(care: CaseCare, step: str, case: Case) -> Case:
    """One step of the story: a care plan's service, or the case's stage action with the
    records it brings."""
    if step == "revision_sent_back":
        care.revision_sent_back(case)
        return case
    if step in CARE_STEPS:
        return CARE_STEPS[step](care, case)
    if step in BEFORE_STEP:
        BEFORE_STEP[step](care, case)
    actor = care.supervisor if step in SUPERVISOR_STEPS else care.worker
    case = STEPS[step](actor=actor, case=case, source=SOURCE)
    if step in AFTER_STEP:
        AFTER_STEP[step](care, case)
    return case


def _location(story: Story) -> str:
    Location = Screening.LocationType
    if story.agency == "SHELTER":
        return Location.SHELTER
    return Location.BORDER_CHECKPOINT if story.set_code == "scam-compound" else Location.OUTREACH


def _identify(demo: StagedDemo, story: Story, case: Case) -> None:
    """The identification the story needs, on the preliminary decision the referral made."""
    if story.identification == "preliminary":
        return
    preliminary = Decision.objects.get(case=case, level=Decision.Level.PRELIMINARY)
    identifier = demo.users["kh_screener"]
    agency = demo.agencies[FORMAL_IDENTIFIER]
    org = {"decision_making_org_type": Decision.DecisionMakingOrg.POLICE}
    if story.identification == "foreign":
        identification_recognise_foreign_decision(
            actor=identifier,
            decision=preliminary,
            agency=agency,
            issuing_country="TH",
            issuing_agency="Ministry of Social Development and Human Security (Thailand)",
            **org,
            source=SOURCE,
        )
    else:
        scheduled = identification_schedule_interview(
            actor=identifier,
            decision=preliminary,
            agency=agency,
            when=demo.now + dt.timedelta(days=demo.rng.randint(1, 5), hours=2),
            source=SOURCE,
        )
        if story.identification != "interview":
            _decide(demo, story, case, scheduled, org)
    if story.identification == "not_victim":
        case_identification_negative_and_close(
            actor=demo.users[story.screener],
            case=case,
            note=NEGATIVE_NOTE,
            source=SOURCE,
        )


def _decide(demo: StagedDemo, story: Story, case: Case, scheduled: Decision, org: dict) -> None:
    victim = story.identification == "formal"
    outcome = identification_record_decision(
        actor=demo.users["kh_screener"],
        decision=scheduled,
        agency=demo.agencies[FORMAL_IDENTIFIER],
        status=Decision.Status.ACTUAL if victim else Decision.Status.NOT_A_VICTIM,
        level=Decision.Level.FORMAL,
        form_used=Decision.FormUsed.SHORT_JUDICIAL_POLICE,
        reasons=scheduled.reasons,
        victim_objects_to_notification=story.objects_to_notification,
        **org,
        source=SOURCE,
    )
    if story.identification == "not_victim_review":
        identification_request_review(
            actor=demo.users[story.screener],
            decision=outcome.decision,
            agency=case.owner_agency,
            source=SOURCE,
        )


def load_staged_demo(demo: StagedDemo) -> None:
    """The indicator sets, Cambodia's settings, the screenings and the roster, then the
    presumed victims' stories with their records (`care`, on the domain sets the demo
    loaded) and the statistics cohort (`statistics_cohort`, in bulk); the clients and cases
    the services registered are marked synthetic like the rest of the demo."""
    demo.said += [OVERRIDE_REASON, VOID_REASON, COMPELLED_ACTS]
    demo.said += [CLOSURE_NOTE, REOPEN_REASON, NEGATIVE_NOTE, LABOUR_NOTE, *SAID]
    load_indicator_sets(demo)
    ensure_country_settings(demo)
    screen_without_cases(demo)
    load_roster(demo)
    cases = load_stories(demo)
    demo.said += REFERRAL_SAID
    load_referrals(demo, cases)
    demo.cohort = load_statistics_cohort(demo)
    for model, ids in (
        (Client, sorted({case.client_id for case in cases})),
        (Case, sorted(case.pk for case in cases)),
    ):
        model.objects.filter(pk__in=ids).update(is_synthetic=True)
        audit_bulk(
            actor=None,
            action=AuditEvent.Action.UPDATE,
            entries=[
                (record, {"fields": ["is_synthetic"]})
                for record in model.objects.filter(pk__in=ids)
            ],
            source=SOURCE,
            without_values=True,
        )
