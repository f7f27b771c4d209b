"""The task backend is chosen by PATHWAYS_TASK_BACKEND: the database's by default, Redis (RQ)
when asked and given a Redis URL. On Redis a job's task is sent only once the job's row is
committed, so a worker that takes it at once finds the job to claim."""

from __future__ import annotations

import os
import subprocess
import sys
from dataclasses import dataclass

import pytest
from django.conf import settings
from django.db import transaction

from pathways.jobs.models import Job
from pathways.jobs.services import job_queue

BACKEND = "import json; from django.conf import settings; print(json.dumps(settings.TASKS))"


def settings_in_fresh_process(**env: str) -> subprocess.CompletedProcess:
    base = {
        k: v
        for k, v in os.environ.items()
        if k not in {"PATHWAYS_TASK_BACKEND", "PATHWAYS_REDIS_URL", "REDIS_URL"}
    }
    return subprocess.run(
        [sys.executable, "manage.py", "shell", "-c", BACKEND],
        cwd=settings.BASE_DIR,
        env={**base, **env},
        capture_output=True,
        text=True,
        timeout=120,
    )


def test_the_database_backend_is_the_default():
    result = settings_in_fresh_process()
    assert result.returncode == 0, result.stderr
    assert "django_tasks_db.DatabaseBackend" in result.stdout


def test_the_redis_backend_queues_in_the_redis_it_is_given():
    result = settings_in_fresh_process(
        PATHWAYS_TASK_BACKEND="redis", PATHWAYS_REDIS_URL="redis://127.0.0.1:6379/9"
    )
    assert result.returncode == 0, result.stderr
    assert "django_tasks_rq.RQBackend" in result.stdout


def test_the_redis_backend_refuses_to_start_without_a_redis_url():
    result = settings_in_fresh_process(PATHWAYS_TASK_BACKEND="redis")
    assert result.returncode != 0
    assert "PATHWAYS_TASK_BACKEND=redis needs PATHWAYS_REDIS_URL" in result.stderr


def test_an_unknown_backend_is_refused():
    result = settings_in_fresh_process(PATHWAYS_TASK_BACKEND="celery")
    assert result.returncode != 0
    assert "PATHWAYS_TASK_BACKEND must be 'database' or 'redis'" in result.stderr


@dataclass
class Sent:
    id: str


class QueueOutsideTheDatabase:
    """A task whose backend keeps its queue elsewhere (as RQ's does, in Redis)."""

    module_path = "pathways.activities.importing.background.import_job_run"

    def __init__(self) -> None:
        self.sent: list[int] = []

    def get_backend(self) -> object:
        return object()

    def enqueue(self, job_id: int) -> Sent:
        self.sent.append(job_id)
        return Sent(id=f"rq-{job_id}")


@pytest.mark.django_db
def test_on_redis_the_task_is_sent_once_the_job_is_committed(
    kh_officer, django_capture_on_commit_callbacks
):
    task = QueueOutsideTheDatabase()
    with django_capture_on_commit_callbacks(execute=True), transaction.atomic():
        job = job_queue(
            task=task,
            owner=kh_officer,
            kind=Job.Kind.IMPORT,
            title="Import of sheet.xlsx",
            country_id=None,
            params={},
        )
        assert task.sent == []  # a worker taking it now would not see the job yet
    assert task.sent == [job.pk]
    job.refresh_from_db()
    assert job.task_id == f"rq-{job.pk}"


class QueueThatDoesNotAnswer(QueueOutsideTheDatabase):
    def enqueue(self, job_id: int) -> Sent:
        raise ConnectionError("Redis is down")


@pytest.mark.django_db
def test_a_job_whose_task_the_queue_refuses_is_failed_in_words_not_left_waiting(
    kh_officer, django_capture_on_commit_callbacks, caplog
):
    with django_capture_on_commit_callbacks(execute=True), transaction.atomic():
        job = job_queue(
            task=QueueThatDoesNotAnswer(),
            owner=kh_officer,
            kind=Job.Kind.IMPORT,
            title="Import of sheet.xlsx",
            country_id=None,
            params={},
        )
    job.refresh_from_db()
    assert job.status == Job.Status.FAILED
    assert "could not be handed to a worker" in job.error and "Traceback" not in job.error
    assert "could not be queued" in caplog.text


@pytest.mark.django_db
def test_on_the_database_the_task_is_queued_with_the_job_in_its_transaction(kh_officer):
    from django_tasks_db.models import DBTaskResult

    from pathways.activities.importing.background import import_job_run

    with transaction.atomic():
        job = job_queue(
            task=import_job_run,
            owner=kh_officer,
            kind=Job.Kind.IMPORT,
            title="Import of sheet.xlsx",
            country_id=None,
            params={},
        )
        job.refresh_from_db()
        assert DBTaskResult.objects.filter(id=job.task_id).exists()
