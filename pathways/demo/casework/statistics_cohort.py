"""The casework demo's statistics cohort: a few hundred synthetic people held in Cambodia over
the demo's last two years, so that Cambodia's ACTIP tables (`pathways.stats.actip`) have
real content. Everyone and everything here is made up (`is_synthetic`), drawn from a fixed
seed: names from the demo's name lists, no identifier beyond a name.

Each person has a case and a preliminary decision of a possible victim by the agency that
owns the case; about three in four were then formally identified by the police's
anti-trafficking department (the country's formal identifier), the others are still
presumed. Forms of exploitation follow what Cambodia's caseload looks like (forced
criminality in scam compounds first, then forced labour, sexual exploitation, forced
marriage), each with the countries it happens in (Cambodia, Thailand, Malaysia, Myanmar,
Laos, China…; one in ten not known). Most are Cambodian, some Vietnamese, Thai, Burmese and
Lao, a few of rarer nationalities or stateless. A few were identified before on an earlier
case and are re-trafficked. Identified people received services; some cases are closed,
each with its reason. Their referrals and returns are `statistics_moves`.

Written in bulk like the demo's other clients (`bulk`): identities go through the very
sealing the services use (ciphertext and blind indexes, never plaintext), and every record
gets its audit entry naming fields only. Country-of-origin notifications are not made for
this cohort (the staged stories show them).
"""

from __future__ import annotations

import datetime as dt
import random
from collections.abc import Sequence
from dataclasses import dataclass
from zoneinfo import ZoneInfo

from pathways.casework import sealing
from pathways.casework.models import (
    Case,
    Client,
    IdentificationDecision,
    ServiceDelivery,
    ServiceType,
)
from pathways.casework.sealing import ClientIdentity
from pathways.demo.casework.bulk import audit_created_in_bulk, backdate, case_numbers
from pathways.demo.casework.people import SEED, TEAMS
from pathways.demo.casework.plan import person_name
from pathways.demo.casework.screenings import FORMAL_IDENTIFIER, StagedDemo
from pathways.demo.casework.statistics_moves import load_cohort_moves
from pathways.programs.models import Organisation

ZONE = ZoneInfo("Asia/Phnom_Penh")
PEOPLE_PER_YEAR = 240
FORMAL_SHARE = 0.75
RETRAFFICKED_SHARE = 0.04
Decision = IdentificationDecision
E = Case.ExploitationType
S = Client.Sex
A = Client.AgeBand
STATELESS = "stateless"

NATIONALITIES = [
    ("KH", 760), ("VN", 80), ("TH", 50), ("MM", 50), ("LA", 40), ("CN", 8), ("ID", 4),
    ("PH", 4), (STATELESS, 4),
]  # fmt: skip
SEXES = [(S.FEMALE, 52), (S.MALE, 46), (S.UNKNOWN, 2)]
AGE_BANDS = [
    (A.CHILD_0_11, 3), (A.CHILD_12_17, 15), (A.ADULT_18_24, 32), (A.ADULT_25_34, 30),
    (A.ADULT_35_49, 14), (A.ADULT_50, 3), (A.UNKNOWN, 3),
]  # fmt: skip
# Each form of exploitation, its weight, and where it happens ("" not known).
EXPLOITATION = [
    (E.FORCED_CRIMINALITY, 38, [("KH", 45), ("MM", 30), ("LA", 12), ("PH", 3), ("", 10)]),
    (E.FORCED_LABOUR, 24, [("TH", 45), ("MY", 25), ("KH", 20), ("", 10)]),
    (E.SEXUAL_EXPLOITATION, 16, [("KH", 45), ("TH", 20), ("MY", 20), ("CN", 5), ("", 10)]),
    (E.FORCED_MARRIAGE, 9, [("CN", 90), ("", 10)]),
    (E.CHILD_LABOUR, 4, [("KH", 60), ("TH", 30), ("", 10)]),
    (E.FORCED_BEGGING, 3, [("TH", 70), ("KH", 20), ("", 10)]),
    (E.UNKNOWN, 6, [("", 1)]),
]
OWNERS = [("MoSVY", 60), ("SHELTER", 25), ("LSCW", 15)]
OPEN_STAGES = [Case.Stage.OPEN, Case.Stage.ASSESSMENT, Case.Stage.SERVICES]
OPEN_STAGES += [Case.Stage.REINTEGRATION, Case.Stage.MONITORING]
CLOSURE_REASONS = [
    (Case.ClosureReason.GOALS_ACHIEVED, 50), (Case.ClosureReason.REPATRIATED, 15),
    (Case.ClosureReason.LOST_CONTACT, 14), (Case.ClosureReason.REFUSED_SERVICE, 8),
    (Case.ClosureReason.MOVED_IN_COUNTRY, 7), (Case.ClosureReason.MOVED_ABROAD, 4),
    (Case.ClosureReason.OTHER, 2),
]  # fmt: skip
SERVICES = [
    (ServiceType.SHELTER, 20), (ServiceType.HEALTH, 18), (ServiceType.PSYCHOSOCIAL, 18),
    (ServiceType.LEGAL, 10), (ServiceType.LIVELIHOOD, 10), (ServiceType.REPATRIATION, 8),
    (ServiceType.EDUCATION, 6), (ServiceType.FINANCIAL, 5), (ServiceType.FAMILY_TRACING, 3),
    (ServiceType.DOCUMENT_RECOVERY, 2),
]  # fmt: skip
SERVICE_OUTCOMES = [("completed", 70), ("ongoing", 20), ("partly", 6), ("refused", 4)]


def _pick(rng: random.Random, choices: Sequence[tuple]) -> tuple:
    return rng.choices(choices, weights=[c[1] for c in choices])[0]


def closure_reason_for(case_number: str) -> str:
    """A closed demo case's reason, drawn from its number (the same every load) by the
    cohort's weights: for the demo's other closed cases, whose plan has no reason."""
    return _pick(random.Random(case_number), CLOSURE_REASONS)[0]


@dataclass(frozen=True)
class PlannedEpisode:
    """One case of a person: when they were presumed a victim and, if so, identified."""

    exploitation_type: str
    exploitation_country: str
    presumed_at: dt.datetime
    identified_at: dt.datetime | None
    closed_on: dt.date | None = None
    closure_reason: str = ""
    services: tuple[tuple[str, dt.date, str], ...] = ()


@dataclass(frozen=True)
class CohortPerson:
    sex: str
    age_band: str
    nationality: str
    owner: str
    episodes: tuple[PlannedEpisode, ...]  # an earlier case first, for the re-trafficked


def plan_cohort(now: dt.datetime, per_year: int = PEOPLE_PER_YEAR) -> list[CohortPerson]:
    """The cohort of last year and this one (up to two days before `now`), the same for the
    same `now`."""
    rng = random.Random(SEED + 22)
    last_day = _last_day(now)
    people = []
    for year in (last_day.year - 1, last_day.year):
        start = dt.datetime(year, 1, 1, 8, tzinfo=ZONE)
        end = min(dt.datetime(year, 12, 31, 17, tzinfo=ZONE), last_day)
        for _ in range(per_year):
            people.append(_person(rng, start, end, last_day))
    return people


def _last_day(now: dt.datetime) -> dt.datetime:
    return now.astimezone(ZONE) - dt.timedelta(days=2)


def _when(rng: random.Random, start: dt.datetime, end: dt.datetime) -> dt.datetime:
    seconds = max(0, int((end - start).total_seconds()))
    return start + dt.timedelta(seconds=rng.randint(0, seconds))


def _person(
    rng: random.Random, start: dt.datetime, end: dt.datetime, last_day: dt.datetime
) -> CohortPerson:
    episodes = []
    if rng.random() < RETRAFFICKED_SHARE:
        earlier = start - dt.timedelta(days=rng.randint(420, 900))
        episodes.append(_episode(rng, earlier, last_day, formal=True, closed=True))
    formal = rng.random() < FORMAL_SHARE
    episodes.append(_episode(rng, _when(rng, start, end), last_day, formal=formal))
    return CohortPerson(
        sex=_pick(rng, SEXES)[0],
        age_band=_pick(rng, AGE_BANDS)[0],
        nationality=_pick(rng, NATIONALITIES)[0],
        owner=_pick(rng, OWNERS)[0],
        episodes=tuple(episodes),
    )


def _episode(
    rng: random.Random,
    presumed_at: dt.datetime,
    last_day: dt.datetime,
    *,
    formal: bool,
    closed: bool = False,
) -> PlannedEpisode:
    kind, _weight, countries = _pick(rng, EXPLOITATION)
    identified = presumed_at + dt.timedelta(days=rng.randint(2, 25), hours=rng.randint(0, 6))
    if not formal or identified > last_day:
        return PlannedEpisode(kind, _pick(rng, countries)[0], presumed_at, None)
    services = tuple(
        (
            _pick(rng, SERVICES)[0],
            min(last_day, identified + dt.timedelta(days=rng.randint(0, 120))).date(),
            _pick(rng, SERVICE_OUTCOMES)[0],
        )
        for _ in range(rng.randint(1, 3))
    )
    # An earlier case (`closed`) ends before the person's new one begins.
    closing = identified + dt.timedelta(days=rng.randint(90, 300 if closed else 400))
    closed_on = closing.date() if (closed or rng.random() < 0.35) and closing < last_day else None
    return PlannedEpisode(
        exploitation_type=kind,
        exploitation_country=_pick(rng, countries)[0],
        presumed_at=presumed_at,
        identified_at=identified,
        closed_on=closed_on,
        closure_reason=_pick(rng, CLOSURE_REASONS)[0] if closed_on else "",
        services=services,
    )


# --- Writing it ---------------------------------------------------------------------------


def load_statistics_cohort(demo: StagedDemo, per_year: int = PEOPLE_PER_YEAR) -> int:
    """Write the cohort; the number of people written."""
    planned = plan_cohort(demo.now, per_year)
    rng = random.Random(SEED + 23)
    clients = [_client(demo, person, rng) for person in planned]
    Client.objects.bulk_create(clients, batch_size=500)
    backdate(Client, clients, [p.episodes[0].presumed_at for p in planned])
    episodes = sorted(
        ((e.presumed_at, i, e) for i, p in enumerate(planned) for e in p.episodes),
        key=lambda item: (item[0], item[1]),
    )
    numbers = case_numbers(demo.country, [at.astimezone(ZONE).date() for at, _i, _e in episodes])
    cases = [
        _case(demo, clients[i], planned[i], episode, number, rng)
        for (_at, i, episode), number in zip(episodes, numbers, strict=True)
    ]
    Case.objects.bulk_create(cases, batch_size=500)
    backdate(Case, cases, [at for at, _i, _e in episodes])
    decisions = _decisions(demo, cases, [e for _at, _i, e in episodes])
    services = _services(demo, cases, [e for _at, _i, e in episodes])
    audit_created_in_bulk(clients, [_client_fields(c) for c in clients])
    audit_created_in_bulk(cases, [_case_fields(c) for c in cases])
    audit_created_in_bulk(decisions, [_decision_fields(d) for d in decisions])
    audit_created_in_bulk(services, [SERVICE_FIELDS] * len(services))
    identified = [e.identified_at for _at, _i, e in episodes]
    load_cohort_moves(demo, cases, identified, _last_day(demo.now))
    return len(clients)


def _client(demo: StagedDemo, person: CohortPerson, rng: random.Random) -> Client:
    stateless = person.nationality == STATELESS
    nationality = "" if stateless else person.nationality
    given, family, local = person_name(rng, "VN" if stateless else nationality, person.sex)
    demo.said += [f"{given} {family}".strip(), local]
    client = Client(
        country=demo.country,
        owner_agency=demo.agencies[person.owner],
        sex=person.sex,
        age_band=person.age_band,
        nationality=nationality,
        is_stateless=stateless,
        is_synthetic=True,
        created_by=demo.users[TEAMS[person.owner][0][0]],
    )
    sealing.seal_identity(
        client, ClientIdentity(first_name=given, last_name=family, local_script_name=local)
    )
    return client


def _case(
    demo: StagedDemo,
    client: Client,
    person: CohortPerson,
    episode: PlannedEpisode,
    number: str,
    rng: random.Random,
) -> Case:
    workers, supervisor, _share = TEAMS[person.owner]
    if episode.closed_on:
        stage = Case.Stage.CLOSED
    elif episode.identified_at:
        stage = rng.choice(OPEN_STAGES)
    else:
        stage = Case.Stage.PRESUMED
    case = Case(
        case_number=number,
        client=client,
        country=demo.country,
        owner_agency=client.owner_agency,
        case_worker=demo.users[rng.choice(workers)],
        supervisor=demo.users[supervisor],
        status=Case.Status.CLOSED if episode.closed_on else Case.Status.OPEN,
        stage=stage,
        exploitation_type=episode.exploitation_type,
        exploitation_country=episode.exploitation_country,
        opened_on=episode.presumed_at.astimezone(ZONE).date(),
        closed_on=episode.closed_on,
        closure_reason=episode.closure_reason,
        closure_approved_by=demo.users[supervisor] if episode.closed_on else None,
        is_synthetic=True,
    )
    sealing.seal_record(case, {})
    return case


def _decisions(
    demo: StagedDemo, cases: list[Case], episodes: list[PlannedEpisode]
) -> list[Decision]:
    """A preliminary decision on every case, then a formal one superseding it for those
    identified."""
    preliminary = []
    for case, episode in zip(cases, episodes, strict=True):
        ngo = case.owner_agency.type == Organisation.Type.NGO
        decision = Decision(
            country=demo.country,
            client=case.client,
            case=case,
            status=Decision.Status.POSSIBLE,
            decision_making_org_type=Decision.DecisionMakingOrg.NGO
            if ngo
            else Decision.DecisionMakingOrg.NON_POLICE_GOVERNMENTAL,
            decision_agency=case.owner_agency,
            decided_by=case.case_worker,
            decided_at=episode.presumed_at,
            level=Decision.Level.PRELIMINARY,
            state=Decision.State.INTERVIEW_SCHEDULED
            if episode.identified_at
            else Decision.State.PRELIMINARY,
            interview_scheduled_for=episode.identified_at,
            formal_identification_due=(episode.presumed_at + dt.timedelta(days=15)).date(),
        )
        sealing.seal_record(decision, {})
        preliminary.append(decision)
    Decision.objects.bulk_create(preliminary, batch_size=500)
    formal = []
    for first, episode in zip(preliminary, episodes, strict=True):
        if episode.identified_at is None:
            continue
        decision = Decision(
            country=demo.country,
            client=first.client,
            case=first.case,
            status=Decision.Status.ACTUAL,
            decision_making_org_type=Decision.DecisionMakingOrg.POLICE,
            decision_agency=demo.agencies[FORMAL_IDENTIFIER],
            decided_by=demo.users["kh_screener"],
            decided_at=episode.identified_at,
            level=Decision.Level.FORMAL,
            form_used=Decision.FormUsed.SHORT_JUDICIAL_POLICE,
            state=Decision.State.IDENTIFIED,
            supersedes=first,
            formal_identification_due=first.formal_identification_due,
        )
        sealing.seal_record(decision, {})
        formal.append(decision)
    Decision.objects.bulk_create(formal, batch_size=500)
    return preliminary + formal


SERVICE_FIELDS = ["case", "service_type", "provider", "delivered_on", "outcome"]


def _services(
    demo: StagedDemo, cases: list[Case], episodes: list[PlannedEpisode]
) -> list[ServiceDelivery]:
    services = []
    for case, episode in zip(cases, episodes, strict=True):
        for kind, on, outcome in episode.services:
            service = ServiceDelivery(
                case=case,
                service_type=kind,
                provider=case.owner_agency,
                delivered_on=on,
                outcome=outcome,
                created_by=case.case_worker,
            )
            sealing.seal_record(service, {})
            services.append(service)
    ServiceDelivery.objects.bulk_create(services, batch_size=500)
    return services


def _client_fields(client: Client) -> list[str]:
    fields = ["country", "owner_agency", "sex", "age_band", "is_synthetic"]
    fields += ["first_name", "last_name", "local_script_name"]
    return fields + (["is_stateless"] if client.is_stateless else ["nationality"])


def _case_fields(case: Case) -> list[str]:
    fields = ["case_number", "client", "owner_agency", "opened_on", "exploitation_type"]
    fields += ["case_worker", "supervisor", "status", "stage", "is_synthetic"]
    fields += ["exploitation_country"] if case.exploitation_country else []
    closed = ["closed_on", "closure_reason", "closure_approved_by"]
    return fields + (closed if case.closed_on else [])


def _decision_fields(decision: Decision) -> list[str]:
    fields = ["client", "case", "status", "level", "decision_agency", "decided_at", "state"]
    return fields + (["supersedes", "form_used"] if decision.supersedes_id else [])
