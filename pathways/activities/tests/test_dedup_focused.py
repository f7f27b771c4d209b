"""Candidates for newly imported persons come from the stored blocks, not the whole country,
and are exactly those the full finder finds for them."""

from __future__ import annotations

import pytest

from bench.dedup_data import generate
from pathways.activities import services
from pathways.activities.dedup import finder
from pathways.activities.dedup.blocks import BLOCK_LIMIT
from pathways.activities.dedup.finder import find_candidates, queue_candidates, run_duplicate_finder
from pathways.activities.dedup.matching import assign_keys
from pathways.activities.dedup.merging import person_merge, person_unmerge
from pathways.activities.dedup.records import person_records
from pathways.activities.models import DuplicateCandidate, Person, PersonBlock
from pathways.programs.models import Organisation

from .dedup_helpers import country, make_person


@pytest.fixture(autouse=True)
def _from_stored_blocks(monkeypatch):
    """These few persons would be compared within their whole country; read the stored
    blocks as for a few new persons among many."""
    monkeypatch.setattr(finder, "_WHOLE_COUNTRY_SHARE", 1)


def _synthetic_country(n: int, seed: int) -> tuple[list[Person], set[tuple[int, int]]]:
    """`n` synthetic persons of Cambodia from the labelled generator, created in the
    generator's order; returns them and the labelled duplicate pairs by database key."""
    records, duplicates = generate(n, seed=seed, countries=1)
    kh = country("KH")
    orgs = list(Organisation.objects.filter(country=kh).order_by("pk").values_list("pk", flat=True))
    persons = []
    for r in sorted(records, key=lambda r: r.pk):
        person = Person(
            country=kh,
            full_name=r.full_name,
            latin_name=r.latin_name,
            sex=r.sex,
            birth_year=r.birth_year,
            organisation_id=orgs[r.organisation_id % len(orgs)] if r.organisation_id else None,
            phone=r.phone,
            email=r.email,
            is_synthetic=True,
        )
        persons.append(assign_keys(person))
    persons = Person.objects.bulk_create(persons)
    pk = {i: p.pk for i, p in enumerate(persons, start=1)}
    return persons, {(pk[a], pk[b]) for a, b in duplicates}


def _full_pairs(focus: set[int]) -> set[tuple[int, int, float, tuple[str, ...]]]:
    everyone = person_records(Person.objects.filter(country=country("KH")).order_by("pk"))
    return {
        (p.a, p.b, p.score, p.reasons)
        for p in find_candidates(everyone)
        if p.a in focus or p.b in focus
    }


def _queued() -> set[tuple[int, int, float, tuple[str, ...]]]:
    return {
        (c.person_a_id, c.person_b_id, c.score, tuple(c.reasons))
        for c in DuplicateCandidate.objects.all()
    }


@pytest.mark.django_db
@pytest.mark.parametrize("many", [False, True], ids=["few", "many"])
def test_queue_for_new_persons_equals_the_full_finders_pairs_for_them(many, monkeypatch):
    # Past a number of new persons they are compared within the whole country instead.
    monkeypatch.setattr(finder, "_WHOLE_COUNTRY_SHARE", 0 if many else 1)
    persons, duplicates = _synthetic_country(1500, seed=11)
    focus = {b for _, b in sorted(duplicates)[::4]}
    expected = _full_pairs(focus)
    queued = queue_candidates(persons=[p for p in persons if p.pk in focus])
    assert queued == len(expected) and _queued() == expected
    # Not vacuous: known duplicates are among them, and blocks too large to compare pair by
    # pair (the sorted window) were involved.
    assert len({(a, b) for a, b, *_ in expected} & duplicates) >= 10
    keys = PersonBlock.objects.filter(person_id__in=focus).values_list("key", flat=True)
    largest = max(PersonBlock.objects.filter(key=k).count() for k in set(keys))
    assert largest > 4 * BLOCK_LIMIT


@pytest.mark.django_db
def test_queue_sees_a_name_changed_by_a_person_edit(kh_officer):
    dara = make_person("Sok Dara", birth_year=1990)
    other = make_person("Chan Vibol", birth_year=1990)
    queue_candidates(persons=[dara, other])
    assert not DuplicateCandidate.objects.exists()
    services.person_update(
        actor=kh_officer, person=other, version=1, values={"full_name": "Dara Sok"}
    )
    new = make_person("Sokdara", birth_year=1990)
    queue_candidates(persons=[new])
    assert {c.person_a_id for c in DuplicateCandidate.objects.all()} >= {dara.pk, other.pk}


@pytest.mark.django_db
def test_merged_person_leaves_no_blocks_and_returns_with_them_when_undone(kh_officer):
    kept = make_person("Sok Dara", phone="+85512345678")
    merged = make_person("សុខ ដារ៉ា", birth_year=1985)
    queue_candidates(persons=[kept, merged])
    merge = person_merge(actor=kh_officer, kept=kept, merged=merged)
    assert not PersonBlock.objects.filter(person_id=merged.pk).exists()
    # The kept person took the merged one's birth year: its word-and-year blocks follow.
    assert PersonBlock.objects.filter(person=kept, year=1985).exists()
    person_unmerge(actor=kh_officer, merge=merge)
    assert PersonBlock.objects.filter(person_id=merged.pk).exists()
    assert not PersonBlock.objects.filter(person=kept, year=1985).exists()
    new = make_person("Dara Sok", birth_year=1985)
    queue_candidates(persons=[new])
    assert {(c.person_a_id, c.person_b_id) for c in DuplicateCandidate.objects.all()} >= {
        (kept.pk, new.pk),
        (merged.pk, new.pk),
    }


@pytest.mark.django_db
def test_full_finder_corrects_blocks_of_a_name_changed_behind_the_services_back():
    dara = make_person("Sok Dara", birth_year=1990)
    renamed = make_person("Chan Vibol", birth_year=1990)
    queue_candidates(persons=[dara, renamed])
    Person.objects.filter(pk=renamed.pk).update(full_name="Dara Sok", match_key="")
    run_duplicate_finder(country_ids=[country("KH").pk], merge_sure=False)
    new = make_person("Sokdara", birth_year=1990)
    queue_candidates(persons=[new])
    paired_with_new = {c.person_a_id for c in DuplicateCandidate.objects.filter(person_b=new)} | {
        c.person_b_id for c in DuplicateCandidate.objects.filter(person_a=new)
    }
    assert paired_with_new == {dara.pk, renamed.pk}


@pytest.mark.django_db
def test_blocks_of_a_person_deleted_behind_djangos_back_are_skipped_then_cleared():
    from django.db import connection

    dara = make_person("Sok Dara", birth_year=1990)
    gone = make_person("Dara Sok", birth_year=1990)
    queue_candidates(persons=[dara, gone])
    DuplicateCandidate.objects.all().delete()
    with connection.cursor() as cursor:  # as a database console would: no cascade
        cursor.execute("DELETE FROM activities_person WHERE id = %s", [gone.pk])
    assert PersonBlock.objects.filter(person_id=gone.pk).exists()
    new = make_person("Sokdara", birth_year=1990)
    queue_candidates(persons=[new])
    paired = {(c.person_a_id, c.person_b_id) for c in DuplicateCandidate.objects.all()}
    assert paired == {(dara.pk, new.pk)}
    run_duplicate_finder(country_ids=[country("KH").pk], merge_sure=False)
    assert not PersonBlock.objects.filter(person_id=gone.pk).exists()
