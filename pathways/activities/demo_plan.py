"""The plan of the demo data: which events exist and how many attend them.

Cambodia, 1 July 2021 – 30 June 2022, reproduces the figures of the published ASEAN-ACT
Cambodia factsheet (shared/seed): 35 events, 1,038 participants (363 women, 675 men),
10 capacity development events, 328 people trained (112 women, 216 men), the Ministry of
Justice's 22 prosecutors and investigating judges (7 women, 15 men), MoSVY's 119 frontline
officials (34 women, 85 men) over two events, NCCT's two victim identification trainings,
and the two police SOP workshops. Titles follow the factsheet; dates, places, names and
every other detail are synthetic.
"""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass, field

D = dt.date


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

KH_TRAININGS = [
    Training(
        "cnp",
        "Investigating trafficking in persons cases: training for anti-human trafficking police",
        "CNP",
        D(2021, 8, 23),
        3,
        8,
        32,
        ("police",),
        "justice",
        (SOP,),
    ),
    Training(
        "ncct1",
        "Forms and procedures for victim identification, including victim-sensitive "
        "principles (training 1 of 2)",
        "NCCT",
        D(2021, 9, 15),
        2,
        10,
        20,
        ("police", "prosecutor", "social_worker", "government"),
        "victim-rights-gedsi",
        (VI,),
    ),
    Training(
        "mosvy1",
        "Policy and minimum standards on the protection of victims of trafficking: "
        "training for frontline officials (1 of 2)",
        "MoSVY",
        D(2021, 11, 22),
        3,
        19,
        46,
        ("social_worker",),
        "victim-rights-gedsi",
        (PROT,),
        province="Siem Reap",
    ),
    Training(
        "ncct2",
        "Forms and procedures for victim identification, including victim-sensitive "
        "principles (training 2 of 2)",
        "NCCT",
        D(2021, 12, 8),
        2,
        9,
        19,
        ("police", "prosecutor", "social_worker", "government"),
        "victim-rights-gedsi",
        (VI,),
        province="Battambang",
        repeat_from="ncct1",
        repeat_women=1,
        repeat_men=3,
    ),
    Training(
        "rajp",
        "Trafficking in persons case law for trainee judges and prosecutors",
        "RAJP",
        D(2022, 1, 17),
        2,
        10,
        20,
        ("judge", "prosecutor"),
        "justice",
        (AML,),
    ),
    Training(
        "mosvy2",
        "Policy and minimum standards on the protection of victims of trafficking: "
        "training for frontline officials (2 of 2)",
        "MoSVY",
        D(2022, 2, 21),
        3,
        15,
        39,
        ("social_worker",),
        "victim-rights-gedsi",
        (PROT,),
        province="Kampong Cham",
        repeat_from="mosvy1",
        repeat_women=2,
        repeat_men=4,
    ),
    Training(
        "moj",
        "Anti-money laundering in trafficking in persons cases: training for "
        "prosecutors and investigating judges",
        "MoJ",
        D(2022, 3, 14),
        3,
        7,
        15,
        ("prosecutor", "judge"),
        "justice",
        (AML,),
        co_organisers=("RAJP",),
    ),
    Training(
        "lscw",
        "Victim identification, case management and referral: training for NGO representatives",
        "LSCW",
        D(2022, 4, 26),
        2,
        24,
        11,
        ("ngo_staff",),
        "partnerships",
        (VI,),
        pathway="policy",
    ),
    Training(
        "moi",
        "Victim-sensitive interviewing for provincial officials",
        "MoI",
        D(2022, 5, 18),
        2,
        10,
        14,
        ("government",),
        "victim-rights-gedsi",
        (
            VI,
            GEDSI,
        ),
        province="Takeo",
    ),
    Training(
        "cnp-refresher",
        "Anti-human trafficking police: refresher on case investigation",
        "CNP",
        D(2022, 6, 13),
        1,
        0,
        0,
        ("police",),
        "justice",
        (SOP,),
        repeat_from="cnp",
        repeat_women=2,
        repeat_men=10,
    ),
]

KH_GATHERINGS = [
    Gathering(
        "Review of the Standard Operating Procedures for Specialist Units of the "
        "Anti-Human Trafficking police (workshop 1 of 2)",
        "workshop",
        "CNP",
        D(2021, 10, 5),
        28,
        "justice",
        (SOP,),
    ),
    Gathering(
        "Review of the Standard Operating Procedures for Specialist Units of the "
        "Anti-Human Trafficking police (workshop 2 of 2)",
        "workshop",
        "CNP",
        D(2022, 3, 29),
        26,
        "justice",
        (SOP,),
    ),
    Gathering(
        "Review of the guidelines on victim identification: inputs from prosecutors "
        "(workshop 1 of 3)",
        "workshop",
        "NCCT",
        D(2022, 1, 11),
        30,
        "victim-rights-gedsi",
        (VI, COOP),
    ),
    Gathering(
        "Review of the guidelines on victim identification: inputs from judges (workshop 2 of 3)",
        "workshop",
        "NCCT",
        D(2022, 2, 8),
        32,
        "victim-rights-gedsi",
        (VI, COOP),
    ),
    Gathering(
        "Review of the guidelines on victim identification: inputs from law enforcers "
        "(workshop 3 of 3)",
        "workshop",
        "NCCT",
        D(2022, 3, 8),
        27,
        "victim-rights-gedsi",
        (VI, COOP),
    ),
    Gathering(
        "NGO technical working group: consultation on the victim identification guidelines",
        "twg",
        "LSCW",
        D(2022, 3, 22),
        24,
        "partnerships",
        (VI, COOP),
        pathway="policy",
        co_organisers=("NCCT",),
    ),
    Gathering(
        "Forum on Migrant Labour and Human Trafficking",
        "forum",
        "NCCT",
        D(2022, 4, 5),
        64,
        "partnerships",
        (COOP,),
        pathway="policy",
        co_organisers=("LSCW",),
    ),
    Gathering(
        "Discussion between NGOs and the provincial committee on victim identification",
        "consultation",
        "NCCT",
        D(2022, 4, 20),
        22,
        "partnerships",
        (VI, COOP),
        province="Siem Reap",
        pathway="policy",
    ),
    Gathering(
        "Discussion between NGOs and the provincial committee on victim identification",
        "consultation",
        "NCCT",
        D(2022, 5, 4),
        20,
        "partnerships",
        (VI, COOP),
        province="Battambang",
        pathway="policy",
    ),
    Gathering(
        "Presentation of key findings: capacity needs assessment of the protection of "
        "child rights in the justice system response to trafficking in persons",
        "assessment",
        "MoJ",
        D(2021, 9, 28),
        45,
        "victim-rights-gedsi",
        (CHILD,),
    ),
    Gathering(
        "Prioritising victim rights and GEDSI in implementing the national action plan "
        "against trafficking (meeting 1 of 2)",
        "meeting",
        "NCCT",
        D(2021, 7, 20),
        18,
        "victim-rights-gedsi",
        (GEDSI,),
    ),
    Gathering(
        "Prioritising victim rights and GEDSI in implementing the national action plan "
        "against trafficking (meeting 2 of 2)",
        "meeting",
        "NCCT",
        D(2022, 1, 25),
        16,
        "victim-rights-gedsi",
        (GEDSI,),
    ),
    Gathering(
        "Collective NGO response to emerging human trafficking trends",
        "forum",
        "LSCW",
        D(2021, 10, 19),
        35,
        "partnerships",
        (COOP,),
        pathway="policy",
    ),
    Gathering(
        "Collective NGO response to emerging human trafficking trends: follow-up",
        "meeting",
        "LSCW",
        D(2022, 2, 15),
        30,
        "partnerships",
        (COOP,),
        pathway="policy",
    ),
    Gathering(
        "Lessons learned in victim identification to inform policy dialogue",
        "consultation",
        "LSCW",
        D(2022, 5, 24),
        22,
        "partnerships",
        (VI,),
        pathway="policy",
    ),
    Gathering(
        "Justice sector coordination meeting on trafficking in persons cases",
        "meeting",
        "MoJ",
        D(2021, 8, 10),
        14,
        "justice",
        (COOP,),
    ),
    Gathering(
        "Justice sector coordination meeting on trafficking in persons cases",
        "meeting",
        "MoJ",
        D(2021, 12, 14),
        12,
        "justice",
        (COOP,),
    ),
    Gathering(
        "Justice sector coordination meeting on trafficking in persons cases",
        "meeting",
        "MoJ",
        D(2022, 4, 12),
        15,
        "justice",
        (COOP,),
    ),
    Gathering(
        "Country program annual planning workshop",
        "workshop",
        "MoJ",
        D(2021, 7, 27),
        30,
        "partnerships",
        (COOP,),
        co_organisers=("NCCT", "MoSVY"),
    ),
    Gathering(
        "Consultation on minimum standards for the protection of victims",
        "consultation",
        "MoSVY",
        D(2021, 11, 2),
        25,
        "victim-rights-gedsi",
        (PROT,),
    ),
    Gathering(
        "Consultation on minimum standards for the protection of victims: provinces",
        "consultation",
        "MoSVY",
        D(2022, 6, 7),
        23,
        "victim-rights-gedsi",
        (PROT,),
        province="Kampot",
    ),
    Gathering(
        "National conference on justice responses to trafficking in persons",
        "conference",
        "MoJ",
        D(2022, 6, 21),
        60,
        "justice",
        (COOP, AML),
        days=2,
        co_organisers=("RAJP", "CNP"),
    ),
    Gathering(
        "Justice sector technical working group on trafficking in persons",
        "twg",
        "MoJ",
        D(2021, 9, 7),
        16,
        "justice",
        (COOP,),
    ),
    Gathering(
        "Justice sector technical working group on trafficking in persons",
        "twg",
        "MoJ",
        D(2022, 3, 1),
        18,
        "justice",
        (COOP,),
    ),
    Gathering(
        "Online dialogue on online scams and trafficking for forced criminality",
        "forum",
        "NCCT",
        D(2021, 8, 31),
        36,
        "partnerships",
        (COOP,),
        pathway="policy",
        modality="online",
    ),
]

# Totals the Cambodia plan must reproduce (from shared/seed).
KH_PERIOD = (D(2021, 7, 1), D(2022, 6, 30))
KH_PARTICIPANTS_WOMEN = 363
KH_PARTICIPANTS_MEN = 675


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
