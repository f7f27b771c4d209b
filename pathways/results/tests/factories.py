"""Plain helpers that build events, persons, attendance and evidence for the results tests."""

from __future__ import annotations

import datetime as dt
import io
from itertools import count

from pathways.activities.models import Attendance, Event, Person, Sex
from pathways.programs.models import Country, Organisation, OutcomeArea, Pathway

FY_START = dt.date(2021, 7, 1)
FY_END = dt.date(2022, 6, 30)

_n = count(1)


def country(code: str) -> Country:
    return Country.objects.get(code=code)


def org(acronym: str) -> Organisation:
    return Organisation.objects.get(acronym=acronym)


def make_event(
    *,
    code: str = "KH",
    event_type: str = Event.Type.WORKSHOP,
    start: dt.date = dt.date(2021, 9, 1),
    end: dt.date | None = None,
    title: str | None = None,
    pathway: str | None = "national",
    outcome_areas: tuple[str, ...] = (),
    lead: str | None = None,
    co_organisers: tuple[str, ...] = (),
) -> Event:
    event = Event.objects.create(
        title=title or f"Synthetic event {next(_n)}",
        event_type=event_type,
        start_date=start,
        end_date=end or start,
        country=country(code),
        pathway=Pathway.objects.get(code=pathway) if pathway else None,
        lead_organisation=org(lead) if lead else None,
        is_synthetic=True,
    )
    event.outcome_areas.set(OutcomeArea.objects.filter(code__in=outcome_areas))
    event.co_organisers.set(Organisation.objects.filter(acronym__in=co_organisers))
    return event


def make_training(**kwargs) -> Event:
    return make_event(event_type=Event.Type.TRAINING, **kwargs)


def make_person(
    *,
    code: str = "KH",
    name: str | None = None,
    sex: str = Sex.WOMAN,
    position: str = "",
    birth_year: int | None = None,
    birth_date: dt.date | None = None,
    organisation: str | None = None,
    **wg: str,
) -> Person:
    name = name or f"Synthetic Person {next(_n)}"
    return Person.objects.create(
        full_name=name,
        name_key=name.lower(),
        sex=sex,
        position=position,
        birth_year=birth_date.year if birth_date else birth_year,
        birth_date=birth_date,
        organisation=org(organisation) if organisation else None,
        country=country(code),
        is_synthetic=True,
        **{f"wg_{k}": v for k, v in wg.items()},
    )


def attend(
    event: Event,
    person: Person,
    role: str = Attendance.Role.PARTICIPANT,
    *,
    age: int | None = None,
    age_band: str | None = None,
) -> Attendance:
    return Attendance.objects.create(
        event=event, person=person, role=role, age=age, age_band=age_band
    )


def varied_records(
    *, workshop_start: dt.date = dt.date(2021, 12, 1), third_sex: str = Sex.MAN
) -> None:
    """A little of everything, including every kind of missing value: two trainings (one in
    Lao PDR without a pathway), a workshop, three persons attending in overlapping sets."""
    t1 = make_training(outcome_areas=("justice", "partnerships"), lead="MoJ")
    t2 = make_training(code="LA", start=dt.date(2022, 2, 1), pathway=None)
    w = make_event(start=workshop_start, outcome_areas=("victim-rights-gedsi",))
    a = make_person(sex=Sex.WOMAN, position="police", organisation="CNP", walking="cannot")
    b = make_person(sex=Sex.NOT_RECORDED, birth_year=1990, seeing="some")
    c = make_person(sex=third_sex, position="judge", organisation="LSCW")
    for event, people in ((t1, (a, b, c)), (t2, (a, c)), (w, (b, c))):
        for person in people:
            attend(event, person)


def bulk_people(n: int, *, sex: str, code: str = "KH", position: str = "", prefix: str = "P"):
    where = country(code)
    people = [
        Person(
            full_name=f"{prefix} {sex} {i}",
            name_key=f"{prefix} {sex} {i}".lower(),
            sex=sex,
            position=position,
            country=where,
            is_synthetic=True,
        )
        for i in range(n)
    ]
    return Person.objects.bulk_create(people)


def spread(events: list[Event], people: list[Person]) -> None:
    """Each person attends one of the events, round robin, as a participant."""
    Attendance.objects.bulk_create(
        Attendance(event=events[i % len(events)], person=p) for i, p in enumerate(people)
    )


def make_cambodia_like() -> dict[str, int]:
    """Cambodia 2021–22 as the factsheet reports it: 35 events, 1,038 participants (363
    women, 675 men), 10 capacity development events, 328 people trained (112 women, 216
    men). Plus records that must not count: a facilitator, an event just before the year."""
    quarters = [
        dt.date(2021, 8, 10),
        dt.date(2021, 11, 3),
        dt.date(2022, 2, 14),
        dt.date(2022, 5, 20),
    ]
    trainings = [
        make_training(start=quarters[i % 4], lead="MoJ" if i < 2 else "MoSVY", pathway="national")
        for i in range(10)
    ]
    others = [
        make_event(start=quarters[i % 4], pathway="policy" if i % 3 else "regional")
        for i in range(25)
    ]
    spread(trainings, bulk_people(112, sex=Sex.WOMAN, position="prosecutor", prefix="T"))
    spread(trainings, bulk_people(216, sex=Sex.MAN, position="police", prefix="T"))
    spread(others, bulk_people(251, sex=Sex.WOMAN, position="ngo_staff", prefix="O"))
    spread(others, bulk_people(459, sex=Sex.MAN, position="government", prefix="O"))
    attend(trainings[0], make_person(name="Facilitator Only"), Attendance.Role.FACILITATOR)
    before = make_training(start=dt.date(2021, 6, 30), end=dt.date(2021, 7, 2))
    attend(before, make_person(name="Trained Before The Year"))
    return {"events": 35, "participants": 1038, "cd_events": 10, "people_trained": 328}


# --- Achievements with evidence ---------------------------------------------------------------

PDF = b"%PDF-1.4\n1 0 obj<<>>endobj\ntrailer<<>>\n%%EOF\n"
SHEET = "signin-sheet-with-names.pdf"
REPORT = "workshop-report.pdf"


def make_draft_achievement(*, code: str = "KH", partners: tuple[str, ...] = (), **kw):
    from pathways.results import services

    return services.achievement_create(
        actor=None,
        country=country(code),
        title=kw.pop("title", "Police SOPs revised"),
        text="Two workshops reviewed and revised the SOPs.",
        date=kw.pop("date", dt.date(2022, 5, 27)),
        outcome_area=OutcomeArea.objects.get(code="justice"),
        partners=[org(a) for a in partners],
        **kw,
    )


def attach(achievement, name: str, *, public: bool = False):
    """A checked PDF attached to a draft; made public by the system if asked."""
    from pathways.results import services

    evidence = services.evidence_add(
        actor=None, upload=io.BytesIO(PDF), filename=name, achievement=achievement
    )
    if public:
        services.evidence_set_public(actor=None, evidence=evidence, public=True)
    return evidence


def verify(achievement) -> None:
    from pathways.results import services

    services.achievement_submit(actor=None, achievement=achievement)
    services.achievement_verify(actor=None, achievement=achievement)


def verified_with_sheet_and_report(**kw) -> dict:
    """A verified achievement (Cambodia, no partner named unless given) with a staff-only
    sign-in sheet and a public report: {"sheet": ..., "report": ...}."""
    achievement = make_draft_achievement(**kw)
    found = {
        "sheet": attach(achievement, SHEET),
        "report": attach(achievement, REPORT, public=True),
    }
    verify(achievement)
    return found
