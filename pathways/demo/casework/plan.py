"""What the casework demo holds, planned in clear (seeded random) before anything is sealed."""

from __future__ import annotations

import datetime as dt
import random
from collections.abc import Sequence
from dataclasses import dataclass, field

from django.utils import timezone

from pathways.accounts.models import User
from pathways.casework.models import (
    Case,
    Client,
    Section,
)
from pathways.casework.sealing import ClientIdentity
from pathways.demo import names
from pathways.demo.casework.people import COUNTRY, FIRST_DAY, LAST_DAY, SEED, TEAMS
from pathways.lib.phones import InvalidPhone, to_e164
from pathways.programs.models import Organisation
from pathways.stats.models import StatRelease

# --- What the demo holds, planned in clear before anything is sealed -------------------------


@dataclass(frozen=True)
class PlannedNote:
    section: str
    written_at: dt.datetime
    author: str
    text: str


@dataclass(frozen=True)
class PlannedCase:
    case_worker: str
    supervisor: str
    opened_on: dt.date
    closed_on: dt.date | None
    exploitation_type: str
    sections: dict[str, str]
    notes: tuple[PlannedNote, ...]


@dataclass(frozen=True)
class PlannedClient:
    """One synthetic client as the demo writes it; phones as a person would write them
    (they are stored in E.164)."""

    identity: ClientIdentity
    owner: str
    registered_by: str
    registered_at: dt.datetime
    sex: str
    age_band: str
    nationality: str
    birthdate_precision: str
    identity_document_type: str
    case: PlannedCase | None


@dataclass
class CaseworkDemo:
    agencies: dict[str, Organisation] = field(default_factory=dict)
    users: dict[str, User] = field(default_factory=dict)
    planned: list[PlannedClient] = field(default_factory=list)
    clients: int = 0
    cases: int = 0
    notes: int = 0
    # Taken through the services (`screenings`, `stages`): screenings, and the cases they led to.
    screenings: int = 0
    staged_cases: int = 0
    # The statistics cohort's people (`statistics_cohort`).
    cohort_clients: int = 0
    # What those wrote in words or naming a person (`StagedDemo.said`).
    said: list[str] = field(default_factory=list)
    # Cambodia's published statistics release (`statistics`), or why there is none.
    release: StatRelease | None = None
    release_refused: str = ""


# Syllables that make Khmer given names (each a whole written syllable, with its usual
# romanisation): a first and a second syllable, e.g. សុ + ភា = សុភា, Sophea.
KHMER_FIRST_SYLLABLES = [
    ("សុ", "So"), ("ចាន់", "Chan"), ("ស្រី", "Srey"), ("វណ្ណ", "Vann"), ("ពិ", "Pi"),
    ("ដា", "Da"), ("បុ", "Bo"), ("មុ", "Mo"), ("រ៉ា", "Ra"), ("គី", "Ki"), ("លី", "Ly"),
    ("និ", "Ni"), ("សំ", "Sam"), ("កុ", "Ko"),
]  # fmt: skip
KHMER_SECOND_SYLLABLES = [
    ("ភា", "phea"), ("ធី", "thy"), ("ណា", "na"), ("លី", "ly"), ("ពៅ", "pov"), ("រី", "ry"),
    ("ដា", "da"), ("វី", "vy"), ("នី", "ny"), ("ថា", "tha"), ("រ៉ា", "ra"), ("មុំ", "mom"),
    ("ផល", "phal"), ("ខា", "kha"),
]  # fmt: skip
MYANMAR_SYLLABLES = [
    ("အောင်", "Aung"), ("ကျော်", "Kyaw"), ("မြင့်", "Myint"), ("ဇော်", "Zaw"),
    ("ထွန်း", "Htun"), ("ခင်", "Khin"), ("နွယ်", "Nwe"), ("သူ", "Thu"), ("စန်း", "San"),
    ("မိုး", "Moe"),
]  # fmt: skip
CHINESE_FAMILY = [("王", "Wang"), ("李", "Li"), ("张", "Zhang"), ("刘", "Liu"), ("陈", "Chen")]
CHINESE_GIVEN = [
    ("伟", "Wei"), ("芳", "Fang"), ("敏", "Min"), ("静", "Jing"), ("强", "Qiang"),
    ("磊", "Lei"), ("丽", "Li"), ("军", "Jun"), ("洋", "Yang"), ("艳", "Yan"),
]  # fmt: skip

NATIONALITIES = [("KH", 84), ("VN", 5), ("TH", 3), ("LA", 3), ("MM", 2), ("CN", 3)]
SEXES = [(Client.Sex.FEMALE, 55), (Client.Sex.MALE, 43), (Client.Sex.UNKNOWN, 2)]
# age band, weight, youngest and oldest age in it
AGE_BANDS = [
    (Client.AgeBand.CHILD_0_11, 5, 6, 11),
    (Client.AgeBand.CHILD_12_17, 20, 12, 17),
    (Client.AgeBand.ADULT_18_24, 30, 18, 24),
    (Client.AgeBand.ADULT_25_34, 28, 25, 34),
    (Client.AgeBand.ADULT_35_49, 13, 35, 49),
    (Client.AgeBand.ADULT_50, 3, 50, 62),
    (Client.AgeBand.UNKNOWN, 1, 0, 0),
]
E = Case.ExploitationType
EXPLOITATION = [
    (E.FORCED_CRIMINALITY, 30), (E.FORCED_LABOUR, 25), (E.SEXUAL_EXPLOITATION, 18),
    (E.FORCED_MARRIAGE, 11), (E.CHILD_LABOUR, 6), (E.FORCED_BEGGING, 4), (E.OTHER, 3),
    (E.UNKNOWN, 3),
]  # fmt: skip
# Mobile prefixes of Cambodian operators with six-digit subscriber numbers.
KH_PREFIXES = ["012", "017", "077", "078", "089", "092", "010", "015", "016", "069", "070"]
PROVINCES = [
    "Phnom Penh", "Siem Reap", "Battambang", "Banteay Meanchey", "Prey Veng", "Svay Rieng",
    "Kampong Cham", "Takeo", "Kandal", "Preah Sihanouk", "Oddar Meanchey", "Pursat",
]  # fmt: skip
VILLAGES = ["Trapeang Thom", "Phum Thmei", "Ou Ambel", "Kampong Luong", "Boeung Tras", "Prek Ho"]
SITES = {
    E.FORCED_CRIMINALITY: [
        "a guarded compound in Preah Sihanouk running online investment scams",
        "a casino building in Bavet where workers ran romance scams on Telegram",
        "a compound near O'Smach running fake crypto trading sites",
        "a scam compound across the border in Myawaddy",
    ],
    E.FORCED_LABOUR: [
        "a Thai fishing vessel off Songkhla",
        "a construction site in Bangkok",
        "a palm oil plantation in Johor",
        "a brick kiln in Kandal",
    ],
    E.SEXUAL_EXPLOITATION: [
        "a karaoke bar in Phnom Penh",
        "a massage parlour in Kuala Lumpur",
        "a guesthouse in Poipet",
    ],
    E.FORCED_MARRIAGE: [
        "a village in Anhui province, China, through a marriage broker",
        "a town in Henan province, China, after a broker's promise of factory work",
    ],
    E.CHILD_LABOUR: ["a garment workshop in Phnom Penh", "a market stall in Poipet"],
    E.FORCED_BEGGING: ["the streets of Bangkok", "the night market of Siem Reap"],
    E.OTHER: ["a private house in Phnom Penh as a domestic worker"],
    E.UNKNOWN: ["a place not yet known"],
}
CONTROLS = [
    "passport taken on arrival",
    "debts for transport and food that kept growing",
    "threats of beating and resale to another compound",
    "phone taken away and movement restricted",
    "wages withheld for months",
]
NOTE_TEMPLATES = [
    (
        Section.NOTES,
        "Home visit in {village}: {pronoun} is sleeping better and wants to start vocational "
        "training in {trade}.",
    ),
    (
        Section.NOTES,
        "Phone call: {pronoun} asked for help to get a new identity card in {province}.",
    ),
    (
        Section.NOTES,
        "Office meeting with the family in {province}; they agree to support the return home.",
    ),
    (Section.NOTES, "Supervision: care plan reviewed, next review after the {trade} course ends."),
    (Section.NOTES, "Counselling session {n}: nightmares less frequent; keeps a diary as agreed."),
    (
        Section.SAFETY,
        "The recruiter from {village} was seen near the family home; the family was told to "
        "call the hotline.",
    ),
    (
        Section.MEDICAL,
        "Accompanied to the health centre in {province} for follow-up of a hand injury; next "
        "visit in {n} weeks.",
    ),
    (
        Section.LEGAL,
        "Met the LSCW lawyer about the complaint; statement {n} to be given at the provincial "
        "court.",
    ),
]
TRADES = ["tailoring", "hairdressing", "motorbike repair", "cooking", "computer skills"]
RISK_LEVELS = ["high", "medium", "low", "none"]


def _weighted(rng: random.Random, choices: Sequence[tuple]) -> tuple:
    return rng.choices(choices, weights=[c[1] for c in choices])[0]


def person_name(rng: random.Random, nationality: str, sex: str) -> tuple[str, str, str]:
    """(given name, family name, name in local script)."""
    female = sex == Client.Sex.FEMALE
    if nationality == "KH":
        family = rng.choice(names.KHMER_FAMILY)
        if rng.random() < 0.5:
            given = rng.choice(names.KHMER_WOMEN if female else names.KHMER_MEN)
        else:
            first, second = rng.choice(KHMER_FIRST_SYLLABLES), rng.choice(KHMER_SECOND_SYLLABLES)
            given = (first[0] + second[0], first[1] + second[1])
        return given[1], family[1], f"{family[0]} {given[0]}"
    if nationality in ("TH", "LA"):
        family_list, women, men = (
            (names.THAI_FAMILY, names.THAI_WOMEN, names.THAI_MEN)
            if nationality == "TH"
            else (names.LAO_FAMILY, names.LAO_WOMEN, names.LAO_MEN)
        )
        family, given = rng.choice(family_list), rng.choice(women if female else men)
        return given[1], family[1], f"{given[0]} {family[0]}"
    if nationality == "VN":
        family = rng.choice(names.VIET_FAMILY)
        given = rng.choice(names.VIET_WOMEN if female else names.VIET_MEN)
        return given, family, ""
    if nationality in ("PH", "ID"):
        family_list, women, men = (
            (names.FILIPINO_FAMILY, names.FILIPINO_WOMEN, names.FILIPINO_MEN)
            if nationality == "PH"
            else (names.INDONESIAN_FAMILY, names.INDONESIAN_WOMEN, names.INDONESIAN_MEN)
        )
        return rng.choice(women if female else men), rng.choice(family_list), ""
    if nationality == "MM":
        parts = rng.sample(MYANMAR_SYLLABLES, 2)
        return " ".join(p[1] for p in parts), "", "".join(p[0] for p in parts)
    family, given = rng.choice(CHINESE_FAMILY), rng.choice(CHINESE_GIVEN)
    return given[1], family[1], family[0] + given[0]


def phone_number(rng: random.Random, taken: set[str]) -> str:
    while True:
        digits = f"{rng.randint(0, 999_999):06d}"
        written = f"{rng.choice(KH_PREFIXES)} {digits[:3]} {digits[3:]}"
        if written not in taken:
            try:
                to_e164(written, COUNTRY)
            except InvalidPhone:
                continue
            taken.add(written)
            return written


def _identity_number(rng: random.Random, nationality: str, taken: set[str]) -> tuple[str, str]:
    while True:
        if nationality == "KH" and rng.random() < 0.8:
            number, kind = f"{rng.randint(10_000_000, 199_999_999):09d}", "national_id"
        else:
            letter = {"VN": "C", "TH": "AA", "LA": "P", "MM": "MA", "CN": "E"}.get(nationality, "N")
            number, kind = f"{letter}{rng.randint(1_000_000, 9_999_999)}", "passport"
        if number not in taken:
            taken.add(number)
            return number, kind


def _birthdate(rng: random.Random, band: tuple, on: dt.date) -> tuple[dt.date | None, str]:
    if band[0] == Client.AgeBand.UNKNOWN:
        return None, ""
    age = rng.randint(band[2], band[3])
    precision = rng.choices(["day", "year", "estimated"], weights=[60, 30, 10])[0]
    year = on.year - age - 1
    if precision == "day":
        return dt.date(year, rng.randint(1, 12), rng.randint(1, 28)), precision
    return dt.date(year, 7, 1), precision


def _case_plan(
    rng: random.Random, owner: str, opened_on: dt.date, pronoun: str, today: dt.date
) -> PlannedCase:
    workers, supervisor, _share = TEAMS[owner]
    worker = rng.choices(workers, weights=[2] + [1] * (len(workers) - 1))[0]
    kind = _weighted(rng, EXPLOITATION)[0]
    age_days = (today - opened_on).days
    closing = 0.7 if age_days > 540 else 0.25 if age_days > 180 else 0.03
    closed_on = None
    if rng.random() < closing:
        closed_on = min(today, opened_on + dt.timedelta(days=rng.randint(60, 720)))
    months = rng.randint(2, 30)
    place = rng.choice(SITES[kind])
    province = rng.choice(PROVINCES)
    sections = {
        "exploitation_details": f"Held for {months} months at {place}; {rng.choice(CONTROLS)}.",
        "safe_location": rng.choice(
            [f"With family in {province}", "Mekong Safe Shelter, room block B", "Community"]
        ),
        "safety_risk_level": rng.choice(RISK_LEVELS),
    }
    if rng.random() < 0.3:
        sections["medical_notes"] = (
            f"Treated at the {province} referral hospital for injuries on return; "
            f"{rng.randint(2, 12)} counselling sessions planned."
        )
    if rng.random() < 0.3:
        sections["legal_notes"] = (
            f"Complaint filed with the {province} provincial court; hearing {rng.randint(1, 9)} "
            "set, the client a witness."
        )
    if kind == E.FORCED_CRIMINALITY and rng.random() < 0.5:
        sections["unlawful_acts"] = (
            f"Says {pronoun} was made to send scam messages to {rng.randint(20, 400)} people "
            "a day under threat of beating."
        )
    end = closed_on or today
    notes = []
    for _ in range(rng.randint(1, 4)):
        day = opened_on + dt.timedelta(days=rng.randint(0, max(0, (end - opened_on).days)))
        section, template = rng.choice(NOTE_TEMPLATES)
        text = template.format(
            village=rng.choice(VILLAGES),
            province=rng.choice(PROVINCES),
            trade=rng.choice(TRADES),
            pronoun=pronoun,
            n=rng.randint(2, 12),
        )
        author = supervisor if text.startswith("Supervision") else worker
        at = dt.datetime.combine(day, dt.time(rng.randint(8, 16), rng.randint(0, 59)), dt.UTC)
        notes.append(PlannedNote(section, at, author, f"{day:%d %B %Y}. {text}"))
    return PlannedCase(
        case_worker=worker,
        supervisor=supervisor,
        opened_on=opened_on,
        closed_on=closed_on,
        exploitation_type=kind,
        sections=sections,
        notes=tuple(sorted(notes, key=lambda n: n.written_at)),
    )


def plan_clients(count: int, *, now: dt.datetime | None = None) -> list[PlannedClient]:
    """`count` synthetic clients, the same ones every time: about one in a hundred a recent
    registration by the police screener (no case yet), the others with a case at MoSVY, the
    shelter or LSCW opened between 2021 and November 2026."""
    rng = random.Random(SEED)
    now = now or timezone.now()
    today = min(now.date(), LAST_DAY) if now.date() >= FIRST_DAY else now.date()
    span = (today - FIRST_DAY).days
    phones: set[str] = set()
    numbers: set[str] = set()
    owners = [(owner, share) for owner, (_w, _s, share) in TEAMS.items()]
    planned = []
    recent = max(3, count // 100)
    for index in range(count):
        screened = index < recent
        nationality = _weighted(rng, NATIONALITIES)[0]
        sex = _weighted(rng, SEXES)[0]
        band = _weighted(rng, AGE_BANDS)
        if screened:
            registered_at = now - dt.timedelta(days=rng.randint(1, 20), minutes=rng.randint(0, 600))
            opened_on = registered_at.date()
        else:
            opened_on = FIRST_DAY + dt.timedelta(days=rng.randint(0, span))
            registered_at = dt.datetime.combine(opened_on, dt.time(9, rng.randint(0, 59)), dt.UTC)
        given, family, local = person_name(rng, nationality, sex)
        birthdate, precision = _birthdate(rng, band, opened_on)
        number, kind = ("", "")
        if rng.random() < 0.75:
            number, kind = _identity_number(rng, nationality, numbers)
        province = rng.choice(PROVINCES)
        identity = ClientIdentity(
            first_name=given,
            last_name=family,
            local_script_name=local,
            birthdate=birthdate,
            identity_number=number,
            mobile_phone=phone_number(rng, phones) if rng.random() < 0.8 else "",
            home_phone=phone_number(rng, phones) if rng.random() < 0.1 else "",
            address=(
                f"House {rng.randint(1, 240)}, {rng.choice(VILLAGES)} village, {province}"
                if rng.random() < 0.6
                else ""
            ),
        )
        pronoun = {Client.Sex.FEMALE: "she", Client.Sex.MALE: "he"}.get(sex, "they")
        owner = "AHTJP" if screened else _weighted(rng, owners)[0]
        case = None if screened else _case_plan(rng, owner, opened_on, pronoun, today)
        planned.append(
            PlannedClient(
                identity=identity,
                owner=owner,
                registered_by="kh_screener" if screened else case.case_worker,
                registered_at=registered_at,
                sex=sex,
                age_band=band[0],
                nationality=nationality,
                birthdate_precision=precision,
                identity_document_type=kind,
                case=case,
            )
        )
    return planned
