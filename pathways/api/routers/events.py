"""Events and their attendance, read through the same scoped querysets as the pages."""

# No `from __future__ import annotations`: django-ninja reads the parameter types of the
# views at import time, and postponed (string) annotations break its query models.

from django.db import transaction
from django.db.models import QuerySet
from django.http import Http404, HttpRequest
from ninja import Query, Router, Status
from ninja.pagination import paginate

from pathways.accounts.access import scope_for
from pathways.activities import services
from pathways.activities.models import Attendance, Event
from pathways.api import writes
from pathways.api.filters import EventFilters, filter_events
from pathways.api.pagination import LimitOffset, page
from pathways.api.schemas import AttendancePage, EventDetailOut, EventOut
from pathways.api.writes import EventIn, EventPatch
from pathways.audit.models import AuditEvent
from pathways.results.figures import count_participants

router = Router(tags=["events"])


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
    attendances = Attendance.objects.filter(event=event).select_related("person")
    return page(request, attendances, pagination, lambda a: _attendance(a, with_names))


def _attendance(attendance: Attendance, with_names: bool) -> dict:
    person = attendance.person
    return {
        "id": attendance.pk,
        "role": attendance.role,
        "sex": person.sex,
        "days_attended": attendance.days_attended,
        "person": person if with_names else None,
    }
