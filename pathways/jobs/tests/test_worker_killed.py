"""A real worker process killed in the middle of an import: nothing of the import is
written, the job is failed once its heartbeat is stale, and "try again" imports the sheet,
once however often its task is delivered. On both task backends: the database's
(`db_worker`) and Redis through RQ (`rqworker`).

The worker and the test's set-up run as processes of their own on a database of their own
(a SQLite file; with DATABASE_URL on PostgreSQL, a scratch database beside it), as a worker
runs beside the web server. The Redis runs need a Redis server (PATHWAYS_TEST_REDIS_URL,
else redis://127.0.0.1:6379/0): skipped without one on a developer's machine, failed in CI
(whose .ci/run starts one).
"""

from __future__ import annotations

import contextlib
import json
import os
import signal
import subprocess
import sys
import time
from collections.abc import Iterator
from pathlib import Path

import dj_database_url
import psycopg
import pytest
import redis
from django.conf import settings
from django.core.cache.backends.filebased import FileBasedCache
from django.core.cache.backends.redis import RedisCache

ROOT = Path(settings.BASE_DIR)
ROWS = 20000
REDIS_URL = os.environ.get("PATHWAYS_TEST_REDIS_URL", "redis://127.0.0.1:6379/0")

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
import contextlib
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

# Try again, and deliver the task a second time as a queue may: the job runs once.
RETRY = """
from django.utils.module_loading import import_string
from pathways.jobs.models import Job
from pathways.jobs.services import job_retry
job = Job.objects.get(pk={job})
job_retry(actor=job.owner, job=job)
import_string(job.params["task"]).enqueue(job.pk)
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


def _redis_or_skip() -> redis.Redis:
    client = redis.Redis.from_url(REDIS_URL, socket_connect_timeout=1)
    try:
        client.ping()
    except redis.RedisError:
        if os.environ.get("CI"):
            pytest.fail(f"CI starts Redis, yet it is not reachable at {REDIS_URL}")
        pytest.skip(f"Redis is not reachable at {REDIS_URL} (PATHWAYS_TEST_REDIS_URL)")
    return client


@pytest.fixture(params=["database", "redis"])
def env(request, tmp_path) -> Iterator[dict[str, str]]:
    env = {
        **os.environ,
        "DATABASE_URL": _database_url(tmp_path),
        "PATHWAYS_VAR_DIR": str(tmp_path),
        "PATHWAYS_MEDIA_ROOT": str(tmp_path / "uploads"),
        "PATHWAYS_JOB_HEARTBEAT_TIMEOUT": "3",
        "PATHWAYS_TASK_BACKEND": request.param,
    }
    env.pop("PATHWAYS_REDIS_URL", None)
    env.pop("REDIS_URL", None)
    if request.param == "database":
        _manage(env, "migrate", "--noinput", "-v0")
        yield env
        return
    env["PATHWAYS_REDIS_URL"] = REDIS_URL
    # RQ's queue "default" is one per Redis database: two of these tests at once (pytest's
    # workers, the SQLite and PostgreSQL runs) would run each other's tasks.
    with _redis_or_skip().lock("pathways-test-rq-worker", timeout=600, blocking_timeout=600):
        _manage(env, "migrate", "--noinput", "-v0")
        yield env


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


def _on_redis(env) -> bool:
    return env["PATHWAYS_TASK_BACKEND"] == "redis"


def _worker(env) -> subprocess.Popen:
    if _on_redis(env):
        command = ["rqworker", "default", "-v0"]
    else:
        command = ["db_worker", "--no-reload", "--interval", "0.2", "-v0"]
    return subprocess.Popen([sys.executable, "manage.py", *command], env=env, cwd=ROOT)


def _kill_with_children(worker: subprocess.Popen) -> None:
    """Kill the worker and the process running its task, as a machine that stops does: RQ's
    worker runs each task in a child process of a process group of its own."""
    children = [
        int(stat.parent.name)
        for stat in Path("/proc").glob("[0-9]*/stat")
        if _parent_pid(stat) == worker.pid
    ]
    for pid in [worker.pid, *children]:
        with contextlib.suppress(ProcessLookupError):
            os.kill(pid, signal.SIGKILL)
    worker.wait(timeout=10)


def _parent_pid(stat: Path) -> int | None:
    try:
        return int(stat.read_text().rsplit(")", 1)[1].split()[1])
    except (OSError, IndexError, ValueError):
        return None


def _run_queued(env) -> None:
    """A worker that runs what waits, then stops."""
    if _on_redis(env):
        _manage(env, "rqworker", "default", "--burst", "-v0")
    else:
        _manage(env, "db_worker", "--batch", "--no-reload", "--no-startup-delay", "-v0")


def _progress_cache(env) -> FileBasedCache | RedisCache:
    if _on_redis(env):
        return RedisCache(env["PATHWAYS_REDIS_URL"], {})
    return FileBasedCache(str(Path(env["PATHWAYS_VAR_DIR"]) / "job-progress"), {})


def _wait_for_stage(env, job: int, worker: subprocess.Popen, stages: set[str]) -> str:
    """Watch the job's progress as its page does, in the jobs cache the worker writes to."""
    progress = _progress_cache(env)
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
        _kill_with_children(worker)
    finally:
        if worker.poll() is None:
            _kill_with_children(worker)
    state = _state(env, job)
    assert (state["attendances"], state["batches"]) == (0, 0)
    assert state["persons"] == persons_before
    time.sleep(4)  # the heartbeat timeout is 3 s here
    state = _state(env, job)
    assert state["status"] == "failed" and state["failed_now"] == 1
    assert "stopped before it finished" in state["error"]

    _manage(env, "shell", "-c", RETRY.format(job=job))
    _run_queued(env)
    state = _state(env, job)
    assert state["status"] == "done" and state["batches"] == 1
    assert state["attendances"] == state["added"] > 0
