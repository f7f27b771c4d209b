"""Reading events, persons and attendance for a user: 404 out of scope, 403 read-only."""

from __future__ import annotations

from typing import Any

from django.http import Http404

from pathways.accounts.access import require, scope_for
from pathways.activities.models import Attendance, Event, Person
from pathways.activities.services import can_create_events, can_edit_person


def get_event_for_user(user: Any, pk: int) -> Event:
    event = (
        Event.objects.visible_to(user)
        .select_related("country", "province", "pathway", "lead_organisation", "reported_by")
        .filter(pk=pk)
        .first()
    )
    if event is None:
        raise Http404("No such event in your scope.")
    return event


def get_event_for_edit(user: Any, pk: int) -> Event:
    event = get_event_for_user(user, pk)
    require(scope_for(user).can_edit_event(event))
    return event


def require_event_create(user: Any) -> None:
    require(can_create_events(user))


def get_event_for_personal_data(user: Any, pk: int) -> Event:
    """The event, when the user may see who attended it (403 when only its counts)."""
    event = get_event_for_user(user, pk)
    require(scope_for(user).can_see_personal_data_of_event(event))
    return event


def get_event_for_attendance_edit(user: Any, pk: int) -> Event:
    event = get_event_for_personal_data(user, pk)
    require(scope_for(user).can_edit_event(event))
    return event


def get_attendance_for_edit(user: Any, event_pk: int, pk: int) -> Attendance:
    event = get_event_for_attendance_edit(user, event_pk)
    attendance = event.attendances.select_related("person", "person__organisation").filter(pk=pk)
    found = attendance.first()
    if found is None:
        raise Http404("No such attendance at this event.")
    found.event = event
    return found


def get_person_for_user(user: Any, pk: int) -> Person:
    person = (
        Person.objects.visible_to(user)
        .select_related("country", "organisation")
        .filter(pk=pk)
        .first()
    )
    if person is None:
        raise Http404("No such person in your scope.")
    return person


def get_person_for_edit(user: Any, pk: int) -> Person:
    person = get_person_for_user(user, pk)
    require(can_edit_person(user, person))
    return person
