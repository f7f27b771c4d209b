"""Plain helpers that build persons, events and attendance for the de-duplication tests."""

from __future__ import annotations

import datetime as dt
from typing import Any

from pathways.activities.dedup.matching import assign_keys
from pathways.activities.models import Attendance, Event, Person
from pathways.programs.models import Country, Organisation


def country(code: str = "KH") -> Country:
    return Country.objects.get(code=code)


def organisation(code: str = "KH") -> Organisation:
    return Organisation.objects.filter(country__code=code).order_by("pk").first()


def make_person(full_name: str, *, code: str = "KH", **fields: Any) -> Person:
    person = Person(full_name=full_name, country=country(code), **fields)
    assign_keys(person)
    person.full_clean()
    person.save()
    return person


def make_event(
    *,
    code: str = "KH",
    event_type: str = Event.Type.TRAINING,
    start: dt.date | None = None,
    title: str = "Synthetic training on victim identification",
) -> Event:
    start = start or dt.date(2021, 9, 1)
    return Event.objects.create(
        title=title,
        event_type=event_type,
        start_date=start,
        end_date=start,
        country=country(code),
        is_synthetic=True,
    )


def attend(person: Person, event: Event, role: str = Attendance.Role.PARTICIPANT, **fields: Any):
    return Attendance.objects.create(person=person, event=event, role=role, **fields)
