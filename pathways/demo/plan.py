"""The plan of the demo data: the shapes of its events, the topics they cover, and the
smaller illustrative programs of every country and other years.

Cambodia's financial year 2021–22, which reproduces the published factsheet, is planned
event by event in `cambodia_plan`.
"""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass, field


@dataclass(frozen=True)
class Training:
    """A capacity development event: `women`/`men` new persons trained, plus repeats of
    persons trained at an earlier training of the plan (by key)."""

    key: str
    title: str
    lead: str
    start: dt.date
    days: int
    women: int
    men: int
    positions: tuple[str, ...]
    outcome: str
    topics: tuple[str, ...]
    province: str = "Phnom Penh"
    pathway: str = "national"
    co_organisers: tuple[str, ...] = ()
    repeat_from: str = ""
    repeat_women: int = 0
    repeat_men: int = 0


@dataclass(frozen=True)
class Gathering:
    """Any other event: `size` participant attendances, some by people trained earlier."""

    title: str
    event_type: str
    lead: str
    start: dt.date
    size: int
    outcome: str
    topics: tuple[str, ...]
    province: str = "Phnom Penh"
    pathway: str = "national"
    modality: str = "in_person"
    co_organisers: tuple[str, ...] = ()
    days: int = 1


VI = "Victim identification"
AML = "Anti-money laundering"
PROT = "Victim protection"
SOP = "Standard operating procedures"
GEDSI = "Gender equality and social inclusion"
COOP = "Cross-agency cooperation"
CHILD = "Child rights"


@dataclass(frozen=True)
class IllustrativeCountry:
    """Smaller illustrative programs for the other countries and other years."""

    code: str
    names: str
    leads: tuple[str, ...]
    fiscal_years: tuple[int, ...]
    events_per_year: int
    not_recorded_share: float = 0.04
    provinces: tuple[str, ...] = field(default_factory=tuple)


ILLUSTRATIVE = [
    IllustrativeCountry(
        "KH",
        "khmer",
        ("MoJ", "NCCT", "MoSVY", "CNP", "LSCW"),
        (2020, 2022),
        6,
        0.0,
        ("Phnom Penh", "Siem Reap", "Kandal"),
    ),
    IllustrativeCountry(
        "LA",
        "lao",
        ("MoPS", "MoLSW", "LWU", "OSPP"),
        (2021, 2022),
        5,
        0.05,
        ("Vientiane Capital", "Savannakhet", "Champasak"),
    ),
    IllustrativeCountry(
        "TH",
        "thai",
        ("RTP", "OAG", "MSDHS"),
        (2021, 2022),
        5,
        0.03,
        ("Bangkok", "Chiang Mai", "Songkhla"),
    ),
    IllustrativeCountry(
        "VN",
        "viet",
        ("MPS", "SPP"),
        (2021, 2022),
        4,
        0.04,
        ("Ha Noi", "Ho Chi Minh City", "Lao Cai"),
    ),
    IllustrativeCountry(
        "PH",
        "filipino",
        ("IACAT", "DOJ", "DSWD"),
        (2021, 2022),
        5,
        0.06,
        ("National Capital Region", "Central Visayas", "Davao Region"),
    ),
    IllustrativeCountry(
        "ID",
        "indonesian",
        ("KemenPPPA", "POLRI"),
        (2022,),
        3,
        0.05,
        ("Jakarta", "West Java", "East Nusa Tenggara"),
    ),
]
