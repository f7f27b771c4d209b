"""Events and their attendance, read through the same scoped querysets as the pages."""

# No `from __future__ import annotations`: django-ninja reads the parameter types of the
# views at import time, and postponed (string) annotations break its query models.

import datetime as dt

from django.db import transaction
from django.db.models import QuerySet
from django.http import Http404, HttpRequest
from ninja import Field, Query, Router, Schema, Status
from ninja.pagination import paginate

from pathways.accounts.access import scope_for
from pathways.activities import services
from pathways.activities.ages import age_band_at_event
from pathways.activities.models import Attendance, Event
from pathways.api import writes
from pathways.api.filters import EventFilters, filter_events
from pathways.api.pagination import LimitOffset, page
from pathways.api.schemas import (
    OrganisationRef,
    PersonRef,
    PlainLine,
    PlainText,
    SexBreakdownOut,
)
from pathways.audit.models import AuditEvent
from pathways.results.figures import count_participants

router = Router(tags=["events"])


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


class EventDetailOut(EventOut):
    participants: SexBreakdownOut


class AttendanceOut(Schema):
    """One attendance. `person` is null for users not allowed the event's personal data."""

    id: int
    role: str
    sex: str
    age_band: str = Field(
        ..., description="The age band at this event, as the figures count it (not_recorded)."
    )
    days_attended: float | None
    person: PersonRef | None


class AttendancePage(Schema):
    count: int
    next: str | None
    previous: str | None
    results: list[AttendanceOut]


class EventIn(Schema):
    title: PlainLine = Field(..., min_length=1, max_length=300)
    event_type: Event.Type
    start_date: dt.date
    end_date: dt.date
    country: str = Field(..., description="ISO code, e.g. KH.")
    province: int | None = Field(None, description="Province id, in the event's country.")
    pathway: str | None = Field(None, description="Pathway code.")
    outcome_areas: list[str] = Field([], description="Outcome area codes.")
    lead_organisation: int | None = Field(None, description="Organisation id.")
    co_organisers: list[int] = Field([], description="Organisation ids.")
    topics: list[PlainLine] = Field([], description="Topic names; new names create topics.")
    modality: Event.Modality = Event.Modality.IN_PERSON
    description: PlainText = ""


class EventPatch(Schema):
    """Only the fields sent change. `version` is the one you read: if someone saved since,
    the answer is 409 with what they changed."""

    version: int
    title: PlainLine | None = Field(None, min_length=1, max_length=300)
    event_type: Event.Type | None = None
    start_date: dt.date | None = None
    end_date: dt.date | None = None
    country: str | None = None
    province: int | None = None
    pathway: str | None = None
    outcome_areas: list[str] | None = None
    lead_organisation: int | None = None
    co_organisers: list[int] | None = None
    topics: list[PlainLine] | None = None
    modality: Event.Modality | None = None
    description: PlainText | None = None


def visible_events(request: HttpRequest) -> QuerySet[Event]:
    return (
        Event.objects.visible_to(request.user)
        .select_related("country", "province", "pathway", "lead_organisation")
        .prefetch_related("outcome_areas", "co_organisers", "topics")
    )


def get_event(request: HttpRequest, event_id: int) -> Event:
    """An event in the user's scope; 404 otherwise, as on the pages."""
    event = visible_events(request).filter(pk=event_id).first()
    if event is None:
        raise Http404(f"No event with id {event_id} in your scope.")
    return event


@router.get("/events/", response=list[EventOut], url_name="event_list")
@paginate(LimitOffset)
def event_list(request: HttpRequest, filters: Query[EventFilters]):
    """Events in your scope, newest first, with the event list page's filters."""
    return filter_events(visible_events(request), filters, request.user)


def _detail(event: Event) -> Event:
    one = Event.objects.filter(pk=event.pk)
    event.participants = count_participants(
        events=one, start=event.start_date, end=event.start_date
    ).as_dict()
    return event


@router.get("/events/{event_id}/", response=EventDetailOut, url_name="event_detail")
def event_detail(request: HttpRequest, event_id: int):
    return _detail(get_event(request, event_id))


@router.post("/events/", response={201: EventDetailOut}, url_name="event_create")
def event_create(request: HttpRequest, payload: EventIn):
    """Record an event, through the same service as the event form (403 without the role
    in the country)."""
    data = payload.dict()
    # New topic names are created while resolving: inside the transaction, so a refused
    # event leaves none behind.
    with transaction.atomic():
        event = services.event_create(
            actor=request.user,
            values=writes.event_values(data),
            source=AuditEvent.Source.API,
            **writes.event_relations(data),
        )
    return Status(201, _detail(get_event(request, event.pk)))


@router.patch("/events/{event_id}/", response=EventDetailOut, url_name="event_update")
def event_update(request: HttpRequest, event_id: int, payload: EventPatch):
    """Change the fields sent. 409 when `version` is not the current one."""
    event = get_event(request, event_id)
    data = payload.dict(exclude_unset=True)
    version = data.pop("version")
    with transaction.atomic():
        services.event_update(
            actor=request.user,
            event=event,
            version=version,
            values=writes.event_values(data),
            source=AuditEvent.Source.API,
            **writes.event_relations(data),
        )
    return _detail(get_event(request, event_id))


@router.get("/events/{event_id}/attendance/", response=AttendancePage, url_name="attendance_list")
def attendance_list(request: HttpRequest, event_id: int, pagination: Query[LimitOffset.Input]):
    """Who attended, by role and sex; names only for users allowed the event's personal data."""
    event = get_event(request, event_id)
    with_names = scope_for(request.user).can_see_personal_data_of_event(event)
    attendances = (
        Attendance.objects.filter(event=event)
        .select_related("person")
        .annotate(_age_band=age_band_at_event())
    )
    return page(request, attendances, pagination, lambda a: _attendance(a, with_names))


def _attendance(attendance: Attendance, with_names: bool) -> dict:
    person = attendance.person
    return {
        "id": attendance.pk,
        "role": attendance.role,
        "sex": person.sex,
        "age_band": attendance._age_band,
        "days_attended": attendance.days_attended,
        "person": person if with_names else None,
    }
