"""What is due on a case, and when (casework.md §3.3 and the decision on deadlines): computed
whenever it is read from dates in clear and the country's settings, so a late item is late
without any job having run. One definition each, used by the work lists and the case page.

- identification: a presumed victim's formal identification, by the date the protection
  clock set (`IdentificationDecision.formal_identification_due`);
- assessment: the first within `first_assessment_due_days` of the case's opening, then every
  `reassessment_interval_days` after the latest;
- care plan: submitted within `plan_due_days` of the opening, until a version is submitted;
- plan review: the approved plan's `review_due`;
- follow-ups: each not done by its `due_on` (the earliest, and how many, per case).

`case_deadlines` gives each deadline with the record it belongs to (`Due.ref`), one follow-up
each: the reminders of `manage.py casework_deadlines` (services/deadline_notices.py) know a
deadline by it and its date. `due_items` is the same list with the follow-ups counted as one
line, for the pages. Nothing here opens a sealed value.
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Iterable, Sequence
from dataclasses import dataclass

from django.db.models import Max
from django.utils import timezone
from django.utils.formats import date_format
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy, ngettext

from pathways.casework.models import (
    Assessment,
    CarePlan,
    Case,
    CountryCaseworkSettings,
    FollowUp,
    IdentificationDecision,
)

Stage = Case.Stage
ASSESSED_STAGES = (
    Stage.OPEN,
    Stage.ASSESSMENT,
    Stage.PLAN_PENDING_APPROVAL,
    Stage.SERVICES,
    Stage.REINTEGRATION,
    Stage.MONITORING,
)
PLAN_DUE_STAGES = (Stage.OPEN, Stage.ASSESSMENT)
# "Due soon" is within this many days.
SOON_DAYS = 7
KIND_LABELS = {
    "identification": gettext_lazy("Formal identification"),
    "assessment": gettext_lazy("Assessment"),
    "plan": gettext_lazy("Care plan"),
    "plan_review": gettext_lazy("Care plan review"),
    "follow_up": gettext_lazy("Follow-up"),
}


@dataclass(frozen=True)
class Due:
    """One thing due on a case by a date (`count` follow-ups for "follow_up"). `ref` is the
    id of the record it belongs to: the identification decision, the approved plan, the
    follow-up; the case itself for its assessment and first plan."""

    kind: str
    due_on: dt.date
    today: dt.date
    count: int = 1
    ref: int = 0

    @property
    def days(self) -> int:
        return (self.due_on - self.today).days

    @property
    def state(self) -> str:
        """overdue, today, soon (within a week) or later: the colour's class."""
        if self.days < 0:
            return "overdue"
        if self.days == 0:
            return "today"
        return "soon" if self.days <= SOON_DAYS else "later"

    @property
    def label(self) -> str:
        if self.kind == "follow_up" and self.count > 1:
            return ngettext("%(n)d follow-up", "%(n)d follow-ups", self.count) % {"n": self.count}
        return str(KIND_LABELS[self.kind])

    @property
    def words(self) -> str:
        """When, in words: the colour is never the only sign."""
        days = self.days
        if days < 0:
            return ngettext("Overdue by %(n)d day", "Overdue by %(n)d days", -days) % {"n": -days}
        if days == 0:
            return _("Due today")
        if days <= SOON_DAYS:
            return ngettext("Due in %(n)d day", "Due in %(n)d days", days) % {"n": days}
        return _("Due on %(date)s") % {"date": date_format(self.due_on, "DATE_FORMAT")}


def due_state(due_on: dt.date, today: dt.date | None = None) -> Due:
    """A single date's state and words (a follow-up's own line, say)."""
    return Due("follow_up", due_on, today or timezone.localdate())


def _settings(country_ids: Iterable[int]) -> dict[int, CountryCaseworkSettings]:
    ids = set(country_ids)
    found = {s.country_id: s for s in CountryCaseworkSettings.objects.filter(country_id__in=ids)}
    return {c: found.get(c) or CountryCaseworkSettings(country_id=c) for c in ids}


def due_items(cases: Sequence[Case], today: dt.date | None = None) -> dict[int, list[Due]]:
    """Case id -> what is due on it, earliest first, the open follow-ups as one line (the
    earliest, and how many); a handful of queries whatever the number of cases."""
    result: dict[int, list[Due]] = {}
    for case_id, items in case_deadlines(cases, today).items():
        follow = [d for d in items if d.kind == "follow_up"]
        result[case_id] = [d for d in items if d.kind != "follow_up"]
        if follow:
            first = follow[0]
            result[case_id].append(Due("follow_up", first.due_on, first.today, len(follow)))
            result[case_id].sort(key=lambda d: d.due_on)
    return result


def case_deadlines(cases: Sequence[Case], today: dt.date | None = None) -> dict[int, list[Due]]:
    """Case id -> each deadline on it with its record (`ref`), one per open follow-up,
    earliest first; a handful of queries whatever the number of cases."""
    today = today or timezone.localdate()
    ids = [c.pk for c in cases]
    result: dict[int, list[Due]] = {c.pk: [] for c in cases}
    if not ids:
        return result
    settings = _settings(c.country_id for c in cases)
    for case_id, decision_id, due in _identification_due(cases):
        result[case_id].append(Due("identification", due, today, ref=decision_id))
    latest = dict(
        Assessment.objects.filter(case_id__in=ids)
        .values_list("case_id")
        .annotate(last=Max("assessed_on"))
        .order_by()
    )
    plans = _plans(ids)
    for case in cases:
        rules = settings[case.country_id]
        if case.stage in ASSESSED_STAGES:
            last = latest.get(case.pk)
            due = (
                last + dt.timedelta(days=rules.reassessment_interval_days)
                if last
                else case.opened_on + dt.timedelta(days=rules.first_assessment_due_days)
            )
            result[case.pk].append(Due("assessment", due, today, ref=case.pk))
        submitted, review = plans.get(case.pk, (False, None))
        if case.stage in PLAN_DUE_STAGES and not submitted:
            due = case.opened_on + dt.timedelta(days=rules.plan_due_days)
            result[case.pk].append(Due("plan", due, today, ref=case.pk))
        if review is not None and case.stage in ASSESSED_STAGES:
            plan_id, review_due = review
            result[case.pk].append(Due("plan_review", review_due, today, ref=plan_id))
    follow = FollowUp.objects.filter(case_id__in=ids, done_on__isnull=True).order_by("due_on", "pk")
    for case_id, pk, due_on in follow.values_list("case_id", "pk", "due_on"):
        result[case_id].append(Due("follow_up", due_on, today, ref=pk))
    for items in result.values():
        items.sort(key=lambda d: d.due_on)
    return result


def _identification_due(cases: Sequence[Case]) -> list[tuple[int, int, dt.date]]:
    """(case id, decision id, due date): the earliest formal identification each presumed
    victim's case waits for."""
    presumed = [c.pk for c in cases if c.stage == Stage.PRESUMED]
    if not presumed:
        return []
    waiting = (
        IdentificationDecision.State.PRELIMINARY,
        IdentificationDecision.State.INTERVIEW_SCHEDULED,
    )
    rows = (
        IdentificationDecision.objects.filter(
            case_id__in=presumed,
            state__in=waiting,
            formal_identification_due__isnull=False,
            superseded_by__isnull=True,
        )
        .order_by("formal_identification_due", "pk")
        .values_list("case_id", "pk", "formal_identification_due")
    )
    earliest: dict[int, tuple[int, int, dt.date]] = {}
    for case_id, pk, due in rows:
        earliest.setdefault(case_id, (case_id, pk, due))
    return list(earliest.values())


def _plans(ids: list[int]) -> dict[int, tuple[bool, tuple[int, dt.date] | None]]:
    """Case id -> (a version was submitted and not sent back, the approved version's id and
    review date)."""
    found: dict[int, tuple[bool, tuple[int, dt.date] | None]] = {}
    sent = (CarePlan.State.SUBMITTED, CarePlan.State.APPROVED, CarePlan.State.SUPERSEDED)
    rows = CarePlan.objects.filter(case_id__in=ids, state__in=sent)
    for case_id, pk, state, review_due in rows.values_list("case_id", "pk", "state", "review_due"):
        _was, review = found.get(case_id, (False, None))
        approved = state == CarePlan.State.APPROVED and review_due is not None
        found[case_id] = (True, (pk, review_due) if approved else review)
    return found


def next_due(items: Sequence[Due]) -> Due | None:
    return items[0] if items else None
