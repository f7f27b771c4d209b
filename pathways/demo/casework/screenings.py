"""The casework demo's first contacts: the indicator sets loaded from their files, Cambodia's
casework settings, screenings in every state of their workflow and a roster of returnees.

Every screening is taken with the real services (`casework.services.screening`), so the
rule's suggestion, the sealed answers and the audit trail are what a screener's page would
have left. The people are synthetic (names from the demo's lists, random phones); the
answers follow three patterns per indicator set (enough for the rule to presume a victim,
one indicator, none), with "unknown" and "refused" among them, in the languages of the
people screened. Screenings happen over the last days before the load (their
`screened_at`); what the services stamp themselves (decisions, audit entries) is the
moment of the load.
"""

from __future__ import annotations

import datetime as dt
import random
from collections.abc import Mapping
from dataclasses import dataclass, field
from typing import Any

from pathways.accounts.models import User
from pathways.audit.models import AuditEvent
from pathways.audit.services import audit_record, audit_record_without_values
from pathways.casework.indicators import CONSENT_ITEMS, load_file, shipped_files
from pathways.casework.models import (
    AssessmentDomainSet,
    Client,
    CountryCaseworkSettings,
    IndicatorSet,
    Screening,
    ScreeningGroup,
)
from pathways.casework.services.screening import (
    screening_answer,
    screening_mark_duplicate,
    screening_no_consent_to_continue,
    screening_offer_other_services,
    screening_start,
    screening_submit,
    screening_suggestion,
    screening_triage,
    screening_void,
)
from pathways.demo.casework.people import SEED
from pathways.programs.models import Country, Organisation

SOURCE = AuditEvent.Source.COMMAND
Outcome = Screening.Outcome
Location = Screening.LocationType
# The agency the demo names for formal identifications in Cambodia (the police's
# anti-trafficking department) and the country's protection clock, the default.
FORMAL_IDENTIFIER = "AHTJP"
IDENTIFICATION_DUE_DAYS = 15
ROSTER_SIZE = 30
# Nationalities of the roster (released from a scam compound across the border), with the
# language each is interviewed in.
ROSTER_NATIONALITIES = [("KH", "km", 14), ("VN", "vi", 5), ("CN", "zh", 4), ("ID", "id", 3)]
ROSTER_NATIONALITIES += [("PH", "fil", 2), ("MM", "my", 1), ("LA", "lo", 1)]
OVERRIDE_REASON = "The one indicator was a debt to a relative for the bus fare home, repaid."
VOID_REASON = "Entered twice from the outreach visit; the other record is kept."
COMPELLED_ACTS = (
    "Says they were made to run romance scams on Telegram under threat of electric shocks."
)


@dataclass
class StagedDemo:
    """What the staged part of the demo works with and what it made."""

    country: Country
    agencies: dict[str, Organisation]
    users: dict[str, User]
    now: dt.datetime
    rng: random.Random = field(default_factory=lambda: random.Random(SEED + 1))
    # The case records' own draws (scores, dates), so the stories' draws stay as they were.
    care_rng: random.Random = field(default_factory=lambda: random.Random(SEED + 2))
    domain_sets: dict[str, AssessmentDomainSet] = field(default_factory=dict)
    sets: dict[str, IndicatorSet] = field(default_factory=dict)
    indicators: dict[str, list[tuple[str, str, str]]] = field(default_factory=dict)
    screenings: int = 0
    cases: int = 0
    # The people of the statistics cohort (`statistics_cohort`), written in bulk.
    cohort: int = 0
    # Every value written in words or naming a person, which must be found nowhere in clear.
    said: list[str] = field(default_factory=list)


# --- indicator sets and the country's settings --------------------------------------------------


def load_indicator_sets(demo: StagedDemo) -> None:
    """Every shipped set, each audited as the command loads it; those loaded before are kept."""
    for path in shipped_files():
        found = load_file(path, source=SOURCE).indicator_set
        demo.sets[found.code] = found
    for code, indicator_set in demo.sets.items():
        rows = indicator_set.indicators.values_list("code", "dimension", "strength")
        demo.indicators[code] = list(rows)


def ensure_country_settings(demo: StagedDemo) -> CountryCaseworkSettings:
    """Cambodia names the police's anti-trafficking department for formal identifications,
    with the default protection clock; settings made before keep their clock and gain the
    department if they did not name it."""
    identifier = demo.agencies[FORMAL_IDENTIFIER]
    found = CountryCaseworkSettings.objects.filter(country=demo.country).first()
    if found is None:
        found = CountryCaseworkSettings.objects.create(
            country=demo.country, identification_due_days=IDENTIFICATION_DUE_DAYS
        )
        changes = {
            "country": [None, demo.country.pk],
            "identification_due_days": [None, IDENTIFICATION_DUE_DAYS],
        }
        action, named = AuditEvent.Action.CREATE, []
    elif found.formal_identifier_agencies.filter(pk=identifier.pk).exists():
        return found
    else:
        changes, action = {}, AuditEvent.Action.UPDATE
        named = sorted(found.formal_identifier_agencies.values_list("pk", flat=True))
    found.formal_identifier_agencies.add(identifier)
    changes["formal_identifier_agencies"] = [named, sorted([*named, identifier.pk])]
    audit_record(actor=None, action=action, instance=found, changes=changes, source=SOURCE)
    return found


# --- answers ------------------------------------------------------------------------------------


def answers_for(demo: StagedDemo, code: str, pattern: str) -> dict[str, str]:
    """Answers to every question of the set: "victim" meets each group the rule needs
    (a strong indicator of one dimension per group), "some" says yes to one weaker
    indicator, "none" to none; the rest no, now and then unknown or refused."""
    rows = demo.indicators[code]
    yes: set[str] = set()
    if pattern == "victim":
        rule = demo.sets[code].rule
        for group in rule["victim_when"][0]:
            members = rule["groups"][group]
            strong = [c for c, dim, s in rows if dim in members and s == "strong"]
            yes.add(demo.rng.choice(strong))
    elif pattern == "some":
        yes.add(demo.rng.choice([c for c, _dim, s in rows if s != "strong"]))
    other = ["no"] * 8 + ["unknown", "refused"]
    return {c: "yes" if c in yes else demo.rng.choice(other) for c, _dim, _s in rows}


def interview(
    demo: StagedDemo,
    screener: str,
    agency: str,
    *,
    sex: str,
    age_band: str,
    nationality: str,
    language: str,
    set_code: str,
    pattern: str,
    location: str = Location.BORDER_CHECKPOINT,
    days_ago: int = 0,
    submit: bool = True,
    notes: Mapping[str, str] | None = None,
    group: ScreeningGroup | None = None,
    screening: Screening | None = None,
) -> Screening:
    """A screening with consent, the interview's answers in `language` and, when `submit`,
    submitted: the draft of a roster's person when `screening` is given, a new one
    otherwise."""
    actor = demo.users[screener]
    child = age_band in (Client.AgeBand.CHILD_0_11, Client.AgeBand.CHILD_12_17)
    if screening is None:
        screened_at = demo.now - dt.timedelta(days=days_ago, minutes=demo.rng.randint(30, 600))
        screening = screening_start(
            actor=actor,
            agency=demo.agencies[agency],
            location_type=location,
            sex=sex,
            age_band=age_band,
            nationality=nationality,
            screened_at=screened_at,
            group=group,
            source=SOURCE,
        )
        demo.screenings += 1
    screening = screening_answer(
        actor=actor,
        screening=screening,
        answers=answers_for(demo, set_code, pattern),
        consent_to_interview=Screening.Consent.YES,
        **{f"informed_of_{item}": True for item in CONSENT_ITEMS},
        consent_set=demo.sets["consent-interview"],
        indicator_set=demo.sets[set_code],
        interview_language=language,
        interpreter_used=language not in ("km", "en"),
        child_friendly_procedure=child,
        province=demo.rng.choice(["Banteay Meanchey", "Oddar Meanchey", "Preah Sihanouk"]),
        immediate_needs=[Screening.Need.MEDICAL, Screening.Need.SHELTER][: demo.rng.randint(0, 2)],
        **dict(notes or {}),
        source=SOURCE,
    )
    if submit:
        screening = screening_submit(actor=actor, screening=screening, source=SOURCE)
    return screening


def triage(
    demo: StagedDemo, screening: Screening, screener: str, override: str = "", reason: str = ""
) -> Screening:
    """Confirm the rule's suggestion, or override it with `override` and a reason."""
    suggested = screening_suggestion(screening).outcome
    return screening_triage(
        actor=demo.users[screener],
        screening=screening,
        confirmed_outcome=override or suggested,
        override_reason=reason,
        source=SOURCE,
    )


# --- screenings that end before a case ----------------------------------------------------------

F, M = Client.Sex.FEMALE, Client.Sex.MALE
A18, A25, A35, C12 = (
    Client.AgeBand.ADULT_18_24,
    Client.AgeBand.ADULT_25_34,
    Client.AgeBand.ADULT_35_49,
    Client.AgeBand.CHILD_12_17,
)


def screen_without_cases(demo: StagedDemo) -> None:
    """The police screener's recent encounters at the border, one or more in each state
    that ends (or waits) without a case, and a MoSVY screening voided by the supervisor."""
    who = ("kh_screener", "AHTJP")
    # Draft: consent given, the interview under way.
    interview(demo, *who, sex=M, age_band=A25, nationality="KH", language="km",
              set_code="scam-compound", pattern="some", submit=False)  # fmt: skip
    # Submitted, waiting for the screener's triage.
    interview(demo, *who, sex=F, age_band=A18, nationality="KH", language="km",
              set_code="ilo-adult-labour", pattern="some", days_ago=1)  # fmt: skip
    # Indicators present, waiting for the referral.
    waiting = interview(demo, *who, sex=M, age_band=A18, nationality="VN", language="vi",
                        set_code="scam-compound", pattern="some", days_ago=1)  # fmt: skip
    triage(demo, waiting, "kh_screener")
    # No indicators, the offer of other services still to be made.
    none = interview(demo, *who, sex=F, age_band=A35, nationality="TH", language="th",
                     set_code="ilo-adult-labour", pattern="none", days_ago=2)  # fmt: skip
    triage(demo, none, "kh_screener")
    # Closed with other services offered, once by the rule and once overriding it.
    for pattern, override, reason in (
        ("none", "", ""),
        ("some", Outcome.NO_INDICATORS, OVERRIDE_REASON),
    ):
        closed = interview(demo, *who, sex=M, age_band=A25, nationality="KH", language="km",
                           set_code="ilo-adult-labour", pattern=pattern, days_ago=3)  # fmt: skip
        closed = triage(demo, closed, "kh_screener", override, reason)
        screening_offer_other_services(
            actor=demo.users["kh_screener"], screening=closed, source=SOURCE
        )
    # Declined: a refusal of the interview keeps only the four facts; another person with
    # indicators does not wish to go on to identification.
    screening_start(
        actor=demo.users["kh_screener"],
        agency=demo.agencies["AHTJP"],
        location_type=Location.POLICE_STATION,
        sex=F,
        age_band=A25,
        nationality="KH",
        consent_to_interview=Screening.Consent.NO,
        screened_at=demo.now - dt.timedelta(days=4, hours=3),
        source=SOURCE,
    )
    demo.screenings += 1
    stops = interview(demo, *who, sex=F, age_band=A18, nationality="KH", language="km",
                      set_code="ilo-adult-sexual", pattern="some", days_ago=4)  # fmt: skip
    stops = triage(demo, stops, "kh_screener")
    screening_no_consent_to_continue(
        actor=demo.users["kh_screener"], screening=stops, source=SOURCE
    )
    _duplicate(demo)
    voided = interview(demo, "kh_caseworker", "MoSVY", sex=M, age_band=A35, nationality="KH",
                       language="km", set_code="ilo-adult-labour", pattern="none",
                       location=Location.OUTREACH, submit=False)  # fmt: skip
    screening_void(
        actor=demo.users["kh_supervisor"],
        screening=voided,
        reason=VOID_REASON,
        source=SOURCE,
    )


def _duplicate(demo: StagedDemo) -> None:
    """A person the screener registered last week, screened again: marked as a duplicate."""
    actor = demo.users["kh_screener"]
    earlier = (
        Client.objects.filter(
            is_synthetic=True, created_by=actor, owner_agency=demo.agencies["AHTJP"]
        )
        .order_by("id")
        .first()
    )
    if earlier is None:  # a demo loaded without the screener's registrations
        return
    again = interview(demo, "kh_screener", "AHTJP", sex=earlier.sex, age_band=earlier.age_band,
                      nationality=earlier.nationality, language="km",
                      set_code="ilo-adult-labour", pattern="some", days_ago=1)  # fmt: skip
    screening_mark_duplicate(actor=actor, screening=again, client=earlier, source=SOURCE)


# --- the roster of a mass return ----------------------------------------------------------------


def load_roster(demo: StagedDemo) -> ScreeningGroup:
    """Returnees handed over at the Poipet checkpoint after a raid on a scam compound: one
    minimal screening each (sex, age band, nationality), most still awaiting their
    interview, three interviewed and submitted."""
    actor, agency = demo.users["kh_screener"], demo.agencies["AHTJP"]
    group = ScreeningGroup.objects.create(
        name="Poipet handover after a scam compound raid (synthetic)",
        description="Synthetic demo roster: people released from a compound across the border.",
        country=demo.country,
        agency=agency,
        arrived_on=(demo.now - dt.timedelta(days=2)).date(),
        created_by=actor,
    )
    audit_record_without_values(
        actor=actor,
        action=AuditEvent.Action.CREATE,
        instance=group,
        fields=["name", "description", "country", "agency", "arrived_on", "created_by"],
        source=SOURCE,
    )
    people = [(n, lang) for n, lang, count in ROSTER_NATIONALITIES for _ in range(count)]
    bands = [A18] * 5 + [A25] * 4 + [A35] * 2 + [C12]
    arrived = demo.now - dt.timedelta(days=2, hours=5)
    for index, (nationality, language) in enumerate(people[:ROSTER_SIZE]):
        screening = screening_start(
            actor=actor,
            agency=agency,
            location_type=Location.BORDER_CHECKPOINT,
            sex=demo.rng.choices([M, F], weights=[70, 30])[0],
            age_band=demo.rng.choice(bands),
            nationality=nationality,
            screened_at=arrived + dt.timedelta(minutes=3 * index),
            group=group,
            source=SOURCE,
        )
        demo.screenings += 1
        if index % 10 == 0:  # interviewed since, in the person's language
            interview(demo, "kh_screener", "AHTJP", sex=screening.sex,
                      age_band=screening.age_band, nationality=nationality, language=language,
                      set_code="scam-compound", pattern="victim", screening=screening)  # fmt: skip
    return group


def screenings_loaded(country: Country) -> bool:
    return Screening.objects.filter(country=country, group__name__endswith="(synthetic)").exists()


def interview_facts(demo: StagedDemo) -> dict[str, Any]:
    """Exploitation notes and compelled acts (restricted) for a scam-compound returnee."""
    facts = {
        "exploitation_notes": "Recruited through a Facebook job advert for a casino "
        f"receptionist; held {demo.rng.randint(3, 14)} months in a guarded compound.",
        "unlawful_acts": COMPELLED_ACTS,
    }
    demo.said.append(facts["exploitation_notes"])
    return facts
