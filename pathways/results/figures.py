"""The counting rules of Pathways, one function each (see docs/counting-rules.md).

Every page, PDF, export and API response computes a figure through these functions, and
each `*_records` function returns the records behind the figure, so a figure can always
be opened as the list it counts.

The `events` argument is the universe to count in: already scoped to the user and to the
country, partner or filters wanted (for example `Event.objects.visible_to(user)`).
"""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass

from django.db.models import Count, QuerySet

from pathways.activities.models import Attendance, Event, Person, Sex
from pathways.lib.rounding import percent_half_up


@dataclass(frozen=True)
class SexBreakdown:
    """A total split by sex. Not recorded is always counted, never dropped or guessed."""

    women: int = 0
    men: int = 0
    other: int = 0
    not_recorded: int = 0

    @property
    def total(self) -> int:
        return self.women + self.men + self.other + self.not_recorded

    @property
    def pct_women(self) -> int:
        return percent_half_up(self.women, self.total)

    @property
    def pct_men(self) -> int:
        return percent_half_up(self.men, self.total)

    @property
    def pct_other(self) -> int:
        return percent_half_up(self.other, self.total)

    @property
    def pct_not_recorded(self) -> int:
        return percent_half_up(self.not_recorded, self.total)

    def as_dict(self) -> dict[str, int]:
        return {
            "total": self.total,
            "women": self.women,
            "men": self.men,
            "other": self.other,
            "not_recorded": self.not_recorded,
            "pct_women": self.pct_women,
            "pct_men": self.pct_men,
            "pct_other": self.pct_other,
            "pct_not_recorded": self.pct_not_recorded,
        }

    @classmethod
    def from_counts(cls, counts: dict[str, int]) -> SexBreakdown:
        return cls(
            women=counts.get(Sex.WOMAN, 0),
            men=counts.get(Sex.MAN, 0),
            other=counts.get(Sex.OTHER, 0),
            not_recorded=counts.get(Sex.NOT_RECORDED, 0),
        )


# --- Rule 1: events -------------------------------------------------------------------


def event_records(*, events: QuerySet[Event], start: dt.date, end: dt.date) -> QuerySet[Event]:
    """Events whose start date lies in the period."""
    return events.filter(start_date__gte=start, start_date__lte=end)


def count_events(*, events: QuerySet[Event], start: dt.date, end: dt.date) -> int:
    return event_records(events=events, start=start, end=end).count()


# --- Rule 2: participants ---------------------------------------------------------------


def participant_records(
    *, events: QuerySet[Event], start: dt.date, end: dt.date
) -> QuerySet[Attendance]:
    """Attendances with the role participant at events of the period (facilitators,
    speakers, organisers and staff are recorded but not counted)."""
    return Attendance.objects.filter(
        event__in=event_records(events=events, start=start, end=end),
        role=Attendance.Role.PARTICIPANT,
    )


def count_participants(*, events: QuerySet[Event], start: dt.date, end: dt.date) -> SexBreakdown:
    records = participant_records(events=events, start=start, end=end)
    counts = records.values("person__sex").annotate(n=Count("pk")).order_by()
    return SexBreakdown.from_counts({row["person__sex"]: row["n"] for row in counts})


# --- Rule 3: capacity development events -------------------------------------------------


def capacity_development_event_records(
    *, events: QuerySet[Event], start: dt.date, end: dt.date
) -> QuerySet[Event]:
    """Events of the period whose type is training / capacity development."""
    return event_records(events=events, start=start, end=end).filter(event_type=Event.Type.TRAINING)


def count_capacity_development_events(
    *, events: QuerySet[Event], start: dt.date, end: dt.date
) -> int:
    return capacity_development_event_records(events=events, start=start, end=end).count()


# --- Rule 4: people trained ----------------------------------------------------------------


def people_trained_records(
    *, events: QuerySet[Event], start: dt.date, end: dt.date
) -> QuerySet[Person]:
    """Distinct persons (after de-duplication) with at least one participant attendance at
    a capacity development event of the period."""
    trainings = capacity_development_event_records(events=events, start=start, end=end)
    attended = Attendance.objects.filter(
        event__in=trainings, role=Attendance.Role.PARTICIPANT
    ).values("person_id")
    return Person.objects.filter(pk__in=attended)


def count_people_trained(*, events: QuerySet[Event], start: dt.date, end: dt.date) -> SexBreakdown:
    records = people_trained_records(events=events, start=start, end=end)
    counts = records.values("sex").annotate(n=Count("pk")).order_by()
    return SexBreakdown.from_counts({row["sex"]: row["n"] for row in counts})
