"""bulk_insert: rows written with the keys it sets, defaults applied, keys never reused."""

from __future__ import annotations

import pytest
from django.db import transaction

from pathways.activities.models import Person, Sex
from pathways.lib.bulk import bulk_insert
from pathways.programs.models import Country

pytestmark = pytest.mark.django_db


def _persons(n: int, start: int = 0) -> list[Person]:
    kh = Country.objects.get(code="KH")
    return [
        Person(full_name=f"Synthetic Person {start + i}", country=kh, sex=Sex.WOMAN)
        for i in range(n)
    ]


def test_rows_are_written_under_the_keys_set_on_the_instances():
    with transaction.atomic():
        made = bulk_insert(_persons(3))
    stored = {p.pk: p for p in Person.objects.filter(pk__in=[p.pk for p in made])}
    assert [stored[p.pk].full_name for p in made] == [p.full_name for p in made]
    assert all(stored[p.pk].created_at is not None for p in made)  # auto_now_add applied
    assert all(not p._state.adding for p in made)


def test_keys_follow_every_key_given_before_even_when_that_row_is_gone():
    with transaction.atomic():
        first = bulk_insert(_persons(2))
    Person.objects.filter(pk=first[-1].pk).delete()
    with transaction.atomic():
        second = bulk_insert(_persons(1, start=10))
    assert second[0].pk > first[-1].pk
    later = Person.objects.create(full_name="Synthetic Person 99", country=first[0].country)
    assert later.pk > second[0].pk  # the database's own numbering goes on after them


def test_related_instances_decimals_and_values_of_another_type_are_stored_as_saved():
    from decimal import Decimal

    from pathways.activities.models import Attendance
    from pathways.activities.tests.factories import make_event

    event = make_event(title="Synthetic bulk event")
    people = _persons(2, start=20)
    people[0].birth_year = "1990"  # as a form might leave it: Django's conversion applies
    people[1].full_name = 123
    with transaction.atomic():
        bulk_insert(people)
        made = bulk_insert(
            [
                Attendance(event=event, person=people[0], days_attended=Decimal("2.5")),
                Attendance(event=event, person_id=people[1].pk, role=Attendance.Role.SPEAKER),
            ]
        )
    first, second = Attendance.objects.order_by("pk").filter(pk__in=[a.pk for a in made])
    assert (first.person_id, first.event_id, first.days_attended) == (
        people[0].pk,
        event.pk,
        Decimal("2.5"),
    )
    assert (second.person.full_name, second.role) == ("123", Attendance.Role.SPEAKER)
    assert Person.objects.get(pk=people[0].pk).birth_year == 1990


def test_more_rows_than_one_chunk_are_all_written():
    from pathways.lib.bulk import CHUNK

    n = CHUNK + 7  # the rows go in chunks: the last, short one too
    with transaction.atomic():
        made = bulk_insert(_persons(n))
    names = dict(Person.objects.filter(pk__in=[p.pk for p in made]).values_list("pk", "full_name"))
    assert [names[p.pk] for p in made] == [f"Synthetic Person {i}" for i in range(n)]
