"""A real worker process killed in the middle of an import: nothing of the import is
written, the job is failed once its heartbeat is stale, and "try again" imports the sheet.

The worker and the test's set-up run as processes of their own on a database of their own
(a SQLite file; with DATABASE_URL on PostgreSQL, a scratch database beside it), as a worker
runs beside the web server.
"""

from __future__ import annotations

import json
import os
import signal
import subprocess
import sys
import time
from pathlib import Path

import dj_database_url
import psycopg
import pytest
from django.conf import settings
from django.core.cache.backends.filebased import FileBasedCache

ROOT = Path(settings.BASE_DIR)
ROWS = 20000

SETUP = f"""
import itertools
from pathways.accounts.models import Membership, Role, User
from pathways.activities.importing.background import import_queue
from pathways.activities.importing.uploads import upload_create
from pathways.activities.tests.import_sheets import csv_bytes, make_event
from pathways.programs.models import Country
from pathways.programs.services import load_reference_data
load_reference_data()
officer = User.objects.create_user(username="officer")
kh = Country.objects.get(code="KH")
Membership.objects.create(user=officer, role=Role.DATA_OFFICER, country=kh)
event = make_event(lead=None)
syllables = ["sok", "dara", "chan", "vanna", "keo", "mony", "rith", "bopha", "sov", "nary"]
names = (" ".join(p).title() for p in itertools.product(syllables, repeat=5))
rows = [["Name", "Sex"]] + [[next(names), "F" if i % 2 else "M"] for i in range({ROWS})]
upload = upload_create(owner=officer, event=event, data=csv_bytes(rows), file_name="big.csv")
job = import_queue(actor=officer, upload=upload)
print(job.pk, event.pk)
"""

STATE = """
import json
from pathways.activities.models import Attendance, ImportBatch, Person
from pathways.jobs.models import Job
from pathways.jobs.progress import progress_read
from pathways.jobs.services import jobs_fail_stale
failed = jobs_fail_stale()
job = Job.objects.get(pk={job})
progress = progress_read(job.pk)
print(json.dumps({{"status": job.status, "stage": progress.stage if progress else job.stage,
    "error": job.error, "failed_now": failed, "attendances": Attendance.objects.count(),
    "batches": ImportBatch.objects.count(), "persons": Person.objects.count(),
    "added": (job.report or {{}}).get("attendances_added")}}))
"""

RETRY = """
from pathways.jobs.models import Job
from pathways.jobs.services import job_retry
job = Job.objects.get(pk={job})
job_retry(actor=job.owner, job=job)
"""


def _database_url(tmp: Path) -> str:
    url = os.environ.get("DATABASE_URL", "")
    if not url.startswith("postgres"):
        return f"sqlite:///{tmp / 'worker.sqlite3'}"
    config = dj_database_url.parse(url)
    name = f"{config['NAME']}_killed"
    admin = {
        "host": config["HOST"] or "127.0.0.1",
        "port": config["PORT"] or 5432,
        "user": config["USER"],
        "dbname": "postgres",
        "autocommit": True,
    }
    with psycopg.connect(**admin) as conn:
        conn.execute(f'DROP DATABASE IF EXISTS "{name}" WITH (FORCE)')
        conn.execute(f'CREATE DATABASE "{name}"')
    return url.rsplit("/", 1)[0] + "/" + name


@pytest.fixture
def env(tmp_path) -> dict[str, str]:
    env = {
        **os.environ,
        "DATABASE_URL": _database_url(tmp_path),
        "PATHWAYS_VAR_DIR": str(tmp_path),
        "PATHWAYS_MEDIA_ROOT": str(tmp_path / "uploads"),
        "PATHWAYS_JOB_HEARTBEAT_TIMEOUT": "3",
    }
    env.pop("PATHWAYS_REDIS_URL", None)
    env.pop("REDIS_URL", None)
    _manage(env, "migrate", "--noinput", "-v0")
    return env


def _manage(env, *args: str) -> str:
    done = subprocess.run(
        [sys.executable, "manage.py", *args],
        env=env,
        cwd=ROOT,
        capture_output=True,
        text=True,
    )
    assert done.returncode == 0, done.stderr[-2000:]
    return done.stdout


def _state(env, job: int) -> dict:
    return json.loads(_manage(env, "shell", "-c", STATE.format(job=job)).strip().splitlines()[-1])


def _worker(env) -> subprocess.Popen:
    return subprocess.Popen(
        [sys.executable, "manage.py", "db_worker", "--no-reload", "--interval", "0.2", "-v0"],
        env=env,
        cwd=ROOT,
    )


def _wait_for_stage(env, job: int, worker: subprocess.Popen, stages: set[str]) -> str:
    """Watch the job's progress as its page does, in the files the worker writes it to."""
    progress = FileBasedCache(str(Path(env["PATHWAYS_VAR_DIR"]) / "job-progress"), {})
    key = f"job-progress:{dj_database_url.parse(env['DATABASE_URL'])['NAME']}:{job}"
    deadline = time.monotonic() + 120
    seen = []
    while time.monotonic() < deadline:
        assert worker.poll() is None, "the worker ended before the import was under way"
        stage = (progress.get(key) or {}).get("stage", "")
        seen.append(stage)
        if stage in stages:
            return stage
        time.sleep(0.02)
    raise AssertionError(f"the import never reached {stages}; seen {sorted(set(seen))}")


def test_a_worker_killed_mid_import_writes_nothing_and_its_job_can_be_tried_again(env):
    job = int(_manage(env, "shell", "-c", SETUP).strip().splitlines()[-1].split()[0])
    persons_before = _state(env, job)["persons"]
    worker = _worker(env)
    try:
        # Inside the import's transaction: matching rows with persons, or writing them.
        _wait_for_stage(env, job, worker, {"matching", "writing"})
        worker.send_signal(signal.SIGKILL)
        worker.wait(timeout=10)
    finally:
        if worker.poll() is None:
            worker.kill()
    state = _state(env, job)
    assert (state["attendances"], state["batches"]) == (0, 0)
    assert state["persons"] == persons_before
    time.sleep(4)  # the heartbeat timeout is 3 s here
    state = _state(env, job)
    assert state["status"] == "failed" and state["failed_now"] == 1
    assert "stopped before it finished" in state["error"]

    _manage(env, "shell", "-c", RETRY.format(job=job))
    _manage(env, "db_worker", "--batch", "--no-reload", "--no-startup-delay", "-v0")
    state = _state(env, job)
    assert state["status"] == "done" and state["batches"] == 1
    assert state["attendances"] == state["added"] > 0
