"""`manage.py scheduler`: queue the periodic commands (settings.PERIODIC_COMMANDS) as tasks
when their time comes. Any number may run at once, on one machine or several: each slot of
each command is queued once (`pathways/jobs/periodic.py`)."""

from __future__ import annotations

import logging
import signal
import threading

from django.core.exceptions import ImproperlyConfigured
from django.core.management.base import BaseCommand, CommandError, CommandParser
from django.db import DatabaseError, close_old_connections

from pathways.jobs.periodic import periodic_entries, scheduler_tick

logger = logging.getLogger(__name__)

# SIGTERM from a process manager, SIGINT from Ctrl-C: the tick under way ends, then it stops.
STOP_SIGNALS = (signal.SIGINT, signal.SIGTERM)


def _positive(value: str) -> float:
    seconds = float(value)
    if not 0 < seconds < float("inf"):
        raise ValueError(value)
    return seconds


class Command(BaseCommand):
    help = (
        "Queue each command of PERIODIC_COMMANDS once per its interval, for a worker "
        "(db_worker) to run. Runs until stopped (SIGTERM or Ctrl-C); --once ticks once."
    )

    def add_arguments(self, parser: CommandParser) -> None:
        parser.add_argument(
            "--once", action="store_true", help="Queue what is due now and exit (for cron)."
        )
        parser.add_argument(
            "--interval",
            type=_positive,
            default=15.0,
            help="Seconds between looks at the schedule (default 15).",
        )

    def handle(self, *args, once: bool, interval: float, **options) -> None:
        try:
            entries = periodic_entries()
        except ImproperlyConfigured as exc:
            raise CommandError(str(exc)) from None  # a mistake in the settings, named
        self.verbosity = options["verbosity"]
        if once:
            self._tick(entries, once=True)
            return
        logger.info("Scheduler started: %s", ", ".join(e.name for e in entries) or "nothing")
        stop = threading.Event()
        previous = {s: signal.signal(s, lambda *_: stop.set()) for s in STOP_SIGNALS}
        try:
            while not stop.is_set():
                self._tick(entries, once=False)
                stop.wait(interval)
        finally:
            for signum, handler in previous.items():
                signal.signal(signum, handler)
        logger.info("Scheduler stopped")

    def _tick(self, entries, *, once: bool) -> None:
        # A long process: drop a connection the database closed, as a request would.
        close_old_connections()
        try:
            tick = scheduler_tick(entries=entries)
        except DatabaseError:
            if once:
                raise  # cron hears of it through the exit status
            # The database is down or restarting: the loop looks again at the next tick.
            logger.exception("Scheduler: the database cannot be reached")
            return
        finally:
            close_old_connections()
        for run in tick.queued if self.verbosity else []:
            self.stdout.write(
                f"Queued {run.name} ({run.command}) for {run.slot_start.isoformat()}."
            )
        if self.verbosity > 1:
            for name in tick.skipped:
                self.stdout.write(f"{name}: its current slot is queued already.")
