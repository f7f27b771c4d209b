"""Reminders and escalations for deadlines (casework.md, the decision on deadlines, and §3.3):
what `manage.py casework_deadlines` sends, every 15 minutes from the periodic commands.

A deadline comes from a source: the case's own (`deadlines.case_deadlines`, the one
definition the work lists and the case page read too: identification, assessment, care
plan, plan review, each open follow-up), dated by day. Referral deadlines are moments (an
emergency's answer is due in 2 hours) and move the referral itself (an offer expires), so
they run beside the sources, with the clock at `now` (`referral_deadline_notices`). For each
deadline of an open case:

- due within the country's `deadline_reminder_days` (today included): one reminder to the
  case's workers (its case worker, its team, a follow-up's assignee);
- overdue: one escalation to the owning agency's case supervisors, with a copy to the workers.

Only staff of the owning agency who may open the case are told (need to know, §6.3): an
active user holding the case worker or case supervisor role there; nobody of another agency,
no coordinator. A deadline with nobody to tell is left unsent, to reach whoever is assigned
later. A notice says what is due, on which case number and by when, with a link to the case
page: never a name or any sealed value.

Nothing is sent twice: each notice is a `DeadlineNotice` row (kind, case, record, due date,
level; unique together), written in one transaction with its notifications, so a run that
fails sends nothing it does not record, and two runs at once send one notice (the second's
insert fails and rolls its notifications back). A moved due date is a new deadline.

Audit: each notice is a record and gets its own entry (`audit_record_without_values`: ids and
field names) in the same transaction, as every casework write does. Notices are few (one per
deadline and level, ever), so the chain grows by what was actually sent, and the trail can
answer "was the supervisor told about this case's overdue plan, and when".
"""

from __future__ import annotations

import datetime as dt
from collections import Counter, defaultdict
from collections.abc import Callable, Iterable, Iterator, Sequence
from dataclasses import dataclass, field
from typing import Any

from django.contrib.auth import get_user_model
from django.core.exceptions import ValidationError
from django.db import IntegrityError, transaction
from django.urls import reverse
from django.utils import timezone
from django.utils.formats import date_format
from django.utils.translation import gettext as _

from pathways.audit.models import AuditEvent
from pathways.audit.services import audit_record_without_values
from pathways.casework.deadlines import KIND_LABELS, case_deadlines
from pathways.casework.models import (
    Case,
    CaseworkRole,
    CountryCaseworkSettings,
    DeadlineNotice,
    FollowUp,
    StaffMembership,
)
from pathways.casework.services.deadline_pending import Pending, Source
from pathways.casework.services.referral_deadline_notices import referral_deadlines_run
from pathways.casework.services.return_deadlines import return_verification_notices
from pathways.notifications.services import notify
from pathways.programs.models import Country

Level = DeadlineNotice.Level
BATCH = 200
# Notification kinds (the inbox's codes).
NOTIFICATION_KINDS = {Level.REMINDER: "deadline_reminder", Level.ESCALATION: "deadline_escalation"}
# The roles that open a case of their own agency: told about its deadlines.
TOLD_ROLES = (CaseworkRole.CASE_WORKER, CaseworkRole.CASE_SUPERVISOR)


@dataclass
class DeadlineRun:
    """What a run sent (or, in a dry run, would send): counts only, no personal data."""

    dry_run: bool = False
    sent: Counter = field(default_factory=Counter)  # (country code, kind, level) -> notices
    nobody_to_tell: int = 0

    @property
    def total(self) -> int:
        return sum(self.sent.values())


# --- who is told ---------------------------------------------------------------------------------


@dataclass
class _People:
    """For a batch of cases: the workers of each, the assignee of each open follow-up, the
    supervisors of each agency, all filtered to who may open the case."""

    workers: dict[int, list[Any]]
    assignees: dict[int, Any]
    supervisors: dict[int, list[Any]]


def _people(cases: Sequence[Case]) -> _People:
    ids = [case.pk for case in cases]
    agencies = {case.owner_agency_id for case in cases}
    roles: dict[tuple[int, int], set[str]] = defaultdict(set)
    memberships = StaffMembership.objects.filter(
        agency_id__in=agencies, role__in=TOLD_ROLES, user__is_active=True
    ).values_list("agency_id", "user_id", "role")
    for agency_id, user_id, role in memberships:
        roles[(agency_id, user_id)].add(role)
    team = Case.team_members.through.objects.filter(case_id__in=ids).values_list(
        "case_id", "user_id"
    )
    members: dict[int, list[int]] = defaultdict(list)
    for case_id, user_id in team.order_by("pk"):
        members[case_id].append(user_id)
    follow = FollowUp.objects.filter(
        case_id__in=ids, done_on__isnull=True, assigned_to__isnull=False
    ).values_list("pk", "case_id", "assigned_to_id")
    users = get_user_model().objects.in_bulk({user_id for (_a, user_id) in roles})
    owner = {case.pk: case.owner_agency_id for case in cases}

    def may_open(case_id: int, user_id: int | None) -> Any:
        return users.get(user_id) if roles.get((owner[case_id], user_id)) else None

    workers = {}
    for case in cases:
        candidates = [case.case_worker_id, *members[case.pk]]
        workers[case.pk] = [u for u in (may_open(case.pk, c) for c in candidates) if u]
    assignees = {pk: may_open(case_id, user_id) for pk, case_id, user_id in follow}
    supervisors: dict[int, list[Any]] = defaultdict(list)
    for (agency_id, user_id), held in sorted(roles.items()):
        if CaseworkRole.CASE_SUPERVISOR in held:
            supervisors[agency_id].append(users[user_id])
    return _People(workers, {k: v for k, v in assignees.items() if v}, supervisors)


def _distinct(users: Iterable[Any]) -> tuple[Any, ...]:
    return tuple({user.pk: user for user in users}.values())


# --- the case's own deadlines ---------------------------------------------------------------------


def open_cases(country: Country) -> Any:
    return (
        Case.objects.filter(country=country, status=Case.Status.OPEN)
        .exclude(stage__in=(Case.Stage.CLOSED, Case.Stage.TRANSFERRED))
        .order_by("pk")
    )


def case_deadline_notices(country: Country, today: dt.date) -> Iterator[Pending]:
    """The reminders and escalations due on the country's open cases, not sent yet."""
    lead = CountryCaseworkSettings.settings_for(country.pk).deadline_reminder_days
    ids = list(open_cases(country).values_list("pk", flat=True))
    for start in range(0, len(ids), BATCH):
        cases = list(Case.objects.filter(pk__in=ids[start : start + BATCH]).order_by("pk"))
        sent = set(
            DeadlineNotice.objects.filter(case__in=cases).values_list(
                "kind", "case_id", "ref", "due_on", "level"
            )
        )
        people = _people(cases)
        deadlines = case_deadlines(cases, today)
        for case in cases:
            for due in deadlines[case.pk]:
                level = (
                    Level.ESCALATION if due.days < 0 else Level.REMINDER if due.days <= lead else ""
                )
                if not level or (due.kind, case.pk, due.ref, due.due_on, level) in sent:
                    continue
                workers = list(people.workers[case.pk])
                if due.kind == "follow_up" and due.ref in people.assignees:
                    workers.append(people.assignees[due.ref])
                told = workers
                if level == Level.ESCALATION:
                    told = [*people.supervisors[case.owner_agency_id], *workers]
                yield Pending(
                    kind=due.kind,
                    case=case,
                    ref=due.ref,
                    due_on=due.due_on,
                    level=level,
                    what=KIND_LABELS[due.kind],
                    recipients=_distinct(told),
                )


SOURCES: tuple[Source, ...] = (case_deadline_notices, return_verification_notices)


# --- sending --------------------------------------------------------------------------------------


def _texts(pending: Pending) -> tuple[Callable[[], str], Callable[[], str]]:
    """The subject and body, made in each recipient's language: what, which case, when."""
    number = pending.case.case_number

    def values() -> dict[str, str]:
        return {
            "what": str(pending.what),
            "case": number,
            "date": date_format(pending.due_on, "DATE_FORMAT"),
        }

    if pending.level == Level.REMINDER:

        def subject() -> str:
            return _("Case %(case)s: %(what)s due on %(date)s") % values()

        def body() -> str:
            return (
                _(
                    "%(what)s on case %(case)s is due on %(date)s. Open the case to do it, or "
                    "to record it if it is done."
                )
                % values()
            )

        return subject, body

    def overdue_subject() -> str:
        return _("Case %(case)s: %(what)s is overdue") % values()

    def overdue_body() -> str:
        return (
            _(
                "%(what)s on case %(case)s was due on %(date)s and is not recorded as done. "
                "The case's supervisors and workers are told. Open the case to see that it is "
                "done, or to record it."
            )
            % values()
        )

    return overdue_subject, overdue_body


def _send(pending: Pending) -> bool:
    """Record the notice and notify, in one transaction; False when it was already sent
    (by a run at the same time)."""
    notice = DeadlineNotice(
        kind=pending.kind,
        case=pending.case,
        ref=pending.ref,
        due_on=pending.due_on,
        level=pending.level,
        recipients=len(pending.recipients),
    )
    subject, body = pending.texts() if pending.texts else _texts(pending)
    try:
        with transaction.atomic():
            notice.full_clean()
            notice.save()
            notify(
                recipients=pending.recipients,
                kind=NOTIFICATION_KINDS[pending.level],
                subject=subject,
                body=body,
                link=pending.link or reverse("casework:case_detail", args=[pending.case.pk]),
                case_number=pending.case.case_number,
            )
            audit_record_without_values(
                actor=None,
                action=AuditEvent.Action.CREATE,
                instance=notice,
                fields=["kind", "case", "ref", "due_on", "level", "recipients"],
                source=AuditEvent.Source.COMMAND,
            )
            if pending.on_sent is not None:
                pending.on_sent()
    except (ValidationError, IntegrityError):
        if DeadlineNotice.objects.filter(
            kind=notice.kind,
            case=notice.case,
            ref=notice.ref,
            due_on=notice.due_on,
            level=notice.level,
        ).exists():
            return False
        raise
    return True


def deadline_notices_send(
    *,
    country_code: str = "",
    today: dt.date | None = None,
    dry_run: bool = False,
    sources: Sequence[Source] = SOURCES,
    now: dt.datetime | None = None,
) -> DeadlineRun:
    """Send every reminder and escalation due today and not sent yet, country by country
    (or the one named); a dry run counts them and writes nothing. The referral deadlines due
    at `now` too (`referral_deadline_notices`: moments, not days)."""
    now = now or timezone.now()
    today = today or timezone.localdate(now)
    countries = Country.objects.order_by("code")
    if country_code:
        countries = countries.filter(code=country_code.upper())
        if not countries.exists():
            raise ValueError(
                _("There is no country with the code %(code)s.") % {"code": country_code}
            )
    run = DeadlineRun(dry_run=dry_run)
    for country in countries:
        for source in sources:
            for pending in source(country, today):
                if not pending.recipients:
                    run.nobody_to_tell += 1
                elif dry_run or _send(pending):
                    run.sent[(country.code, pending.kind, pending.level)] += 1
        moved = referral_deadlines_run(country=country, now=now, dry_run=dry_run)
        for (kind, level), count in moved.items():
            run.sent[(country.code, kind, level)] += count
    return run
