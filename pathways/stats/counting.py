"""Casework's counting rules, one function each (docs/counting-rules.md, "Casework statistics").

Each rule returns the items it counts, one per person (or referral, return, case), with the
values the tables break them down by; its `*_records` function lists the records behind
them (case numbers, or a record's id), for the statistician's internal view. The ACTIP
tables (`actip.py`) are built from these functions only.

A year is the calendar year in the country's time zone (`referral_deadlines.COUNTRY_ZONES`;
the site's zone for a country not listed there); dates without a time (a service's day, a
case's closing day) are taken as written. Everything is counted as it stands when counted.

- **Victims formally identified**: a person is identified on a case at the first formal or
  judicial decision of an actual victim in the case's chain of decisions, as long as the
  chain's latest decision still says so (a review that overturned it takes it back). A
  person counts once in a year in which they were identified on any case. A person
  identified on a case after an earlier identification on another case counts again in that
  year and is flagged **re-trafficked**. A person's case for the breakdowns (form and
  country of exploitation) is the case of their first identification of the year.
- **Presumed victims**: a person with a preliminary decision of a possible (or actual) victim
  made in the year whose chain of decisions had no formal or judicial decision (of any
  outcome) by the end of that year, and who was not formally identified in that year. Once
  per person and year; the case is that of the earliest such preliminary decision. Formal and
  presumed are therefore two columns of one partition; re-trafficking is said of formal
  identifications only.
- **Forced criminality** is a form of exploitation of its own (`Case.ExploitationType`),
  never merged into forced labour or "other".
- **Victims assisted, by service type**: distinct people with a service of that type
  delivered in the year (completed, ongoing or delivered in part; refused, unavailable and
  not completed services are not assistance). A person may count under several types.
- **Referrals offered** in the year (by `offered_at`), each in one outcome as it stands:
  pending (no answer yet), accepted (in progress), completed, not completed, declined,
  expired, withdrawn (revoked). Days to answer: from the offer to the acceptance or decline;
  days to completion: from the offer to the completion, over the completed ones.
- **Returns completed**: returns from the country handed over in the year (the receiving
  agency accepted the hand-over), by country of return; verification time: from the start
  of the nationality verification to the nationality verified.
- **Cases closed** in the year (by closing day) by reason; a case without a recorded reason
  is "not recorded".
"""

from __future__ import annotations

import datetime as dt
from collections import defaultdict
from dataclasses import dataclass
from zoneinfo import ZoneInfo

from django.conf import settings
from django.db.models import Q

from pathways.casework.models import (
    Case,
    Client,
    IdentificationDecision,
    Referral,
    ReturnRequest,
    ServiceDelivery,
)
from pathways.casework.referral_deadlines import COUNTRY_ZONES
from pathways.programs.models import Country

Decision = IdentificationDecision
AUTHORITATIVE = (Decision.Level.FORMAL, Decision.Level.JUDICIAL)
PRESUMING = (Decision.Status.POSSIBLE, Decision.Status.ACTUAL)

FORMAL = "formal"
PRESUMED = "presumed"
FIRST_TIME = "first"
RETRAFFICKED = "retrafficked"
CHILD, ADULT = "child", "adult"
UNKNOWN = "unknown"
STATELESS = "stateless"
NOT_KNOWN = "not_known"
NOT_RECORDED = "not_recorded"
ASSISTED_OUTCOMES = (
    ServiceDelivery.Outcome.COMPLETED,
    ServiceDelivery.Outcome.ONGOING,
    ServiceDelivery.Outcome.PARTLY,
)
CHILD_BANDS = (Client.AgeBand.CHILD_0_11, Client.AgeBand.CHILD_12_17)


class ReferralOutcome:
    """What became of a referral offered: each referral in exactly one."""

    PENDING = "pending"
    ACCEPTED = "accepted"
    COMPLETED = "completed"
    NOT_COMPLETED = "not_completed"
    DECLINED = "declined"
    EXPIRED = "expired"
    WITHDRAWN = "withdrawn"
    ALL = (PENDING, ACCEPTED, COMPLETED, NOT_COMPLETED, DECLINED, EXPIRED, WITHDRAWN)


# --- The year ---------------------------------------------------------------------------


def country_zone(country: Country) -> ZoneInfo:
    return ZoneInfo(COUNTRY_ZONES.get(country.code, settings.TIME_ZONE))


def year_bounds(country: Country, year: int) -> tuple[dt.datetime, dt.datetime]:
    """From midnight on 1 January to midnight on the next 1 January, in the country's zone."""
    zone = country_zone(country)
    return dt.datetime(year, 1, 1, tzinfo=zone), dt.datetime(year + 1, 1, 1, tzinfo=zone)


def _days(start: dt.datetime, end: dt.datetime) -> float:
    return (end - start).total_seconds() / 86400


# --- Identifications --------------------------------------------------------------------


@dataclass(frozen=True)
class IdentifiedPerson:
    """One person counted in a year, formally identified or presumed."""

    client_id: int
    identification: str  # FORMAL or PRESUMED
    retrafficked: bool
    decided_at: dt.datetime
    case_id: int | None
    case_number: str
    sex: str
    age_band: str
    nationality: str
    exploitation_type: str
    exploitation_country: str

    @property
    def child_or_adult(self) -> str:
        return child_or_adult(self.age_band)

    @property
    def record(self) -> str:
        return self.case_number or f"client {self.client_id}"


def child_or_adult(age_band: str) -> str:
    if age_band in CHILD_BANDS:
        return CHILD
    return UNKNOWN if age_band in ("", Client.AgeBand.UNKNOWN) else ADULT


def nationality_code(client: Client) -> str:
    if client.is_stateless:
        return STATELESS
    return client.nationality or UNKNOWN


@dataclass(frozen=True)
class _Episode:
    """A chain of decisions on one case: when it identified or presumed the person."""

    client_id: int
    case_id: int | None
    identified_at: dt.datetime | None  # first formal actual decision, if the chain stands
    presumed_at: dt.datetime | None  # first preliminary possible/actual decision
    first_formal_at: dt.datetime | None  # first formal decision of any outcome


def _episodes(country: Country) -> list[_Episode]:
    """Every chain of decisions of the country, from its latest decision back."""
    rows = list(
        Decision.objects.filter(country=country).values(
            "id", "client_id", "case_id", "status", "level", "decided_at", "supersedes_id"
        )
    )
    by_id = {row["id"]: row for row in rows}
    superseded = {row["supersedes_id"] for row in rows if row["supersedes_id"]}
    episodes = []
    for head in (row for row in rows if row["id"] not in superseded):
        chain, row = [], head
        while row is not None:
            chain.append(row)
            row = by_id.get(row["supersedes_id"])
        episodes.append(_episode(head, chain))
    return episodes


def _episode(head: dict, chain: list[dict]) -> _Episode:
    def first(rows: list[dict]) -> dt.datetime | None:
        return min((row["decided_at"] for row in rows), default=None)

    formal = [row for row in chain if row["level"] in AUTHORITATIVE]
    stands = head["level"] in AUTHORITATIVE and head["status"] == Decision.Status.ACTUAL
    return _Episode(
        client_id=head["client_id"],
        case_id=head["case_id"],
        identified_at=first([r for r in formal if r["status"] == Decision.Status.ACTUAL])
        if stands
        else None,
        presumed_at=first(
            [
                r
                for r in chain
                if r["level"] == Decision.Level.PRELIMINARY and r["status"] in PRESUMING
            ]
        ),
        first_formal_at=first(formal),
    )


def _identifications(country: Country) -> dict[int, list[_Episode]]:
    """Each person's identifications, one per case (the earliest chain of a case), in order."""
    per_case: dict[tuple[int, object], _Episode] = {}
    for episode in _episodes(country):
        if episode.identified_at is None:
            continue
        key = (episode.client_id, episode.case_id or ("chain", id(episode)))
        known = per_case.get(key)
        if known is None or episode.identified_at < known.identified_at:
            per_case[key] = episode
    people: dict[int, list[_Episode]] = defaultdict(list)
    for episode in sorted(per_case.values(), key=lambda e: e.identified_at):
        people[episode.client_id].append(episode)
    return people


def _people(
    chosen: dict[int, tuple[_Episode, dt.datetime, bool]], identification: str
) -> list[IdentifiedPerson]:
    clients = Client.objects.in_bulk(list(chosen))
    case_ids = [episode.case_id for episode, _at, _again in chosen.values() if episode.case_id]
    cases = Case.objects.in_bulk(case_ids)
    people = []
    for client_id, (episode, at, again) in sorted(chosen.items()):
        client, case = clients[client_id], cases.get(episode.case_id)
        people.append(
            IdentifiedPerson(
                client_id=client_id,
                identification=identification,
                retrafficked=again,
                decided_at=at,
                case_id=case.pk if case else None,
                case_number=case.case_number if case else "",
                sex=client.sex,
                age_band=client.age_band,
                nationality=nationality_code(client),
                exploitation_type=case.exploitation_type if case else Case.ExploitationType.UNKNOWN,
                exploitation_country=(case.exploitation_country if case else "") or NOT_KNOWN,
            )
        )
    return people


def victims_identified(country: Country, year: int) -> list[IdentifiedPerson]:
    """Each person formally identified in the year, once; `retrafficked` when an earlier
    identification on another case came before (in an earlier year or the same one)."""
    start, end = year_bounds(country, year)
    chosen = {}
    for client_id, episodes in _identifications(country).items():
        in_year = [i for i, episode in enumerate(episodes) if start <= episode.identified_at < end]
        if in_year:
            first = episodes[in_year[0]]
            chosen[client_id] = (first, first.identified_at, in_year[-1] > 0)
    return _people(chosen, FORMAL)


def victims_identified_records(country: Country, year: int) -> list[str]:
    return sorted(person.record for person in victims_identified(country, year))


def victims_retrafficked(country: Country, year: int) -> list[IdentifiedPerson]:
    """The people of `victims_identified` identified again after an earlier identification."""
    return [person for person in victims_identified(country, year) if person.retrafficked]


def victims_retrafficked_records(country: Country, year: int) -> list[str]:
    return sorted(person.record for person in victims_retrafficked(country, year))


def presumed_victims(
    country: Country, year: int, *, identified: list[IdentifiedPerson] | None = None
) -> list[IdentifiedPerson]:
    """Each person presumed a victim in the year and not formally identified in it, once
    (`identified`: the year's `victims_identified`, when the caller has them already)."""
    start, end = year_bounds(country, year)
    if identified is None:
        identified = victims_identified(country, year)
    identified_ids = {person.client_id for person in identified}
    chosen: dict[int, tuple[_Episode, dt.datetime, bool]] = {}
    for episode in _episodes(country):
        at = episode.presumed_at
        if at is None or not start <= at < end or episode.client_id in identified_ids:
            continue
        if episode.first_formal_at is not None and episode.first_formal_at < end:
            continue
        known = chosen.get(episode.client_id)
        if known is None or at < known[1]:
            chosen[episode.client_id] = (episode, at, False)
    return _people(chosen, PRESUMED)


def presumed_victims_records(country: Country, year: int) -> list[str]:
    return sorted(person.record for person in presumed_victims(country, year))


def victims_identified_or_presumed(country: Country, year: int) -> list[IdentifiedPerson]:
    """The people of the identification tables: formal and presumed, each once."""
    identified = victims_identified(country, year)
    return identified + presumed_victims(country, year, identified=identified)


# --- Services, referrals, returns, closures ----------------------------------------------


@dataclass(frozen=True)
class AssistedPerson:
    """One person who received a service of one type in the year."""

    client_id: int
    service_type: str
    case_number: str


def victims_assisted(country: Country, year: int) -> list[AssistedPerson]:
    """Distinct people per service type delivered in the year (one person may be under
    several types)."""
    rows = (
        ServiceDelivery.objects.filter(
            case__country=country,
            delivered_on__year=year,
            outcome__in=ASSISTED_OUTCOMES,
        )
        .order_by("delivered_on", "id")
        .values_list("case__client_id", "service_type", "case__case_number")
    )
    seen: dict[tuple[int, str], AssistedPerson] = {}
    for client_id, service_type, case_number in rows:
        seen.setdefault(
            (client_id, service_type), AssistedPerson(client_id, service_type, case_number)
        )
    return list(seen.values())


def victims_assisted_records(country: Country, year: int) -> list[str]:
    return sorted({person.case_number for person in victims_assisted(country, year)})


@dataclass(frozen=True)
class CountedReferral:
    referral_id: int
    case_number: str
    service_type: str
    outcome: str
    days_to_answer: float | None
    days_to_completion: float | None


def referral_outcome(referral: Referral) -> str:
    """What became of an offered referral, as it stands (one outcome each)."""
    S = Referral.Status
    if referral.status == S.OFFERED:
        return ReferralOutcome.PENDING
    if referral.status in (S.ACCEPTED, S.IN_PROGRESS):
        return ReferralOutcome.ACCEPTED
    if referral.status == S.DECLINED:
        return ReferralOutcome.DECLINED
    if referral.status == S.EXPIRED:
        return ReferralOutcome.EXPIRED
    if referral.status == S.REVOKED:
        return ReferralOutcome.WITHDRAWN
    if referral.outcome:
        return ReferralOutcome.COMPLETED
    return ReferralOutcome.NOT_COMPLETED


def referrals_offered(country: Country, year: int) -> list[CountedReferral]:
    """The referrals offered in the year, each with its outcome and its days."""
    start, end = year_bounds(country, year)
    referrals = (
        Referral.objects.filter(country=country, offered_at__gte=start, offered_at__lt=end)
        .exclude(status=Referral.Status.DRAFT)
        .select_related("case")
        .order_by("offered_at", "id")
    )
    counted = []
    for referral in referrals:
        outcome = referral_outcome(referral)
        answered = referral.responded_at if outcome != ReferralOutcome.EXPIRED else None
        completed = referral.completed_at if outcome == ReferralOutcome.COMPLETED else None
        counted.append(
            CountedReferral(
                referral_id=referral.pk,
                case_number=referral.case.case_number,
                service_type=referral.service_type,
                outcome=outcome,
                days_to_answer=_days(referral.offered_at, answered) if answered else None,
                days_to_completion=_days(referral.offered_at, completed) if completed else None,
            )
        )
    return counted


def referrals_offered_records(country: Country, year: int) -> list[str]:
    return [f"referral {r.referral_id} ({r.case_number})" for r in referrals_offered(country, year)]


def referrals_completed(country: Country, year: int) -> list[CountedReferral]:
    """The referrals offered in the year and completed (the service delivered)."""
    return [r for r in referrals_offered(country, year) if r.outcome == ReferralOutcome.COMPLETED]


def referrals_completed_records(country: Country, year: int) -> list[str]:
    return [
        f"referral {r.referral_id} ({r.case_number})" for r in referrals_completed(country, year)
    ]


@dataclass(frozen=True)
class CompletedReturn:
    return_id: int
    case_number: str
    to_country: str
    verification_days: float | None


def returns_completed(country: Country, year: int) -> list[CompletedReturn]:
    """Returns from the country handed over in the year, with the days verification took."""
    start, end = year_bounds(country, year)
    returns = (
        ReturnRequest.objects.filter(
            from_country=country, handed_over_at__gte=start, handed_over_at__lt=end
        )
        .filter(
            Q(status=ReturnRequest.Status.HANDED_OVER)
            | Q(
                status=ReturnRequest.Status.CLOSED,
                closed_reason=ReturnRequest.ClosedReason.RETURNED,
            )
        )
        .select_related("case", "to_country")
        .order_by("handed_over_at", "id")
    )
    return [
        CompletedReturn(
            return_id=ret.pk,
            case_number=ret.case.case_number,
            to_country=ret.to_country.code,
            verification_days=_days(ret.verification_started_at, ret.verified_at)
            if ret.verification_started_at and ret.verified_at
            else None,
        )
        for ret in returns
    ]


def returns_completed_records(country: Country, year: int) -> list[str]:
    return [f"return {r.return_id} ({r.case_number})" for r in returns_completed(country, year)]


@dataclass(frozen=True)
class ClosedCase:
    case_id: int
    case_number: str
    reason: str


def cases_closed(country: Country, year: int) -> list[ClosedCase]:
    """Cases closed in the year (by closing day), each with its reason."""
    cases = (
        Case.objects.filter(country=country, status=Case.Status.CLOSED, closed_on__year=year)
        .order_by("closed_on", "id")
        .values_list("id", "case_number", "closure_reason")
    )
    return [ClosedCase(pk, number, reason or NOT_RECORDED) for pk, number, reason in cases]


def cases_closed_records(country: Country, year: int) -> list[str]:
    return [case.case_number for case in cases_closed(country, year)]
