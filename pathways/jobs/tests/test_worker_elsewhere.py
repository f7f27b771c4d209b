"""A worker on another machine completes an import queued by the web process.

The web process and the worker share only what hosts of one deployment share: the database
(a SQLite file; with DATABASE_URL on PostgreSQL, a scratch database beside it) and the audit
key file. The worker runs from another working directory, with uploads and var folders of
its own, and the web process's folder is removed before it starts: the sheet can reach it
only through the shared storage (`STORAGES["shared"]`, the database by default). Kept in a
folder on each machine's own disk, it cannot, and the job says so.
"""

from __future__ import annotations

import base64
import json
import os
import secrets
import shutil
import subprocess
import sys
from collections.abc import Iterator
from pathlib import Path

import dj_database_url
import psycopg
import pytest
from django.conf import settings

ROOT = Path(settings.BASE_DIR)
ROWS = 40

SETUP = f"""
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
people = [[f"Synthetic Person {{i}}", "F" if i % 2 else "M"] for i in range({ROWS})]
rows = [["Name", "Sex"], *people]
upload = upload_create(owner=officer, event=event, data=csv_bytes(rows), file_name="sheet.csv")
print(import_queue(actor=officer, upload=upload).pk)
"""

STATE = """
import json
from pathways.activities.models import Attendance, ImportUpload
from pathways.jobs.models import Job, StoredFile
job = Job.objects.get(pk={job})
print(json.dumps({{"status": job.status, "error": job.error,
    "added": (job.report or {{}}).get("attendances_added"),
    "attendances": Attendance.objects.count(), "uploads": ImportUpload.objects.count(),
    "stored": StoredFile.objects.count()}}))
"""


def _postgres(url: str) -> tuple[dict, str] | None:
    """How to reach the server's own database, and the scratch database's name."""
    if not url.startswith("postgres"):
        return None
    config = dj_database_url.parse(url)
    admin = {
        "host": config["HOST"] or "127.0.0.1",
        "port": config["PORT"] or 5432,
        "user": config["USER"],
        "dbname": "postgres",
        "autocommit": True,
    }
    # One per pytest-xdist worker: tests running side by side each drop and create theirs.
    return admin, f"{config['NAME']}_elsewhere_{os.environ.get('PYTEST_XDIST_WORKER', 'main')}"


def _drop(admin: dict, name: str) -> None:
    with psycopg.connect(**admin) as conn:
        conn.execute(f'DROP DATABASE IF EXISTS "{name}" WITH (FORCE)')


def _host(tmp: Path, name: str, shared: dict[str, str]) -> dict[str, str]:
    """The environment of one machine: its own var and uploads folders."""
    env = {k: v for k, v in os.environ.items() if k not in {"PATHWAYS_REDIS_URL", "REDIS_URL"}}
    return {
        **env,
        **shared,
        "PATHWAYS_VAR_DIR": str(tmp / name / "var"),
        "PATHWAYS_MEDIA_ROOT": str(tmp / name / "uploads"),
    }


@pytest.fixture
def deployment(tmp_path) -> Iterator[dict[str, str]]:
    """What every host shares: the database and the audit key file."""
    (tmp_path / "database").mkdir()
    key = tmp_path / "keys" / "audit.key"
    key.parent.mkdir()
    key.write_text(f"k1:{base64.b64encode(secrets.token_bytes(32)).decode()}\n")
    key.chmod(0o600)
    url = os.environ.get("DATABASE_URL", "")
    postgres = _postgres(url)
    if postgres is None:
        url = f"sqlite:///{tmp_path / 'database' / 'pathways.sqlite3'}"
    else:
        _drop(*postgres)
        with psycopg.connect(**postgres[0]) as conn:
            conn.execute(f'CREATE DATABASE "{postgres[1]}"')
        url = url.rsplit("/", 1)[0] + "/" + postgres[1]
    yield {"DATABASE_URL": url, "PATHWAYS_AUDIT_KEY_FILE": str(key)}
    if postgres is not None:
        _drop(*postgres)


def _manage(env: dict[str, str], *args: str, cwd: Path = ROOT) -> str:
    done = subprocess.run(
        [sys.executable, str(ROOT / "manage.py"), *args],
        env=env,
        cwd=cwd,
        capture_output=True,
        text=True,
        timeout=300,
    )
    assert done.returncode == 0, done.stderr[-2000:]
    return done.stdout


def _queue_on_the_web_host(tmp: Path, deployment: dict[str, str], storage: dict) -> tuple:
    web = _host(tmp, "web", {**deployment, **storage})
    _manage(web, "migrate", "--noinput", "-v0")
    job = int(_manage(web, "shell", "-c", SETUP).strip().splitlines()[-1])
    return web, job


def _work_on_another_host(tmp: Path, deployment: dict[str, str], storage: dict) -> dict:
    shutil.rmtree(tmp / "web")  # nothing of the web machine's disk is left to read
    worker = _host(tmp, "worker", {**deployment, **storage})
    elsewhere = tmp / "worker" / "cwd"
    elsewhere.mkdir(parents=True)
    _manage(
        worker, "db_worker", "--batch", "--no-reload", "--no-startup-delay", "-v0", cwd=elsewhere
    )
    assert not any(p.is_file() for p in (tmp / "worker" / "uploads").rglob("*"))
    return worker


def _state(env: dict[str, str], job: int) -> dict:
    return json.loads(_manage(env, "shell", "-c", STATE.format(job=job)).strip().splitlines()[-1])


@pytest.mark.parametrize(
    "storage",
    [
        {},  # the default: the database
        {"PATHWAYS_SHARED_STORAGE": "files", "PATHWAYS_SHARED_FILES_DIR": "{tmp}/mounted"},
    ],
    ids=["database", "folder-every-host-mounts"],
)
def test_a_worker_on_another_machine_completes_the_queued_import(storage, deployment, tmp_path):
    storage = {k: v.format(tmp=tmp_path) for k, v in storage.items()}
    _web, job = _queue_on_the_web_host(tmp_path, deployment, storage)
    worker = _work_on_another_host(tmp_path, deployment, storage)
    state = _state(worker, job)
    assert state["status"] == "done", state["error"]
    assert state["attendances"] == state["added"] == ROWS
    assert (state["uploads"], state["stored"]) == (0, 0)  # the sheet is deleted once imported
    # The worker signed its audit entries with the key every host shares: the chain holds.
    assert _manage(worker, "verify_audit").strip().endswith("ok")


def test_a_sheet_kept_on_the_web_machines_own_disk_cannot_reach_another_machine(
    deployment, tmp_path
):
    storage = {"PATHWAYS_SHARED_STORAGE": "files"}  # MEDIA_ROOT/shared: each host's own
    _web, job = _queue_on_the_web_host(tmp_path, deployment, storage)
    worker = _work_on_another_host(tmp_path, deployment, storage)
    state = _state(worker, job)
    assert state["status"] == "failed" and state["attendances"] == 0
    assert "no longer kept" in state["error"]
