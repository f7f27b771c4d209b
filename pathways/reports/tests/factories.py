"""Plain helpers that build the records the report tests count."""

from __future__ import annotations

import datetime as dt
import itertools

from pathways.activities.dedup.matching import name_key
from pathways.activities.models import Attendance, Event, Person, Sex
from pathways.programs.models import Country, Organisation

_serial = itertools.count(1)

# The seed factsheet's Cambodia figures for 1 July 2021 - 30 June 2022 (design.md).
SEED_START, SEED_END = dt.date(2021, 7, 1), dt.date(2022, 6, 30)


def make_event(
    *,
    country: str = "KH",
    start: dt.date = dt.date(2021, 9, 1),
    event_type: str = Event.Type.WORKSHOP,
    title: str | None = None,
    lead: str | None = None,
    synthetic: bool = True,
) -> Event:
    return Event.objects.create(
        title=title or f"Synthetic workshop {next(_serial)}",
        event_type=event_type,
        start_date=start,
        end_date=start,
        country=Country.objects.get(code=country),
        lead_organisation=Organisation.objects.get(acronym=lead) if lead else None,
        is_synthetic=synthetic,
    )


def make_people(
    *, country: str, sexes: list[str], prefix: str = "Synthetic person"
) -> list[Person]:
    country_obj = Country.objects.get(code=country)
    people = []
    for sex in sexes:
        name = f"{prefix} {next(_serial):05d}"
        people.append(
            Person(
                full_name=name,
                name_key=name_key(name),
                sex=sex,
                country=country_obj,
                is_synthetic=True,
            )
        )
    return Person.objects.bulk_create(people)


def attend(event: Event, people: list[Person], role: str = Attendance.Role.PARTICIPANT) -> None:
    Attendance.objects.bulk_create([Attendance(event=event, person=p, role=role) for p in people])


def _spread(people: list[Person], events: list[Event]) -> None:
    for index, event in enumerate(events):
        attend(event, people[index :: len(events)])


def make_seed_cambodia() -> None:
    """Records that reproduce the seed: 35 events, 1,038 participants (363 women, 675 men),
    10 capacity development events, 328 people trained (112 women, 216 men)."""
    trainings = [
        make_event(start=SEED_START + dt.timedelta(days=20 * i), event_type=Event.Type.TRAINING)
        for i in range(10)
    ]
    others = [make_event(start=SEED_START + dt.timedelta(days=10 * i + 3)) for i in range(25)]
    trained = make_people(country="KH", sexes=[Sex.WOMAN] * 112 + [Sex.MAN] * 216)
    _spread(trained, trainings)
    rest = make_people(country="KH", sexes=[Sex.WOMAN] * 251 + [Sex.MAN] * 459)
    _spread(rest, others)
    # A facilitator is recorded but not counted; an event outside the period is not counted.
    attend(trainings[0], make_people(country="KH", sexes=[Sex.WOMAN]), Attendance.Role.FACILITATOR)
    attend(
        make_event(start=SEED_END + dt.timedelta(days=1)),
        make_people(country="KH", sexes=[Sex.MAN]),
    )
