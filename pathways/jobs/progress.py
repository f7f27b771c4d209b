"""A running job's stage, rows done and heartbeat, written outside the job's own transaction.

An import writes every row in one transaction; on SQLite that transaction holds the
database's only write lock until it commits, so progress written to the database (even
through a second connection) would wait for the very import it reports on. Progress goes to
the `jobs` cache instead, which every process shares: Redis when PATHWAYS_REDIS_URL is set,
else files under var/ on one machine. The job's row takes the last progress when it ends.
"""

from __future__ import annotations

import datetime as dt
import threading
from collections.abc import Iterator
from contextlib import contextmanager
from dataclasses import dataclass

from django.core.cache import caches
from django.db import connection
from django.utils import timezone

# Progress outlives a job only long enough for its page to read the end.
_TTL_SECONDS = 24 * 3600
HEARTBEAT_SECONDS = 5.0


@dataclass(frozen=True)
class Progress:
    stage: str = ""
    rows_done: int = 0
    rows_total: int = 0
    heartbeat: dt.datetime | None = None


def _key(job_id: int) -> str:
    # Two databases may share one cache (tests, a staging copy): job ids are per database.
    return f"job-progress:{connection.settings_dict['NAME']}:{job_id}"


def progress_read(job_id: int) -> Progress | None:
    value = caches["jobs"].get(_key(job_id))
    return Progress(**value) if value else None


def progress_write(job_id: int, *, stage: str, rows_done: int = 0, rows_total: int = 0) -> None:
    caches["jobs"].set(
        _key(job_id),
        {
            "stage": stage,
            "rows_done": rows_done,
            "rows_total": rows_total,
            "heartbeat": timezone.now(),
        },
        _TTL_SECONDS,
    )


def progress_forget(job_id: int) -> None:
    caches["jobs"].delete(_key(job_id))


class Reporter:
    """Handed to the work: it says which stage it is in and how many rows are done."""

    def __init__(self, job_id: int) -> None:
        self.job_id = job_id
        self.stage = ""
        self.rows_done = 0
        self.rows_total = 0
        self._lock = threading.Lock()

    def __call__(self, stage: str, rows_done: int = 0, rows_total: int | None = None) -> None:
        with self._lock:
            self.stage, self.rows_done = stage, rows_done
            if rows_total is not None:
                self.rows_total = rows_total
            self._write()

    def beat(self) -> None:
        with self._lock:
            self._write()

    def _write(self) -> None:
        progress_write(
            self.job_id, stage=self.stage, rows_done=self.rows_done, rows_total=self.rows_total
        )


@contextmanager
def heartbeat(reporter: Reporter, every: float = HEARTBEAT_SECONDS) -> Iterator[None]:
    """Beat the job's heart from a thread while the work runs, however long one stage takes:
    a job whose heart stops (its worker was killed) is failed, not left running."""
    stop = threading.Event()

    def run() -> None:
        while not stop.wait(every):
            reporter.beat()

    thread = threading.Thread(target=run, name=f"job-{reporter.job_id}-heartbeat", daemon=True)
    thread.start()
    try:
        yield
    finally:
        stop.set()
        thread.join(timeout=every + 1)
