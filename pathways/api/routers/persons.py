"""Persons: only for users whose role includes participants' personal data."""

# No `from __future__ import annotations`: django-ninja reads the parameter types of the
# views at import time, and postponed (string) annotations break its query models.

import datetime as dt

from django.db.models import Q, QuerySet
from django.http import Http404, HttpRequest
from ninja import Router, Schema
from ninja.pagination import paginate

from pathways.accounts.access import require, scope_for
from pathways.activities.models import Attendance, Event, Person
from pathways.api.pagination import LimitOffset
from pathways.api.schemas import OrganisationRef, PersonRef

router = Router(tags=["persons"])


class PersonOut(PersonRef):
    sex: str
    birth_year: int | None
    birth_date: dt.date | None
    # The band last written on the person's form; figures count the age at each event.
    age_band: str
    has_disability: bool | None
    organisation: OrganisationRef | None
    position: str
    phone: str
    email: str
    # As compared when imports recognise a person (no spaces, dashes, dots or slashes).
    id_number: str
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


NO_PERSONAL_DATA = "Your role does not include participants' personal data."


def visible_persons(request: HttpRequest) -> QuerySet[Person]:
    """403 for roles without personal data (donor, viewers); else the persons in scope."""
    scope = scope_for(request.user)
    require(
        scope.is_admin
        or bool(scope.personal_data_country_ids or scope.personal_data_organisation_ids),
        NO_PERSONAL_DATA,
    )
    return Person.objects.visible_to(request.user).select_related("country", "organisation")


@router.get("/persons/", response=list[PersonOut], url_name="person_list")
@paginate(LimitOffset)
def person_list(request: HttpRequest, country: str | None = None, search: str | None = None):
    """Persons whose personal data you may see; `search` matches the name as written or in
    Latin letters."""
    persons = visible_persons(request)
    if country:
        persons = persons.filter(country__code__iexact=country)
    if search:
        persons = persons.filter(Q(full_name__icontains=search) | Q(latin_name__icontains=search))
    return persons


@router.get("/persons/{person_id}/", response=PersonDetailOut, url_name="person_detail")
def person_detail(request: HttpRequest, person_id: int):
    person = visible_persons(request).filter(pk=person_id).first()
    if person is None:
        raise Http404(f"No person with id {person_id} whose personal data you may see.")
    events = Event.objects.visible_to(request.user)
    person.attendances_list = list(
        Attendance.objects.filter(person=person, event__in=events).select_related("event")
    )
    return person
