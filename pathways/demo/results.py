"""Demo results: the program's indicators with baselines and targets, and Cambodia's
achievements as the ASEAN-ACT factsheet (1 July 2021 – 30 June 2022) publishes them.

The achievement texts and the good-practice story are the factsheet's, verbatim, grouped by
outcome area as the factsheet groups them; their titles and dates are ours. Targets,
the other countries' achievements and hand-reported values not stated on the factsheet are
synthetic and marked so. Loading twice changes nothing.
"""

from __future__ import annotations

import datetime as dt
from decimal import Decimal
from typing import Any

from django.db import transaction

from pathways.activities.models import Event
from pathways.programs.models import Country, Organisation, OutcomeArea
from pathways.results import services
from pathways.results.figures import Rule
from pathways.results.models import Achievement, Indicator, IndicatorTarget, ReportedValue

FY_START, FY_END = dt.date(2021, 7, 1), dt.date(2022, 6, 30)
SYNTHETIC_TARGET = "Illustrative target: synthetic demo data."

# code, outcome area, name, unit, rule ("" when reported by hand), filters
INDICATORS: list[tuple[str, str, str, str, str, dict[str, Any]]] = [
    ("JUS-1", "justice", "Capacity development events conducted", "events",
     Rule.CAPACITY_DEVELOPMENT_EVENTS, {}),
    ("JUS-2", "justice", "People trained", "people", Rule.PEOPLE_TRAINED, {}),
    ("JUS-3", "justice", "Prosecutors trained", "people", Rule.PEOPLE_TRAINED,
     {"filter_position": "prosecutor"}),
    ("JUS-4", "justice", "Judges trained", "people", Rule.PEOPLE_TRAINED,
     {"filter_position": "judge"}),
    ("GEDSI-1", "victim-rights-gedsi", "Frontline officials trained on victim protection",
     "people", Rule.PEOPLE_TRAINED, {"filter_position": "social_worker"}),
    ("GEDSI-2", "victim-rights-gedsi", "Women trained", "people", Rule.PEOPLE_TRAINED,
     {"filter_sex": "woman"}),
    ("GEDSI-3", "victim-rights-gedsi",
     "Partner agencies supported to prioritise victim rights and GEDSI in national action "
     "plans", "agencies", "", {}),
    ("PART-1", "partnerships", "Events held with partners", "events", Rule.EVENTS, {}),
    ("PART-2", "partnerships", "Participants in events", "participants", Rule.PARTICIPANTS, {}),
    ("PART-3", "partnerships",
     "Guidelines and procedures reviewed or revised with partners", "documents", "", {}),
]  # fmt: skip

# Illustrative 2021–22 targets per country (None: the region): code -> target.
TARGETS: dict[str | None, dict[str, int]] = {
    "KH": {"JUS-1": 10, "JUS-2": 300, "JUS-3": 20, "GEDSI-1": 100, "GEDSI-2": 110,
           "GEDSI-3": 3, "PART-1": 30, "PART-2": 900, "PART-3": 2},
    "LA": {"JUS-1": 6, "JUS-2": 180, "PART-1": 20, "PART-2": 500},
    "PH": {"JUS-1": 8, "JUS-2": 240, "PART-1": 25, "PART-2": 700},
    "TH": {"JUS-1": 8, "JUS-2": 220, "PART-1": 25, "PART-2": 650},
    "VN": {"JUS-1": 7, "JUS-2": 200, "PART-1": 20, "PART-2": 550},
    None: {"JUS-1": 45, "JUS-2": 1300, "PART-1": 150, "PART-2": 4000},
}  # fmt: skip

# Partner-level targets: (country, organisation acronym) -> indicator code -> target. Shown
# to the partner for its own events instead of the country's targets.
PARTNER_TARGETS: dict[tuple[str, str], dict[str, int]] = {
    ("KH", "LSCW"): {"JUS-1": 2},
}

GOOD_PRACTICE_TEXT = "\n\n".join(
    [
        "ASEAN-ACT supported the National Committee for Counter Trafficking (NCCT) to conduct "
        "two training events on the forms and procedures for victim identification, including "
        "the concept of victim-sensitive principles.",
        "As a result of this training, NCCT initiated a review of the guidelines on victim "
        "identification for the provision of appropriate support to trafficked victims. Inputs "
        "from prosecutors, judges, and law enforcers were gathered through a series of "
        "workshops in early 2022.",
        "NGOs were also consulted through the NGO technical working group and the Forum on "
        "Migrant Labour and Human Trafficking.",
        "As well as discussions between NGOs and relevant provincial committees were held.",
        "The consultations between government agencies and civil society on an important "
        "initiative such as the victim identification guidelines is an example of good "
        "practice in cross-agency cooperation.",
    ]
)

# outcome area, title (ours), text (the factsheet's), date, partners, related event type,
# good practice
CAMBODIA: list[tuple[str, str, str, dt.date, tuple[str, ...], str, bool]] = [
    ("justice", "NCCT reviewed the victim identification guidelines",
     "National Committee for Counter Trafficking reviewed the guidelines on victim "
     "identification, with inputs from NGOs",
     dt.date(2022, 4, 29), ("NCCT",), Event.Type.WORKSHOP, False),
    ("justice", "Ministry of Justice training on anti-money laundering",
     "Ministry of Justice trained 22 prosecutors and investigating judges (7 women and 15 "
     "men) on anti–money laundering in trafficking in persons cases",
     dt.date(2021, 11, 18), ("MoJ",), Event.Type.TRAINING, False),
    ("justice", "MoSVY training events for frontline officials",
     "Ministry of Social Affairs, Veterans and Youth Rehabilitation conducted two training "
     "events for frontline officials on policy and minimum standards to protecting victims "
     "of trafficking in persons",
     dt.date(2022, 3, 25), ("MoSVY",), Event.Type.TRAINING, False),
    ("justice", "Police anti-trafficking SOPs reviewed and revised",
     "Two workshops reviewed and revised the Standard Operating Procedures for Specialist "
     "Units of the Anti–Human Trafficking of the Cambodian National Police.",
     dt.date(2022, 5, 27), ("CNP",), Event.Type.WORKSHOP, False),
    ("victim-rights-gedsi", "Child rights capacity needs assessment presented",
     "Presented key findings of a capacity needs assessment of the protection of child "
     "rights in the justice system response to trafficking in persons for Cambodia",
     dt.date(2021, 9, 15), (), Event.Type.ASSESSMENT, False),
    ("victim-rights-gedsi", "Victim rights and GEDSI in the national action plans",
     "Supported partner government agencies to prioritise victim rights and gender "
     "equality and social inclusion in implementing the national action plans against "
     "trafficking",
     dt.date(2022, 2, 10), ("NCCT",), "", False),
    ("victim-rights-gedsi", "119 frontline officials trained on victim protection",
     "Ministry of Social Affairs, Veterans and Youth Rehabilitation trained 119 frontline "
     "officials (34 women and 85 men) on policy and minimum standards on the protection of "
     "trafficking in persons victims.",
     dt.date(2022, 3, 31), ("MoSVY",), Event.Type.TRAINING, False),
    ("partnerships", "LSCW legal assistance and lessons on victim identification",
     "Legal Support for Children and Women (LSCW) is providing legal assistance to victims "
     "of trafficking and sharing lessons learned in victim identification to inform policy "
     "dialogue.",
     dt.date(2022, 6, 15), ("LSCW",), "", False),
    ("partnerships", "LSCW mobilised Cambodian NGOs",
     "LSCW through our partnership mobilised Cambodian NGOs to respond collectively to the "
     "emerging human trafficking trends in Cambodia.",
     dt.date(2022, 1, 20), ("LSCW",), "", False),
    ("partnerships", "LSCW trained NGO representatives",
     "LSCW has also trained NGO representatives on victim identification, case management "
     "and referral system.",
     dt.date(2021, 12, 10), ("LSCW",), Event.Type.TRAINING, False),
    ("partnerships", "Example of good practice in cross-agency cooperation",
     GOOD_PRACTICE_TEXT, dt.date(2022, 4, 8), ("NCCT",), Event.Type.TRAINING, True),
]  # fmt: skip

# Illustrative achievements of other countries: synthetic, and they say so.
OTHERS: list[tuple[str, str, str, str, tuple[str, ...]]] = [
    ("LA", "justice", "Prosecutors' workshop on trafficking case handling (synthetic)",
     "Synthetic demo example: the Office of the Supreme People's Prosecutor held a workshop "
     "on handling trafficking cases with victim-sensitive practice.", ("OSPP",)),
    ("PH", "partnerships", "Inter-agency dialogue on online recruitment (synthetic)",
     "Synthetic demo example: IACAT convened government agencies and NGOs to agree joint "
     "responses to deceptive online recruitment.", ("IACAT",)),
    ("TH", "victim-rights-gedsi", "Victim support referral training (synthetic)",
     "Synthetic demo example: the Ministry of Social Development and Human Security trained "
     "shelter staff on referral of trafficking victims with disabilities.", ("MSDHS",)),
    ("VN", "justice", "Investigators trained on financial evidence (synthetic)",
     "Synthetic demo example: the Ministry of Public Security trained investigators on "
     "financial evidence in trafficking cases.", ("MPS",)),
]  # fmt: skip


def _indicators(actor: Any) -> dict[str, Indicator]:
    areas = {a.code: a for a in OutcomeArea.objects.all()}
    result = {}
    for order, (code, area, name, unit, rule, filters) in enumerate(INDICATORS):
        existing = Indicator.objects.filter(code=code).first()
        result[code] = existing or services.indicator_save(
            actor=actor,
            code=code,
            outcome_area=areas[area],
            name=name,
            unit=unit,
            kind=Indicator.Kind.COMPUTED if rule else Indicator.Kind.REPORTED,
            rule=rule,
            order=order,
            **filters,
        )
    return result


def _targets(actor: Any, indicators: dict[str, Indicator]) -> None:
    planned: list[tuple[str | None, str | None, dict[str, int]]] = [
        (code, None, targets) for code, targets in TARGETS.items()
    ]
    planned += [(code, org, targets) for (code, org), targets in PARTNER_TARGETS.items()]
    for code, acronym, targets in planned:
        country = Country.objects.get(code=code) if code else None
        organisation = Organisation.objects.get(acronym=acronym) if acronym else None
        for indicator_code, target in targets.items():
            indicator = indicators[indicator_code]
            if IndicatorTarget.objects.filter(
                indicator=indicator,
                country=country,
                organisation=organisation,
                period_start=FY_START,
                period_end=FY_END,
            ).exists():
                continue
            services.target_set(
                actor=actor,
                indicator=indicator,
                country=country,
                organisation=organisation,
                period_start=FY_START,
                period_end=FY_END,
                target=Decimal(target),
                note=SYNTHETIC_TARGET,
            )


def _reported(actor: Any, indicators: dict[str, Indicator]) -> None:
    cambodia = Country.objects.get(code="KH")
    values = [
        ("PART-3", 2, "The victim identification guidelines (NCCT) and the SOPs of the "
         "police anti-human trafficking units, as the factsheet reports.", False),
        ("GEDSI-3", 3, "Synthetic demo value.", True),
    ]  # fmt: skip
    for code, value, note, synthetic in values:
        if ReportedValue.objects.filter(
            indicator=indicators[code], country=cambodia, period_start=FY_START
        ).exists():
            continue
        services.reported_value_save(
            actor=actor,
            indicator=indicators[code],
            country=cambodia,
            period_start=FY_START,
            period_end=FY_END,
            value=Decimal(value),
            note=note,
            is_synthetic=synthetic,
        )


def _related_events(country: Country, partners: list[Organisation], event_type: str) -> list:
    if not partners or not event_type:
        return []
    return list(
        Event.objects.filter(
            country=country,
            lead_organisation__in=partners,
            event_type=event_type,
            start_date__range=(FY_START, FY_END),
        ).order_by("start_date")[:2]
    )


def _achievement(actor: Any, *, country: Country, title: str, synthetic: bool, **kw: Any) -> None:
    if Achievement.objects.filter(country=country, title=title).exists():
        return
    partners = list(Organisation.objects.filter(acronym__in=kw.pop("partners")))
    events = _related_events(country, partners, kw.pop("event_type", ""))
    achievement = services.achievement_create(
        actor=actor,
        country=country,
        title=title,
        partners=partners,
        related_events=events,
        is_synthetic=synthetic,
        **kw,
    )
    services.achievement_submit(actor=actor, achievement=achievement)
    services.achievement_verify(actor=actor, achievement=achievement)


def _achievements(actor: Any) -> None:
    areas = {a.code: a for a in OutcomeArea.objects.all()}
    cambodia = Country.objects.get(code="KH")
    for area, title, text, date, partners, event_type, good in CAMBODIA:
        _achievement(
            actor,
            country=cambodia,
            title=title,
            synthetic=False,
            text=text,
            date=date,
            outcome_area=areas[area],
            partners=partners,
            event_type=event_type,
            is_good_practice=good,
        )
    for code, area, title, text, partners in OTHERS:
        _achievement(
            actor,
            country=Country.objects.get(code=code),
            title=title,
            synthetic=True,
            text=text,
            date=dt.date(2022, 5, 16),
            outcome_area=areas[area],
            partners=partners,
        )


def load_demo_results(*, actor: Any = None) -> None:
    """Indicators, targets, reported values and verified achievements of the demo.

    Idempotent. Run after the demo events are loaded, so achievements link to them.
    """
    with transaction.atomic():
        indicators = _indicators(actor)
        _targets(actor, indicators)
        _reported(actor, indicators)
        _achievements(actor)
