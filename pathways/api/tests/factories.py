"""Plain helpers that build synthetic records for the API tests."""

from __future__ import annotations

import datetime as dt
from typing import Any

from django.test import Client

from pathways.accounts.models import Membership, Role, User
from pathways.activities.dedup.matching import name_key
from pathways.activities.models import Attendance, Event, Person, Sex
from pathways.api.tokens import api_token_create
from pathways.programs.models import Country, Organisation


def country(code: str) -> Country:
    return Country.objects.get(code=code)


def organisation(acronym: str) -> Organisation:
    return Organisation.objects.get(acronym=acronym)


def make_event(
    *,
    code: str = "KH",
    title: str = "Synthetic workshop",
    event_type: str = Event.Type.WORKSHOP,
    start: dt.date = dt.date(2021, 9, 1),
    lead: str | None = None,
    **fields: Any,
) -> Event:
    return Event.objects.create(
        title=title,
        event_type=event_type,
        start_date=start,
        end_date=start,
        country=country(code),
        lead_organisation=organisation(lead) if lead else None,
        is_synthetic=True,
        **fields,
    )


def make_person(*, name: str, code: str = "KH", sex: str = Sex.WOMAN, **fields: Any) -> Person:
    return Person.objects.create(
        full_name=name,
        name_key=name_key(name),
        sex=sex,
        country=country(code),
        is_synthetic=True,
        **fields,
    )


def attend(event: Event, person: Person, role: str = Attendance.Role.PARTICIPANT) -> Attendance:
    return Attendance.objects.create(event=event, person=person, role=role)


def make_user(username: str, role: str, *, code: str = "", org: str = "") -> User:
    user = User.objects.create_user(username=username)  # unusable password: no hashing
    Membership.objects.create(
        user=user,
        role=role,
        country=country(code) if code else None,
        organisation=organisation(org) if org else None,
    )
    return user


def make_viewer(code: str = "KH") -> User:
    return make_user(f"{code.lower()}_viewer", Role.VIEWER, code=code)


def api_client(user: User) -> Client:
    """A test client that sends a fresh token of `user` with every request (made as if
    from a two-factor sign-in, which a casework user's token needs)."""
    secret = api_token_create(actor=None, user=user, two_factor_verified=True).secret
    return Client(HTTP_AUTHORIZATION=f"Bearer {secret}")
