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


def test_rows_given_as_values_are_written_with_the_defaults_a_new_instance_would_have():
    from pathways.lib.bulk import insert_rows

    kh = Country.objects.get(code="KH")
    rows = [
        {"full_name": "Synthetic Row One", "country_id": kh.pk, "birth_year": 1991},
        {"full_name": "Synthetic Row Two", "country_id": kh.pk, "sex": Sex.MAN, "phone": "+1"},
    ]
    with transaction.atomic():
        ids = insert_rows(Person, rows)
    one, two = (Person.objects.get(pk=pk) for pk in ids)
    fresh = Person()
    assert (one.full_name, one.birth_year, one.sex) == ("Synthetic Row One", 1991, fresh.sex)
    assert (two.full_name, two.sex, two.phone) == ("Synthetic Row Two", Sex.MAN, "+1")
    assert one.wg_seeing == fresh.wg_seeing and one.version == fresh.version
    assert one.created_at is not None and one.created_at == two.created_at  # one stamp


def test_a_callable_default_is_called_for_each_row():
    from pathways.activities.models import DuplicateCandidate
    from pathways.activities.tests.dedup_helpers import make_person
    from pathways.lib.bulk import insert_rows

    people = [make_person(f"Synthetic Pair {i}") for i in range(4)]
    rows = [
        {"person_a_id": people[0].pk, "person_b_id": people[1].pk, "score": 0.7},
        {"person_a_id": people[2].pk, "person_b_id": people[3].pk, "score": 0.8},
    ]
    with transaction.atomic():
        ids = insert_rows(DuplicateCandidate, rows)
    first, second = (DuplicateCandidate.objects.get(pk=pk) for pk in ids)
    assert first.reasons == second.reasons == DuplicateCandidate().reasons
    assert first.status == DuplicateCandidate().status


def test_a_row_with_a_field_the_model_lacks_is_refused_and_nothing_is_written():
    from pathways.lib.bulk import insert_rows

    kh = Country.objects.get(code="KH")
    before = Person.objects.count()
    rows = [{"full_name": "Synthetic Ok", "country_id": kh.pk}]
    rows.append({"full_name": "Synthetic Bad", "country_id": kh.pk, "nickname": "x"})
    refused = pytest.raises(ValueError, match=r"row 2: Person has no field \['nickname'\]")
    with refused, transaction.atomic():
        insert_rows(Person, rows)
    assert Person.objects.count() == before


@pytest.mark.django_db(transaction=True)
def test_insert_rows_runs_only_inside_a_transaction():
    from pathways.lib.bulk import insert_rows

    before = Person.objects.count()
    with pytest.raises(RuntimeError, match=r"inside transaction\.atomic"):
        insert_rows(Person, [{"full_name": "Synthetic", "country_id": 1}])
    assert Person.objects.count() == before
