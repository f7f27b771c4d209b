"""The review queue's groups: the pending pairs joined into one group per probable person.

A reviewer decides about a person, not about each two of their records: three records of one
person make three pairs but one group. Pairs never cross countries, so neither do groups.
"""

from __future__ import annotations

from collections import defaultdict
from dataclasses import dataclass, field
from typing import Any

from pathways.activities.models import Attendance, DuplicateCandidate, Event, Person


@dataclass
class Record:
    person: Person
    attendances: int


@dataclass
class Group:
    pairs: list[DuplicateCandidate]
    records: list[Record] = field(default_factory=list)
    keep: Person | None = None
    # (first, second, event title) for two records at the same event: a strong sign they
    # are two people, since one person is not listed twice at one event.
    same_events: list[tuple[Person, Person, str]] = field(default_factory=list)

    @property
    def score(self) -> float:
        return max(pair.score for pair in self.pairs)


def _find(parent: dict[int, int], pk: int) -> int:
    while parent[pk] != pk:
        parent[pk] = parent[parent[pk]]
        pk = parent[pk]
    return pk


def group_pairs(pairs: list[DuplicateCandidate]) -> list[Group]:
    """Connected components of the pairs (union-find), strongest group first."""
    parent: dict[int, int] = {}
    for pair in pairs:
        for pk in (pair.person_a_id, pair.person_b_id):
            parent.setdefault(pk, pk)
        root_a, root_b = _find(parent, pair.person_a_id), _find(parent, pair.person_b_id)
        if root_a != root_b:
            parent[max(root_a, root_b)] = min(root_a, root_b)
    groups: dict[int, Group] = {}
    for pair in pairs:
        groups.setdefault(_find(parent, pair.person_a_id), Group(pairs=[])).pairs.append(pair)
    return sorted(groups.values(), key=lambda g: (-g.score, min(p.pk for p in g.pairs)))


def count_groups(pairs: list[tuple[int, int]]) -> int:
    """The number of groups the (person_a_id, person_b_id) pairs make, without loading them."""
    parent: dict[int, int] = {}
    groups = 0
    for a, b in pairs:
        for pk in (a, b):
            if pk not in parent:
                parent[pk] = pk
                groups += 1
        root_a, root_b = _find(parent, a), _find(parent, b)
        if root_a != root_b:
            parent[max(root_a, root_b)] = min(root_a, root_b)
            groups -= 1
    return groups


def fill_records(user: Any, groups: list[Group]) -> None:
    """Each group's records with the events they attended, and the record to keep suggested:
    the one with most attendances (its history is the one people know), then the oldest."""
    people: dict[int, Person] = {}
    for group in groups:
        for pair in group.pairs:
            people[pair.person_a_id] = pair.person_a
            people[pair.person_b_id] = pair.person_b
    attended = Attendance.objects.filter(
        person_id__in=people, event__in=Event.objects.visible_to(user)
    ).values_list("person_id", "event_id", "event__title")
    counts: dict[int, int] = defaultdict(int)
    at_event: dict[int, list[int]] = defaultdict(list)
    titles: dict[int, str] = {}
    for person_id, event_id, title in attended:
        counts[person_id] += 1
        at_event[event_id].append(person_id)
        titles[event_id] = title
    for group in groups:
        pks = sorted({pk for pair in group.pairs for pk in (pair.person_a_id, pair.person_b_id)})
        group.records = [Record(people[pk], counts.get(pk, 0)) for pk in pks]
        best = min(group.records, key=lambda r: (-r.attendances, r.person.created_at, r.person.pk))
        group.keep = best.person
        members = set(pks)
        for event_id, attendees in sorted(at_event.items(), key=lambda item: titles[item[0]]):
            here = sorted({pk for pk in attendees if pk in members})
            group.same_events += [
                (people[one], people[other], titles[event_id])
                for i, one in enumerate(here)
                for other in here[i + 1 :]
            ]
