"""What the API returns. Field names follow the models; related objects by code or a small
reference, so a client needs no second request to read a record."""

from __future__ import annotations

import datetime as dt
from typing import Annotated, Any

from ninja import Schema
from pydantic import BeforeValidator

from pathways.activities.models import Attendance, Event, Person
from pathways.lib.text import clean_text


def _plain(*, multiline: bool):
    def clean(value: Any) -> Any:
        return clean_text(value, multiline=multiline) if isinstance(value, str) else value

    return BeforeValidator(clean)


# Text a client sends, without control characters or bidirectional overrides (as the
# forms store it), before its length is checked: a line, and free text keeping tabs and
# line breaks.
PlainLine = Annotated[str, _plain(multiline=False)]
PlainText = Annotated[str, _plain(multiline=True)]


class CountryOut(Schema):
    code: str
    name: str
    program_status: str
    focal_point: str


class OrganisationRef(Schema):
    id: int
    name: str
    acronym: str


class OrganisationOut(OrganisationRef):
    type: str
    country: str | None
    is_key_partner: bool
    iati_identifier: str

    @staticmethod
    def resolve_country(obj) -> str | None:
        return obj.country.code if obj.country_id else None


class EventOut(Schema):
    id: int
    title: str
    event_type: str
    start_date: dt.date
    end_date: dt.date
    country: str
    province: str | None
    pathway: str | None
    outcome_areas: list[str]
    lead_organisation: OrganisationRef | None
    co_organisers: list[OrganisationRef]
    topics: list[str]
    modality: str
    description: str
    is_synthetic: bool
    version: int

    @staticmethod
    def resolve_country(obj: Event) -> str:
        return obj.country.code

    @staticmethod
    def resolve_province(obj: Event) -> str | None:
        return obj.province.name if obj.province_id else None

    @staticmethod
    def resolve_pathway(obj: Event) -> str | None:
        return obj.pathway.code if obj.pathway_id else None

    @staticmethod
    def resolve_outcome_areas(obj: Event) -> list[str]:
        return [area.code for area in obj.outcome_areas.all()]

    @staticmethod
    def resolve_co_organisers(obj: Event) -> list:
        return list(obj.co_organisers.all())

    @staticmethod
    def resolve_topics(obj: Event) -> list[str]:
        return [topic.name for topic in obj.topics.all()]


class SexBreakdownOut(Schema):
    total: int
    women: int
    men: int
    other: int
    not_recorded: int
    pct_women: int
    pct_men: int
    pct_other: int
    pct_not_recorded: int


class EventDetailOut(EventOut):
    participants: SexBreakdownOut


class PersonRef(Schema):
    id: int
    full_name: str
    latin_name: str


class PersonOut(PersonRef):
    sex: str
    birth_year: int | None
    age_band: str
    has_disability: bool | None
    organisation: OrganisationRef | None
    position: str
    phone: str
    email: str
    country: str

    @staticmethod
    def resolve_country(obj: Person) -> str:
        return obj.country.code


class PersonAttendanceOut(Schema):
    event_id: int
    event_title: str
    start_date: dt.date
    role: str

    @staticmethod
    def resolve_event_title(obj: Attendance) -> str:
        return obj.event.title

    @staticmethod
    def resolve_start_date(obj: Attendance) -> dt.date:
        return obj.event.start_date


class PersonDetailOut(PersonOut):
    """A person with their attendance at events in your scope."""

    attendances: list[PersonAttendanceOut]

    @staticmethod
    def resolve_attendances(obj: Person) -> list[Attendance]:
        return obj.attendances_list


class AttendanceOut(Schema):
    """One attendance. `person` is null for users not allowed the event's personal data."""

    id: int
    role: str
    sex: str
    days_attended: float | None
    person: PersonRef | None


class AttendancePage(Schema):
    count: int
    next: str | None
    previous: str | None
    results: list[AttendanceOut]


class PeriodOut(Schema):
    start: dt.date
    end: dt.date


class FiguresScopeOut(Schema):
    country: str | None
    organisation: int | None


class FiguresOut(Schema):
    scope: FiguresScopeOut
    period: PeriodOut
    events: int
    participants: SexBreakdownOut
    capacity_development_events: int
    people_trained: SexBreakdownOut


class FactsheetPartnerOut(Schema):
    name: str
    acronym: str
    type: str


class FactsheetAchievementOut(Schema):
    title: str
    outcome_area: str
    text: str


class FactsheetOut(Schema):
    """The factsheet JSON of the reports pages, for a country or (`country` null) the region."""

    country: str | None
    start: dt.date
    end: dt.date
    events: int
    participants: SexBreakdownOut
    capacity_development_events: int
    people_trained: SexBreakdownOut
    partners: list[FactsheetPartnerOut]
    focal_point: str
    achievements: list[FactsheetAchievementOut]
    partial: bool
