"""Two schedulers (two machines) ticking at the same moment queue each slot once: both find
the slot free, both insert, the database's unique (name, slot_start) lets one win."""

from __future__ import annotations

import datetime as dt
import threading

import pytest
from django.db import connection
from django_tasks_db.models import DBTaskResult

from pathways.jobs import periodic
from pathways.jobs.models import PeriodicRun
from pathways.jobs.periodic import Entry, scheduler_tick

pytestmark = [
    pytest.mark.django_db(transaction=True),
    pytest.mark.skipif(
        connection.vendor == "sqlite", reason="in-memory SQLite test databases are one connection"
    ),
]

ENTRIES = [
    Entry(name="purge_uploads", command="purge_uploads", args=(), every=3600),
    Entry(name="fail_stale_jobs", command="fail_stale_jobs", args=(), every=60),
]


def test_two_schedulers_racing_queue_each_slot_once(monkeypatch):
    now = dt.datetime(2026, 12, 7, 1, 0, 30, tzinfo=dt.UTC)
    barrier = threading.Barrier(2, timeout=10)
    atomic = periodic.transaction.atomic

    class Rendezvous:
        """Both schedulers have found the slot free before either inserts."""

        @staticmethod
        def atomic():
            barrier.wait()
            return atomic()

    monkeypatch.setattr(periodic, "transaction", Rendezvous)
    ticks = []

    def scheduler() -> None:
        try:
            ticks.append(scheduler_tick(entries=ENTRIES, now=now))
        finally:
            connection.close()

    threads = [threading.Thread(target=scheduler) for _ in range(2)]
    for t in threads:
        t.start()
    for t in threads:
        t.join()
    assert len(ticks) == 2
    queued = sorted(run.name for tick in ticks for run in tick.queued)
    skipped = sorted(name for tick in ticks for name in tick.skipped)
    assert queued == skipped == ["fail_stale_jobs", "purge_uploads"]
    assert PeriodicRun.objects.count() == 2
    task = periodic.run_periodic_command.module_path
    assert DBTaskResult.objects.filter(task_path=task).count() == 2
