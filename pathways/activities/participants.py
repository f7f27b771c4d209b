"""Who counts as a participant of an event, and a total split by sex.

An attendance counts as a participation when its role is participant: facilitators,
speakers, organisers and staff are recorded but not counted. The figures' rules
(`results/figures.py`) add the period, the filters and the universe of events; the event
pages count one event's participants with the same definition.
"""

from __future__ import annotations

from dataclasses import dataclass

from django.db.models import Count, QuerySet

from pathways.activities.models import Attendance, Event, Sex
from pathways.lib.rounding import percent_half_up


def participant_attendances(events: QuerySet[Event]) -> QuerySet[Attendance]:
    """The attendances with the role participant at `events`."""
    return Attendance.objects.filter(
        event__in=events.values("pk"), role=Attendance.Role.PARTICIPANT
    )


def participations() -> QuerySet[Attendance]:
    """Every attendance that counts as a participation, at any event."""
    return Attendance.objects.filter(role=Attendance.Role.PARTICIPANT)


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

    def __add__(self, other: SexBreakdown) -> SexBreakdown:
        return SexBreakdown(
            women=self.women + other.women,
            men=self.men + other.men,
            other=self.other + other.other,
            not_recorded=self.not_recorded + other.not_recorded,
        )

    @classmethod
    def from_counts(cls, counts: dict[str, int]) -> SexBreakdown:
        return cls(
            women=counts.get(Sex.WOMAN, 0),
            men=counts.get(Sex.MAN, 0),
            other=counts.get(Sex.OTHER, 0),
            # An unknown or empty value is not recorded: counted, never dropped.
            not_recorded=sum(
                n for k, n in counts.items() if k not in (Sex.WOMAN, Sex.MAN, Sex.OTHER)
            ),
        )


def sexes_of(attendances: QuerySet[Attendance]) -> SexBreakdown:
    """The attendances counted by their person's sex."""
    counts = attendances.values("person__sex").annotate(n=Count("pk")).order_by()
    return SexBreakdown.from_counts({row["person__sex"]: row["n"] for row in counts})
