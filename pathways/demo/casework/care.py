"""The staged cases' records, written with the real services as each step of a story implies
(`stages`): an assessment when the case enters assessment, a care plan of two to four goals
written, sent to the supervisor and approved (or sent back), services delivered and
follow-ups once the plan is in force, a reassessment when monitoring begins, and for the
presumed victims of scam compounds the journey as a chain of trafficking events across
countries. Every text is made up for the demo (synthetic) and sealed by the services; dates
follow the day of the load (a follow-up overdue by a few days, another due soon), since a
service refuses a record dated in the future.
"""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass

from django.utils import timezone

from pathways.accounts.models import User
from pathways.casework.domains import load_file, shipped_files
from pathways.casework.models import (
    AssessmentDomainSet,
    CarePlan,
    Case,
    FollowUp,
    ServiceDelivery,
    ServiceType,
)
from pathways.casework.models import TraffickingEvent as Event
from pathways.casework.services.care import (
    GoalInput,
    assessment_record,
    care_plan_approve,
    care_plan_return,
    care_plan_save,
    care_plan_submit,
)
from pathways.casework.services.care_records import (
    followup_add,
    followup_done,
    service_record,
    trafficking_event_save,
)
from pathways.demo.casework.screenings import SOURCE, StagedDemo

Kind, Site = Event.Kind, Event.SiteType
Outcome = ServiceDelivery.Outcome
FIRST_SET, REASSESSMENT_SET = "csi-12", "htcds-risk"

# Notes of an assessment, by domain of the first set (csi-12).
ASSESSMENT_NOTES = {
    "emotional_health": "Sleeps badly since the return and startles at loud voices (synthetic).",
    "legal_protection": "No identity card since the employer kept it; wants to file a complaint.",
    "work_and_livelihood": "Owes the broker for the journey; the family expects remittances.",
    "social_support": "An aunt in the home village is willing to take the client in.",
}
REASSESSMENT_NOTE = "Debt to the broker settled by the family; no contact from the recruiter."

PLAN_OBJECTIVES = "Safe housing, recovery of health and documents, then a living at home."
PLAN_ACTIONS = "Shelter stay, medical check, legal aid for the complaint, vocational training."
REVISION_OBJECTIVES = "Bring the vocational training forward and add family mediation."
# Goals of a plan: the first set's domain, the goal, the services planned, who is responsible.
GOALS = (
    ("shelter", "Live in a safe place until the family home is assessed.",
     "Shelter stay and a home assessment by the case worker.", "Mekong Safe Shelter"),
    ("health_care", "Receive a full medical check and treatment of injuries.",
     "Referral to the provincial referral hospital.", "Case worker"),
    ("legal_protection", "Recover the identity card and decide on a complaint.",
     "Legal aid from the legal support partner.", "Legal officer, LSCW"),
    ("work_and_livelihood", "Earn an income close to home within six months.",
     "Vocational training in tailoring and a start-up kit.", "Case worker"),
)  # fmt: skip
GOAL_COUNTS = {"ilo-child-labour": 2, "ilo-adult-sexual": 3}  # else four

# Services once the plan is in force and as reintegration begins: type, provider, outcome, note.
SERVICES = (
    (ServiceType.SHELTER, "SHELTER", Outcome.ONGOING, "Room in the women's and children's wing."),
    (ServiceType.HEALTH, "MoSVY", Outcome.COMPLETED, "General check; follow-up for a cough."),
    (ServiceType.PSYCHOSOCIAL, "SHELTER", Outcome.ONGOING, "Weekly counselling sessions."),
)
REINTEGRATION_SERVICES = (
    (ServiceType.LEGAL, "LSCW", Outcome.ONGOING, "Complaint against the broker being drafted."),
    (ServiceType.FAMILY_TRACING, "MoSVY", Outcome.COMPLETED, "Family found in the home village."),
    (ServiceType.LIVELIHOOD, "MoSVY", Outcome.ONGOING, "Tailoring course, three months."),
)

# Follow-ups: kind, what is to be done, due in days from today (negative: overdue).
FOLLOW_UPS_SERVICES = (
    (FollowUp.Kind.PHONE, "Call the family about the client's return home.", -3),
    (FollowUp.Kind.OFFICE, "Review the plan's goals with the client.", 4),
)
FOLLOW_UPS_REINTEGRATION = (
    (FollowUp.Kind.VISIT, "Visit the family home before the client moves back.", -1),
    (FollowUp.Kind.THIRD_PARTY, "Ask the training centre about a place in the course.", 6),
)
FOLLOW_UP_MONITORING = (FollowUp.Kind.VISIT, "Monitoring visit at home, three months on.", 21)
FOLLOW_UP_REOPENED = (FollowUp.Kind.OFFICE, "Meet the client about the recruiter's calls.", 0)
DONE_OUTCOME = "Done as planned; the client agreed to the next steps."

# The journeys of the scam compounds, by the person's nationality: kind, country, province,
# site, days ago it began and how long it lasted, what happened.
RECRUITED = "Answered an online advert for a well-paid customer service job abroad."
CROSSED = "Taken across the border at night by car; passport taken by the driver."
HELD = "Held in a guarded compound, made to run online scams under threat of beatings."
JOURNEYS = {
    "KH": (("KH", "Phnom Penh", Site.ONLINE), ("TH", "Sa Kaeo", Site.BORDER_CROSSING),
           ("MM", "Kayin State", Site.SCAM_COMPOUND)),
    "VN": (("VN", "Tay Ninh", Site.ONLINE), ("KH", "Svay Rieng", Site.BORDER_CROSSING),
           ("KH", "Preah Sihanouk", Site.SCAM_COMPOUND)),
    "CN": (("CN", "Yunnan", Site.ONLINE), ("TH", "Tak", Site.VEHICLE),
           ("MM", "Kayin State", Site.SCAM_COMPOUND)),
    "ID": (("ID", "Jakarta", Site.ONLINE), ("TH", "Bangkok", Site.HOTEL_OR_GUESTHOUSE),
           ("MM", "Kayin State", Site.SCAM_COMPOUND)),
    "MM": (("MM", "Yangon", Site.ONLINE), ("KH", "Preah Sihanouk", Site.SCAM_COMPOUND)),
    "PH": (("PH", "Metro Manila", Site.ONLINE), ("TH", "Bangkok", Site.VEHICLE),
           ("LA", "Bokeo", Site.SCAM_COMPOUND)),
}  # fmt: skip
WHAT_HAPPENED = {Kind.RECRUITMENT: RECRUITED, Kind.TRANSIT: CROSSED, Kind.EXPLOITATION: HELD}

SAID = [
    *ASSESSMENT_NOTES.values(),
    REASSESSMENT_NOTE,
    PLAN_OBJECTIVES,
    PLAN_ACTIONS,
    REVISION_OBJECTIVES,
    *(text for goal in GOALS for text in goal[1:3]),
    *(service[3] for service in (*SERVICES, *REINTEGRATION_SERVICES)),
    *(f[1] for f in (*FOLLOW_UPS_SERVICES, *FOLLOW_UPS_REINTEGRATION)),
    FOLLOW_UP_MONITORING[1],
    FOLLOW_UP_REOPENED[1],
    DONE_OUTCOME,
    RECRUITED,
    CROSSED,
    HELD,
]


def load_domain_sets() -> dict[str, AssessmentDomainSet]:
    """Every shipped domain set, by code, each audited as `casework_domain_sets load --all`
    loads it; those loaded before are kept (the load finds them at their version)."""
    found = [load_file(path, source=SOURCE).domain_set for path in shipped_files()]
    return {domain_set.code: domain_set for domain_set in found}


@dataclass
class CaseCare:
    """The records of one staged case, written as its story moves it: the case worker writes,
    the supervisor approves or sends back."""

    demo: StagedDemo
    set_code: str
    worker: User
    supervisor: User | None

    def today(self) -> dt.date:
        return timezone.localdate()

    def assess(self, case: Case) -> None:
        self._assess(case, FIRST_SET, ASSESSMENT_NOTES)

    def _assess(self, case: Case, code: str, notes: dict[str, str]) -> None:
        domain_set = self.demo.domain_sets[code]
        rng = self.demo.care_rng
        assessment_record(
            actor=self.worker,
            case=case,
            domain_set=domain_set,
            assessed_on=self.today(),
            scores={domain: rng.randint(1, 4) for domain in domain_set.domain_codes},
            notes=notes,
            source=SOURCE,
        )

    def submit_plan(self, case: Case, objectives: str = PLAN_OBJECTIVES) -> Case:
        """Write the plan (a plan sent back is rewritten) and send it to the supervisor: the
        first plan of a case in assessment moves the case to "plan awaiting approval"."""
        today = self.today()
        goals = [
            GoalInput(
                domain=domain,
                description=description,
                services=services,
                responsible=responsible,
                target_date=today + dt.timedelta(days=30 * (i + 2)),
            )
            for i, (domain, description, services, responsible) in enumerate(
                GOALS[: GOAL_COUNTS.get(self.set_code, 4)]
            )
        ]
        plan = care_plan_save(
            actor=self.worker,
            case=case,
            plan_type=self._plan_type(),
            objectives=objectives,
            action_plan=PLAN_ACTIONS,
            planned_end_date=today + dt.timedelta(days=180),
            goals=goals,
            source=SOURCE,
        )
        care_plan_submit(actor=self.worker, plan=plan, source=SOURCE)
        return Case.objects.get(pk=case.pk)

    def _plan_type(self) -> str:
        if self.set_code == "ilo-child-labour":
            return CarePlan.Type.EDUCATION
        if self.set_code == "ilo-adult-sexual":
            return CarePlan.Type.SEXUAL_REHAB
        return CarePlan.Type.LABOUR_REHAB

    def _submitted(self, case: Case) -> CarePlan:
        return CarePlan.objects.get(case=case, state=CarePlan.State.SUBMITTED)

    def return_plan(self, case: Case) -> Case:
        care_plan_return(actor=self.supervisor, plan=self._submitted(case), source=SOURCE)
        return Case.objects.get(pk=case.pk)

    def approve_plan(self, case: Case) -> Case:
        """The supervisor approves the first plan (the case moves to services); the services
        of the shelter stay begin and the first follow-ups are set, one of them overdue."""
        care_plan_approve(actor=self.supervisor, plan=self._submitted(case), source=SOURCE)
        case = Case.objects.get(pk=case.pk)
        self._deliver(case, SERVICES)
        self._follow_ups(case, FOLLOW_UPS_SERVICES)
        return case

    def revision_sent_back(self, case: Case) -> None:
        """A revision of the approved plan, sent back by the supervisor: the approved
        version stays in force."""
        self.submit_plan(case, objectives=REVISION_OBJECTIVES)
        self.return_plan(case)

    def start_reintegration(self, case: Case) -> None:
        self._done(case)
        self._deliver(case, REINTEGRATION_SERVICES)
        self._follow_ups(case, FOLLOW_UPS_REINTEGRATION)

    def start_monitoring(self, case: Case) -> None:
        self._done(case)
        self._assess(case, REASSESSMENT_SET, {"household_income": REASSESSMENT_NOTE})
        self._follow_ups(case, (FOLLOW_UP_MONITORING,))

    def before_closure(self, case: Case) -> None:
        self._done(case)

    def reopened(self, case: Case) -> None:
        self._follow_ups(case, (FOLLOW_UP_REOPENED,))

    def _deliver(self, case: Case, services: tuple) -> None:
        for service_type, provider, outcome, note in services:
            service_record(
                actor=self.worker,
                case=case,
                service_type=service_type,
                provider=self.demo.agencies[provider],
                delivered_on=self.today() - dt.timedelta(days=self.demo.care_rng.randint(0, 3)),
                outcome=outcome,
                note=note,
                source=SOURCE,
            )

    def _follow_ups(self, case: Case, planned: tuple) -> None:
        for kind, what, due_in in planned:
            followup_add(
                actor=self.worker,
                case=case,
                kind=kind,
                what=what,
                due_on=self.today() + dt.timedelta(days=due_in),
                source=SOURCE,
            )

    def _done(self, case: Case) -> None:
        """Every follow-up still open on the case, done today."""
        for followup in FollowUp.objects.filter(case=case, done_on__isnull=True):
            followup_done(
                actor=self.worker,
                followup=followup,
                done_on=self.today(),
                outcome=DONE_OUTCOME,
                source=SOURCE,
            )

    def journey(self, case: Case, nationality: str) -> None:
        """The person's journey to the scam compound, recruitment first, across countries."""
        stops = JOURNEYS.get(nationality)
        if stops is None:
            return
        rng = self.demo.care_rng
        start = self.today() - dt.timedelta(days=rng.randint(150, 300))
        kinds = (Kind.RECRUITMENT, *[Kind.TRANSIT] * (len(stops) - 2), Kind.EXPLOITATION)
        for kind, (country, province, site) in zip(kinds, stops, strict=True):
            days = rng.randint(100, 140) if kind == Kind.EXPLOITATION else rng.randint(1, 4)
            end = start + dt.timedelta(days=days)
            trafficking_event_save(
                actor=self.worker,
                case=case,
                kind=kind,
                country=country,
                province=province,
                site_type=site,
                start_date=start,
                end_date=end,
                description=WHAT_HAPPENED[kind],
                source=SOURCE,
            )
            start = end
