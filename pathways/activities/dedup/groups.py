"""The review queue's groups: the pending pairs joined into one group per probable person.

A reviewer decides about a person, not about each two of their records: three records of one
person make three pairs but one group. Pairs never cross countries, so neither do groups.

The queue groups the pending pairs from their ids alone (`group_ids`), orders and pages the
groups, and loads pairs, persons and attendances only for the page's groups (`load_groups`,
`fill_records`): a page costs the same few queries however long the queue is.

A group is **sure** (`is_sure_group`) when every pair in it is past the sure score and
shares a phone, email or identity number (`is_sure_pair`), none is a pair an import left
for a data officer because the importer may not see the person on record (`OUTSIDE_SCOPE`),
and no two of its records attended the same event. That is looser than linking without
asking (`Pair.is_sure` also needs the names to agree across scripts): a sure group is one a
data officer may accept in bulk, by choice, after a glance — "Touch Sokha" and "Touch
Sokhan" with one phone — never one merged without a person deciding.
"""

from __future__ import annotations

from collections import defaultdict
from collections.abc import Iterable
from dataclasses import dataclass, field
from typing import Any

from django.db.models import QuerySet

from pathways.activities.dedup.scoring import OUTSIDE_SCOPE, SHARED_CONTACT, SURE_SCORE
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

    @property
    def pair_ids(self) -> list[int]:
        return sorted(pair.pk for pair in self.pairs)

    @property
    def is_sure(self) -> bool:
        return is_sure_group(self)

    @property
    def token(self) -> str:
        """The group as a page showed it, for a form: "<record to keep>:<pair>,<pair>"."""
        keep = self.keep.pk if self.keep is not None else ""
        return f"{keep}:{','.join(str(pk) for pk in self.pair_ids)}"


@dataclass(frozen=True)
class GroupIds:
    """A group known by its pairs' ids only, before anything else is loaded."""

    pair_ids: tuple[int, ...]
    score: float


def is_sure_pair(pair: DuplicateCandidate) -> bool:
    """Past the sure score (nothing both records hold differs) with a shared phone, email
    or identity number, read from the score and reasons stored with the pair."""
    if OUTSIDE_SCOPE in pair.reasons:
        return False
    return pair.score >= SURE_SCORE and bool(SHARED_CONTACT.intersection(pair.reasons))


def is_sure_group(group: Group) -> bool:
    """Every pair sure by the finder's rule and no two records at one event (after
    `fill_records`): such a group may be merged into its suggested record without a look."""
    return all(is_sure_pair(pair) for pair in group.pairs) and not group.same_events


def _find(parent: dict[int, int], pk: int) -> int:
    while parent[pk] != pk:
        parent[pk] = parent[parent[pk]]
        pk = parent[pk]
    return pk


def group_ids(rows: Iterable[tuple[int, int, int, float]]) -> list[GroupIds]:
    """Connected components (union-find) of the (pk, person_a_id, person_b_id, score) rows,
    strongest group first, then the one with the oldest pair."""
    rows = list(rows)
    parent: dict[int, int] = {}
    for _, a, b, _ in rows:
        for pk in (a, b):
            parent.setdefault(pk, pk)
        root_a, root_b = _find(parent, a), _find(parent, b)
        if root_a != root_b:
            parent[max(root_a, root_b)] = min(root_a, root_b)
    members: dict[int, list[tuple[int, float]]] = defaultdict(list)
    for pk, a, _, score in rows:
        members[_find(parent, a)].append((pk, score))
    groups = [
        GroupIds(tuple(sorted(pk for pk, _ in pairs)), max(score for _, score in pairs))
        for pairs in members.values()
    ]
    return sorted(groups, key=lambda g: (-g.score, g.pair_ids[0]))


def group_pairs(pairs: list[DuplicateCandidate]) -> list[Group]:
    """Connected components of the pairs, strongest group first."""
    by_pk = {pair.pk: pair for pair in pairs}
    rows = [(p.pk, p.person_a_id, p.person_b_id, p.score) for p in pairs]
    return [Group(pairs=[by_pk[pk] for pk in g.pair_ids]) for g in group_ids(rows)]


def load_groups(candidates: QuerySet[DuplicateCandidate], groups: list[GroupIds]) -> list[Group]:
    """The groups with their pairs loaded from `candidates`, in one query."""
    wanted = [pk for group in groups for pk in group.pair_ids]
    by_pk = {pair.pk: pair for pair in candidates.filter(pk__in=wanted)}
    loaded = [Group(pairs=[by_pk[pk] for pk in g.pair_ids if pk in by_pk]) for g in groups]
    return [group for group in loaded if group.pairs]


def groups_waiting(pending: QuerySet[DuplicateCandidate]) -> int:
    """The groups a queue of pending pairs makes (a user's queue, or one country's of it), as
    the queue's heading counts them: one query reads the pairs' two ids."""
    return count_groups(list(pending.order_by().values_list("person_a_id", "person_b_id")))


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
