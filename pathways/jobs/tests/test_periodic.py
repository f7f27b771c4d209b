"""Periodic commands: the scheduler queues each slot of each command once, however many
schedulers tick; a worker runs the command and records how it ended; a failure runs again
next slot; a scheduler back from downtime runs a command once, not once per missed slot."""

from __future__ import annotations

import datetime as dt
import io
import logging
import os
import signal
from unittest import mock

import pytest
from django.core.exceptions import ImproperlyConfigured
from django.core.management import CommandError, call_command
from django.db import OperationalError
from django.db.models import QuerySet
from django.urls import reverse
from django.utils import timezone
from django_tasks_db.models import DBTaskResult

from pathways.jobs import periodic
from pathways.jobs.management.commands import scheduler
from pathways.jobs.models import Job, PeriodicRun
from pathways.jobs.periodic import Entry, periodic_entries, periodic_status, scheduler_tick
from pathways.jobs.tests.workers import run_worker
from pathways.programs.models import Country

pytestmark = pytest.mark.django_db

T0 = dt.datetime(2026, 12, 7, 1, 0, 30, tzinfo=dt.UTC)  # 30 s into a minute and an hour
MINUTELY = Entry(name="fail_stale_jobs", command="fail_stale_jobs", args=(), every=60)
HOURLY = Entry(name="purge_uploads", command="purge_uploads", args=(), every=3600)
PURGE = "pathways.activities.management.commands.purge_uploads.uploads_purge"


def tasks_queued() -> int:
    return DBTaskResult.objects.filter(task_path=periodic.run_periodic_command.module_path).count()


def later(seconds: float) -> dt.datetime:
    return T0 + dt.timedelta(seconds=seconds)


def test_a_tick_queues_each_due_entry_once_and_not_those_not_due():
    first = scheduler_tick(entries=[MINUTELY, HOURLY], now=T0)
    assert sorted(r.name for r in first.queued) == ["fail_stale_jobs", "purge_uploads"]
    again = scheduler_tick(entries=[MINUTELY, HOURLY], now=later(20))  # same minute
    assert again.queued == [] and sorted(again.skipped) == ["fail_stale_jobs", "purge_uploads"]
    next_minute = scheduler_tick(entries=[MINUTELY, HOURLY], now=later(40))
    assert [r.name for r in next_minute.queued] == ["fail_stale_jobs"]
    assert tasks_queued() == 3
    slots = PeriodicRun.objects.filter(name="fail_stale_jobs").values_list("slot_start", flat=True)
    assert sorted(slots) == [T0.replace(second=0), T0.replace(minute=1, second=0)]


def test_a_slot_another_scheduler_took_first_is_skipped(monkeypatch):
    """Two schedulers both find the slot free; the second insert fails on the unique slot
    and queues nothing. (Threads racing for real: test_periodic_race.py.)"""
    monkeypatch.setattr(QuerySet, "exists", lambda self: False)
    ours = scheduler_tick(entries=[HOURLY], now=T0)
    theirs = scheduler_tick(entries=[HOURLY], now=later(5))
    assert len(ours.queued) == 1 and theirs.queued == [] and theirs.skipped == ["purge_uploads"]
    assert PeriodicRun.objects.count() == 1 and tasks_queued() == 1


def test_the_task_runs_the_command_and_records_done(kh_officer, settings):
    settings.JOB_HEARTBEAT_TIMEOUT_SECONDS = 60
    dead = Job.objects.create(
        kind=Job.Kind.IMPORT,
        title="Import of sheet.xlsx",
        owner=kh_officer,
        country=Country.objects.get(code="KH"),
        status=Job.Status.RUNNING,
        heartbeat_at=timezone.now() - dt.timedelta(minutes=5),
    )
    scheduler_tick(entries=[MINUTELY])
    run_worker()
    run = PeriodicRun.objects.get()
    dead.refresh_from_db()
    assert dead.status == Job.Status.FAILED  # the command ran in the worker
    assert run.status == PeriodicRun.Status.DONE and run.error == ""
    assert run.started_at <= run.finished_at
    assert DBTaskResult.objects.get().status == "SUCCESSFUL"


def test_a_task_delivered_twice_runs_the_command_once():
    tick = scheduler_tick(entries=[HOURLY], now=T0)
    periodic.run_periodic_command.enqueue(tick.queued[0].pk)  # the same run, again
    with mock.patch(PURGE) as purge:
        run_worker()
    assert purge.call_count == 1


def test_a_failing_command_is_recorded_failed_logged_and_runs_again_next_slot(caplog):
    scheduler_tick(entries=[HOURLY], now=T0)
    with (
        mock.patch(PURGE, side_effect=RuntimeError("cannot delete Sok Dara's sheet")),
        caplog.at_level(logging.ERROR, logger="pathways.jobs.periodic"),
    ):
        run_worker()
    failed = PeriodicRun.objects.get()
    assert failed.status == PeriodicRun.Status.FAILED and "RuntimeError" in failed.error
    assert "Sok Dara" not in failed.error and "Traceback" not in failed.error
    assert "purge_uploads stopped on an unexpected error" in caplog.text
    assert DBTaskResult.objects.get().traceback == ""  # the task itself ended cleanly

    assert scheduler_tick(entries=[HOURLY], now=later(600)).queued == []  # same slot
    assert len(scheduler_tick(entries=[HOURLY], now=later(3600)).queued) == 1
    run_worker()
    latest = PeriodicRun.objects.order_by("-slot_start").first()
    assert latest.status == PeriodicRun.Status.DONE


def test_a_command_error_is_recorded_in_its_own_words():
    bad = Entry(name="purge", command="purge_uploads", args=("--no-such-option",), every=60)
    scheduler_tick(entries=[bad], now=T0)
    run_worker()
    run = PeriodicRun.objects.get()
    assert run.status == PeriodicRun.Status.FAILED and "--no-such-option" in run.error


def test_after_downtime_a_command_runs_once_not_once_per_missed_slot():
    scheduler_tick(entries=[MINUTELY], now=T0)
    back = later(3 * 3600)  # 180 minutes missed
    assert len(scheduler_tick(entries=[MINUTELY], now=back).queued) == 1
    assert scheduler_tick(entries=[MINUTELY], now=back + dt.timedelta(seconds=5)).queued == []
    assert PeriodicRun.objects.count() == 2 and tasks_queued() == 2


def test_a_run_that_cannot_be_queued_is_recorded_failed_and_runs_next_slot():
    unreachable = mock.Mock(enqueue=mock.Mock(side_effect=OSError("down")))
    with mock.patch.object(periodic, "run_periodic_command", unreachable):
        scheduler_tick(entries=[HOURLY], now=T0)
    run = PeriodicRun.objects.get()
    assert run.status == PeriodicRun.Status.FAILED and "could not be queued" in run.error
    assert len(scheduler_tick(entries=[HOURLY], now=later(3600)).queued) == 1


def test_old_runs_are_pruned_but_each_commands_latest_is_kept(settings):
    settings.PERIODIC_RUN_RETENTION_DAYS = 7
    weekly = Entry(name="weekly", command="purge_uploads", args=(), every=30 * 86400)
    scheduler_tick(entries=[MINUTELY, weekly], now=T0)
    scheduler_tick(entries=[MINUTELY, weekly], now=later(8 * 86400))
    assert sorted(PeriodicRun.objects.values_list("name", "slot_start")) == [
        ("fail_stale_jobs", later(8 * 86400).replace(second=0)),
        ("weekly", weekly.slot_start(T0)),  # 8 days old, but its last run
    ]


def test_the_schedule_comes_from_settings_and_a_mistake_is_named(settings):
    settings.PERIODIC_COMMANDS = {
        "purge_uploads": {"command": "purge_uploads", "every": 3600},
        "off": {"command": "fail_stale_jobs", "every": 0},
    }
    assert periodic_entries() == [HOURLY]
    settings.PERIODIC_COMMANDS = {"typo": {"command": "purge_upload", "every": 60}}
    with pytest.raises(ImproperlyConfigured, match="purge_upload"):
        periodic_entries()
    settings.PERIODIC_COMMANDS = {"x": {"command": "purge_uploads", "every": "hourly"}}
    with pytest.raises(ImproperlyConfigured, match="every"):
        periodic_entries()


def test_the_default_schedule_names_real_commands():
    names = {entry.name for entry in periodic_entries()}
    assert {"purge_uploads", "fail_stale_jobs"} <= names


def test_scheduler_once_queues_what_is_due_and_then_nothing(settings, monkeypatch):
    # As in workers.py: closing connections between ticks would close the test's own.
    monkeypatch.setattr(scheduler, "close_old_connections", lambda: None)
    settings.PERIODIC_COMMANDS = {"purge_uploads": {"command": "purge_uploads", "every": 3600}}
    out = io.StringIO()
    call_command("scheduler", "--once", stdout=out)
    assert "Queued purge_uploads" in out.getvalue()
    out = io.StringIO()
    call_command("scheduler", "--once", stdout=out)
    assert out.getvalue() == "" and tasks_queued() == 1


def test_the_admin_shows_each_commands_last_run_and_next_due(client, admin_user, settings):
    settings.PERIODIC_COMMANDS = {
        "purge_uploads": {"command": "purge_uploads", "every": 3600},
        "fail_stale_jobs": {"command": "fail_stale_jobs", "every": 60},
    }
    scheduler_tick(entries=[HOURLY])
    run_worker()
    statuses = {s.entry.name: s for s in periodic_status()}
    assert statuses["purge_uploads"].last.status == PeriodicRun.Status.DONE
    assert statuses["purge_uploads"].next_due > timezone.now()
    assert statuses["fail_stale_jobs"].last is None and statuses["fail_stale_jobs"].next_due is None
    client.force_login(admin_user)
    page = client.get(reverse("admin:jobs_periodicrun_changelist")).content.decode()
    assert "Periodic jobs" in page and "fail_stale_jobs" in page and "never" in page
    assert "Done" in page or "done" in page


def test_the_scheduler_keeps_ticking_through_a_database_outage_until_sigterm(
    settings, monkeypatch, caplog
):
    settings.PERIODIC_COMMANDS = {"purge_uploads": {"command": "purge_uploads", "every": 3600}}
    monkeypatch.setattr(scheduler, "close_old_connections", lambda: None)
    ticks = []

    def tick(*, entries):
        ticks.append(entries)
        if len(ticks) == 1:
            raise OperationalError("the database is restarting")
        os.kill(os.getpid(), signal.SIGTERM)  # as systemd stops it
        return periodic.Tick(queued=[], skipped=[])

    monkeypatch.setattr(scheduler, "scheduler_tick", tick)
    before = signal.getsignal(signal.SIGTERM)
    call_command("scheduler", "--interval", "0.01", stdout=io.StringIO())
    assert len(ticks) == 2 and "database cannot be reached" in caplog.text
    assert signal.getsignal(signal.SIGTERM) is before  # the handler it set is put back


def test_a_mistake_in_the_schedule_stops_the_scheduler_with_its_name(settings):
    settings.PERIODIC_COMMANDS = {"typo": {"command": "purge_upload", "every": 60}}
    with pytest.raises(CommandError, match="typo"):
        call_command("scheduler", "--once")


def test_the_admin_names_a_mistake_in_the_schedule(client, admin_user, settings):
    settings.PERIODIC_COMMANDS = {"typo": {"command": "purge_upload", "every": 60}}
    client.force_login(admin_user)
    response = client.get(reverse("admin:jobs_periodicrun_changelist"))
    assert response.status_code == 200 and "purge_upload" in response.content.decode()
