"""Plain helpers that build events, persons and attendance for tests (synthetic data)."""

from __future__ import annotations

import datetime as dt
import itertools
from typing import Any

from pathways.activities.dedup import matching
from pathways.activities.models import Attendance, Event, Person, Sex
from pathways.programs.models import Country, Organisation

_counter = itertools.count(1)


def country(code: str = "KH") -> Country:
    return Country.objects.get(code=code)


def organisation(acronym: str) -> Organisation:
    return Organisation.objects.get(acronym=acronym)


def make_event(
    *,
    country_code: str = "KH",
    title: str | None = None,
    start_date: dt.date = dt.date(2021, 9, 1),
    end_date: dt.date | None = None,
    event_type: str = Event.Type.WORKSHOP,
    lead: str | Organisation | None = None,
    co_organisers: tuple[str | Organisation, ...] = (),
    **fields: Any,
) -> Event:
    """An event saved directly (no audit): for arranging tests, not for testing services."""
    orgs = [organisation(o) if isinstance(o, str) else o for o in co_organisers]
    lead_org = organisation(lead) if isinstance(lead, str) else lead
    event = Event.objects.create(
        title=title or f"Synthetic event {next(_counter)}",
        event_type=event_type,
        start_date=start_date,
        end_date=end_date or start_date,
        country=country(country_code),
        lead_organisation=lead_org,
        is_synthetic=True,
        **fields,
    )
    event.co_organisers.set(orgs)
    return event


def make_person(
    *,
    country_code: str = "KH",
    full_name: str | None = None,
    sex: str = Sex.WOMAN,
    **fields: Any,
) -> Person:
    name = full_name or f"Synthetic Person {next(_counter)}"
    return Person.objects.create(
        full_name=name,
        name_key=matching.name_key(name),
        sex=sex,
        country=country(country_code),
        is_synthetic=True,
        **fields,
    )


def make_attendance(
    *,
    event: Event,
    person: Person | None = None,
    role: str = Attendance.Role.PARTICIPANT,
    **fields: Any,
) -> Attendance:
    person = person or make_person(country_code=event.country.code)
    return Attendance.objects.create(event=event, person=person, role=role, **fields)
