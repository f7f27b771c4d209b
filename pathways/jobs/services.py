"""Writes of jobs: queue one, run it (as a task calls it), try again, and fail those whose
worker died. A job's own row is written only outside the work's transaction: when it is
queued, when it starts, and when it ends; progress in between goes to `progress.py`."""

from __future__ import annotations

import datetime as dt
import logging
from collections.abc import Callable
from dataclasses import dataclass
from functools import partial
from typing import Any

from django.conf import settings
from django.core.exceptions import PermissionDenied
from django.db import transaction
from django.utils import timezone
from django.utils.module_loading import import_string
from django.utils.translation import gettext as _
from django_tasks_db import DatabaseBackend

from pathways.jobs.models import Job
from pathways.jobs.progress import Reporter, heartbeat, progress_forget, progress_read

logger = logging.getLogger(__name__)


class JobError(Exception):
    """The work could not be done, for a reason the user can read (and nothing was written).
    `report` is kept with the job (an import's rows with problems)."""

    def __init__(self, message: str, report: dict[str, Any] | None = None) -> None:
        super().__init__(message)
        self.message = message
        self.report = report


@dataclass(frozen=True)
class Outcome:
    report: dict[str, Any]
    result_url: str = ""
    rows_done: int = 0


# What a task runs: the job and its reporter in, the outcome out (or JobError).
Work = Callable[[Job, Reporter], Outcome]


def job_queue(
    *, task: Any, owner: Any, kind: str, title: str, country_id: int | None, params: dict
) -> Job:
    """Record the job and queue its task (a django-tasks Task taking the job's id)."""
    job = Job.objects.create(
        kind=kind,
        title=title[:300],
        owner=owner,
        country_id=country_id,
        params={**params, "task": task.module_path},
    )
    _enqueue(job, task)
    return job


def _enqueue(job: Job, task: Any) -> None:
    if isinstance(task.get_backend(), DatabaseBackend):
        _send(job.pk, task)  # the task's row commits (or rolls back) with the job's
    else:
        # Redis: a worker may take the task at once, before the transaction that wrote the
        # job commits, and find no job to claim; so the task goes once the job is committed.
        transaction.on_commit(partial(_send_or_fail, job.pk, task))


def _send(job_id: int, task: Any) -> None:
    result = task.enqueue(job_id)
    Job.objects.filter(pk=job_id, task_id="").update(task_id=str(result.id)[:64])


def _send_or_fail(job_id: int, task: Any) -> None:
    """Send the task of a committed job; when the queue does not take it (Redis down), the
    job is failed in words, to be tried again, instead of waiting for a task never sent."""
    try:
        _send(job_id, task)
    except Exception:
        logger.exception("The task of job %s could not be queued", job_id)
        Job.objects.filter(pk=job_id, status=Job.Status.QUEUED).update(
            status=Job.Status.FAILED,
            stage=Job.Status.FAILED,
            error=_(
                "The job could not be handed to a worker (the task queue did not answer). "
                "Nothing was done. Try again; if it fails again, tell your administrator."
            ),
            finished_at=timezone.now(),
        )


def job_run(job_id: int, work: Work) -> None:
    """Run a queued job once: a task delivered twice, or a job already ended, does nothing."""
    jobs_fail_stale()
    now = timezone.now()
    claimed = Job.objects.filter(pk=job_id, status=Job.Status.QUEUED).update(
        status=Job.Status.RUNNING, started_at=now, heartbeat_at=now, stage="starting"
    )
    if not claimed:
        return
    job = Job.objects.select_related("owner").get(pk=job_id)
    reporter = Reporter(job.pk)
    reporter("starting")
    try:
        with heartbeat(reporter):
            outcome = work(job, reporter)
    except (JobError, PermissionDenied) as exc:
        message = exc.message if isinstance(exc, JobError) else str(exc)
        report = exc.report if isinstance(exc, JobError) else None
        _end(job, Job.Status.FAILED, error=message, report=report, reporter=reporter)
    except Exception:
        # The traceback goes to the server's log (ids only, through the log filter); the
        # user reads what happened in words.
        logger.exception("Job %s (%s) stopped on an unexpected error", job.pk, job.kind)
        _end(job, Job.Status.FAILED, error=_unexpected_error(), reporter=reporter)
    else:
        # Done: every row the work went through, or what it says when it stopped early
        # (a file imported already, a dry run).
        reporter.rows_total = reporter.rows_total or outcome.rows_done
        _end(
            job,
            Job.Status.DONE,
            report=outcome.report,
            result_url=outcome.result_url,
            rows_done=reporter.rows_total,
            reporter=reporter,
        )


def _unexpected_error() -> str:
    return _(
        "The job stopped on an unexpected error and nothing was written. Try again; if it "
        "stops again, tell your administrator (the server's log has the details)."
    )


def _end(
    job: Job,
    status: str,
    *,
    reporter: Reporter,
    error: str = "",
    report: dict | None = None,
    result_url: str = "",
    rows_done: int | None = None,
) -> None:
    Job.objects.filter(pk=job.pk).update(
        status=status,
        stage=status,
        error=error,
        report=report,
        result_url=result_url,
        rows_done=reporter.rows_done if rows_done is None else rows_done,
        rows_total=reporter.rows_total,
        finished_at=timezone.now(),
        heartbeat_at=timezone.now(),
    )
    progress_forget(job.pk)


def job_mark_read(*, actor: Any, job: Job) -> None:
    """The user who queued the job has read how it ended: it leaves their "needs you"."""
    if job.owner_id == actor.pk and job.is_ended and job.seen_at is None:
        job.seen_at = timezone.now()
        Job.objects.filter(pk=job.pk, seen_at__isnull=True).update(seen_at=job.seen_at)


def job_retry(*, actor: Any, job: Job) -> Job:
    """Queue a failed job again, with what it was queued with (an import: the same stored
    file). Only the user who queued it may: it runs as them."""
    if job.owner_id != actor.pk:
        raise PermissionDenied(_("Only the person who queued this job can try it again."))
    if job.status != Job.Status.FAILED:
        raise PermissionDenied(_("Only a failed job can be tried again."))
    Job.objects.filter(pk=job.pk).update(
        status=Job.Status.QUEUED,
        stage="",
        error="",
        report=None,
        rows_done=0,
        rows_total=0,
        started_at=None,
        finished_at=None,
        seen_at=None,
        task_id="",
    )
    job.refresh_from_db()
    _enqueue(job, import_string(job.params["task"]))
    return job


def stale_before(now: dt.datetime | None = None) -> dt.datetime:
    return (now or timezone.now()) - dt.timedelta(seconds=settings.JOB_HEARTBEAT_TIMEOUT_SECONDS)


def jobs_fail_stale(*, now: dt.datetime | None = None) -> int:
    """Fail the running jobs whose worker has not been heard from for the heartbeat timeout:
    the worker died (killed, restarted, its machine stopped). Their work was one transaction,
    so nothing of it was written; the user can try again."""
    cutoff = stale_before(now)
    failed = 0
    for job in Job.objects.filter(status=Job.Status.RUNNING, heartbeat_at__lt=cutoff):
        progress = progress_read(job.pk)
        if progress and progress.heartbeat and progress.heartbeat >= cutoff:
            continue  # alive: its heart beats in the cache, not in the row
        failed += Job.objects.filter(pk=job.pk, status=Job.Status.RUNNING).update(
            status=Job.Status.FAILED,
            stage=Job.Status.FAILED,
            error=_(
                "The worker running this job stopped before it finished (it was restarted "
                "or killed). Nothing was written. Try again."
            ),
            finished_at=now or timezone.now(),
        )
    return failed
