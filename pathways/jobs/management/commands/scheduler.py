"""`manage.py scheduler`: queue the periodic commands (settings.PERIODIC_COMMANDS) as tasks
when their time comes. Any number may run at once, on one machine or several: each slot of
each command is queued once (`pathways/jobs/periodic.py`)."""

from __future__ import annotations

import logging
import signal
import threading

from django.core.management.base import BaseCommand, CommandParser
from django.db import DatabaseError, close_old_connections

from pathways.jobs.periodic import periodic_entries, scheduler_tick

logger = logging.getLogger(__name__)


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
        entries = periodic_entries()  # a mistake in the settings stops it here, named
        self.verbosity = options["verbosity"]
        stop = threading.Event()
        if not once:
            for signum in (signal.SIGINT, signal.SIGTERM):
                signal.signal(signum, lambda *_: stop.set())
            logger.info("Scheduler started: %s", ", ".join(e.name for e in entries) or "nothing")
        while not stop.is_set():
            self._tick(entries, once=once)
            if once:
                break
            stop.wait(interval)

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
