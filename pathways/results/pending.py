"""How far a headline figure may fall once the possible duplicates among its records are
reviewed (docs/counting-rules.md, "Possible duplicates waiting for review").

A pending pair merged removes one person at most, so a figure of distinct persons (people
trained) falls by at most the number of pending pairs whose two persons are both among its
records; a pair with one person outside them moves attendances, not the count. A figure of
attendances (participants) falls only where the two persons of a pair attended one event
(the merge keeps one attendance there), so only such pairs are counted for it. One query
per figure.
"""

from __future__ import annotations

import datetime as dt

from django.db.models import Exists, OuterRef, QuerySet

from pathways.activities.models import DuplicateCandidate, Event
from pathways.results import figures
from pathways.results.figures import NO_FILTERS, FigureFilters, Rule


def _pending() -> QuerySet[DuplicateCandidate]:
    return DuplicateCandidate.objects.filter(status=DuplicateCandidate.Status.PENDING)


def waiting_pairs(
    rule: str,
    *,
    events: QuerySet[Event],
    start: dt.date,
    end: dt.date,
    filters: FigureFilters = NO_FILTERS,
) -> int:
    """The pending pairs that may lower the figure of `rule`, each by one at most: the
    figure may fall by up to this number once they are reviewed (0 for events' rules)."""
    kw = {"events": events, "start": start, "end": end, "filters": filters}
    if rule == Rule.PEOPLE_TRAINED:
        persons = figures.people_trained_records(**kw).values("pk")
        return _pending().filter(person_a__in=persons, person_b__in=persons).count()
    if rule == Rule.PARTICIPANTS:
        attendances = figures.participant_records(**kw)
        of_b = attendances.filter(person_id=OuterRef(OuterRef("person_b_id"))).values("event_id")
        together = attendances.filter(person_id=OuterRef("person_a_id"), event_id__in=of_b)
        return _pending().filter(Exists(together)).count()
    return 0
