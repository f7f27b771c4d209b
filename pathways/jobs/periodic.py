"""Periodic commands: management commands run by a worker at set intervals.

`settings.PERIODIC_COMMANDS` names each entry, its command (with optional arguments) and how
often it runs, in seconds. Time is cut into slots of that length, counted from the Unix
epoch, so every scheduler on every machine agrees on the slot it is in. A scheduler's tick
inserts one `PeriodicRun` row per due entry and slot; the unique (name, slot_start) lets one
insert win, and only the scheduler whose insert won queues the task. A scheduler that was
down only ever sees the slot it is in now, so missed slots run once on restart, not once
each. The task (`run_periodic_command`) runs the command in a worker and records how it
ended on the row. A failed run is simply not retried within its slot: the next slot runs it
again, so each command must be safe to run twice (and at the same time as itself).
"""

from __future__ import annotations

import datetime as dt
import io
import logging
from dataclasses import dataclass

from django.conf import settings
from django.core.exceptions import ImproperlyConfigured
from django.core.management import CommandError, call_command, get_commands
from django.db import IntegrityError, transaction
from django.utils import timezone
from django.utils.translation import gettext as _
from django_tasks import task

from pathways.jobs.models import PeriodicRun

logger = logging.getLogger(__name__)


@dataclass(frozen=True)
class Entry:
    name: str
    command: str
    args: tuple[str, ...]
    every: int  # seconds

    def slot_start(self, now: dt.datetime) -> dt.datetime:
        seconds = int(now.timestamp()) // self.every * self.every
        return dt.datetime.fromtimestamp(seconds, tz=dt.UTC)


@dataclass(frozen=True)
class Tick:
    queued: list[PeriodicRun]
    skipped: list[str]  # names whose slot another scheduler (or an earlier tick) took


def periodic_entries() -> list[Entry]:
    """The schedule from settings, checked: an entry with `every` 0 is switched off."""
    entries = []
    known = get_commands()
    for name, spec in settings.PERIODIC_COMMANDS.items():
        entry = _entry(name, spec)
        if entry.command not in known:
            raise ImproperlyConfigured(
                f"PERIODIC_COMMANDS[{name!r}] names the command {entry.command!r}, "
                "which this project does not have."
            )
        if entry.every:
            entries.append(entry)
    return entries


def _entry(name: str, spec: dict) -> Entry:
    every, args = spec.get("every"), spec.get("args", [])
    problem = (
        "its name is longer than 64 characters"
        if len(name) > 64
        else "`command` must be a command's name"
        if not isinstance(spec.get("command"), str) or not spec["command"]
        else "`every` must be a whole number of seconds, 0 to switch it off"
        if not isinstance(every, int) or isinstance(every, bool) or every < 0
        else "`args` must be a list of strings"
        if not isinstance(args, list | tuple) or not all(isinstance(a, str) for a in args)
        else ""
    )
    if problem:
        raise ImproperlyConfigured(f"PERIODIC_COMMANDS[{name!r}]: {problem}.")
    return Entry(name=name, command=spec["command"], args=tuple(args), every=every)


def scheduler_tick(*, entries: list[Entry], now: dt.datetime | None = None) -> Tick:
    """Queue each entry whose slot has no run yet; safe for any number of schedulers."""
    now = now or timezone.now()
    queued, skipped = [], []
    for entry in entries:
        run = _claim_slot(entry, now)
        if run is None:
            skipped.append(entry.name)
        else:
            queued.append(_enqueue(run))
    periodic_prune(entries=entries, now=now)
    return Tick(queued=queued, skipped=skipped)


def _claim_slot(entry: Entry, now: dt.datetime) -> PeriodicRun | None:
    slot = entry.slot_start(now)
    if PeriodicRun.objects.filter(name=entry.name, slot_start=slot).exists():
        return None  # the common case, answered without a failed insert in the log
    try:
        with transaction.atomic():
            return PeriodicRun.objects.create(
                name=entry.name, slot_start=slot, command=entry.command, args=list(entry.args)
            )
    except IntegrityError:
        return None  # another scheduler inserted this slot first: it queues the task


def _enqueue(run: PeriodicRun) -> PeriodicRun:
    # Queued after the row is committed, so a worker (of any task backend) finds the row.
    try:
        result = run_periodic_command.enqueue(run.pk)
    except Exception as exc:
        logger.exception("Periodic command %s could not be queued for %s", run.name, run.slot_start)
        _finish(
            run, PeriodicRun.Status.FAILED, _("It could not be queued: %s") % type(exc).__name__
        )
    else:
        run.task_id = str(result.id)[:64]
        PeriodicRun.objects.filter(pk=run.pk).update(task_id=run.task_id)
        logger.debug("Periodic command %s queued for %s", run.name, run.slot_start.isoformat())
    return run


@task()
def run_periodic_command(run_id: int) -> None:
    """Run the command of one slot, once: a task delivered twice finds its run claimed."""
    claimed = PeriodicRun.objects.filter(pk=run_id, status=PeriodicRun.Status.QUEUED).update(
        status=PeriodicRun.Status.RUNNING, started_at=timezone.now()
    )
    if not claimed:
        return
    run = PeriodicRun.objects.get(pk=run_id)
    try:
        # The command's report is for a terminal; the row keeps only how it ended.
        call_command(run.command, *run.args, stdout=io.StringIO(), stderr=io.StringIO())
    except CommandError as exc:
        logger.error("Periodic command %s failed: %s", run.name, exc)
        _finish(run, PeriodicRun.Status.FAILED, str(exc))
    except Exception as exc:
        # The traceback goes to the log (through the personal-data filter); the row says
        # what kind of error it was, in words.
        logger.exception("Periodic command %s stopped on an unexpected error", run.name)
        _finish(run, PeriodicRun.Status.FAILED, _unexpected(exc))
    else:
        _finish(run, PeriodicRun.Status.DONE)


def _unexpected(exc: Exception) -> str:
    return _(
        "It stopped on an unexpected error (%(kind)s); the server's log has the details. It "
        "runs again at its next time."
    ) % {"kind": type(exc).__name__}


def _finish(run: PeriodicRun, status: str, error: str = "") -> None:
    run.status, run.error, run.finished_at = status, error, timezone.now()
    PeriodicRun.objects.filter(pk=run.pk).update(
        status=status, error=error, finished_at=run.finished_at
    )


def periodic_prune(*, entries: list[Entry], now: dt.datetime) -> int:
    """Delete runs older than PERIODIC_RUN_RETENTION_DAYS, keeping each entry's latest, so
    the admin can still say when a rarely run command last ran."""
    cutoff = now - dt.timedelta(days=settings.PERIODIC_RUN_RETENTION_DAYS)
    deleted = 0
    for entry in entries:
        runs = PeriodicRun.objects.filter(name=entry.name)
        latest = runs.order_by("-slot_start").values("pk")[:1]
        deleted += runs.filter(slot_start__lt=cutoff).exclude(pk__in=latest).delete()[0]
    return deleted


@dataclass(frozen=True)
class Status:
    entry: Entry
    last: PeriodicRun | None
    next_due: dt.datetime | None  # None: due now, at the scheduler's next tick


def periodic_status(*, now: dt.datetime | None = None) -> list[Status]:
    """Each scheduled entry's latest run and when its next slot starts."""
    now = now or timezone.now()
    statuses = []
    for entry in periodic_entries():
        last = PeriodicRun.objects.filter(name=entry.name).order_by("-slot_start").first()
        slot = entry.slot_start(now)
        taken = last is not None and last.slot_start >= slot
        next_due = slot + dt.timedelta(seconds=entry.every) if taken else None
        statuses.append(Status(entry=entry, last=last, next_due=next_due))
    return statuses
