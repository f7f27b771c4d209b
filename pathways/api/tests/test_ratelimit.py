"""The API rate limit is counted once for all processes serving the API."""

from __future__ import annotations

import os
import secrets
import subprocess
import sys
import textwrap

import pytest
from django.conf import settings
from django.db import connection

from pathways.api import ratelimit
from pathways.api.tests.factories import api_client

REDIS_URL = os.environ.get("PATHWAYS_TEST_REDIS_URL", "redis://127.0.0.1:6379/0")
WINDOW = 10**9  # one window for the whole test: counts never start again half-way

# A worker: counts requests of one token through the API's throttle, once told to go.
WORKER = textwrap.dedent(
    """
    import os, sys, time
    import django
    django.setup()
    from django.http import HttpRequest
    from pathways.api.auth import TokenRateThrottle
    from pathways.api.models import ApiToken

    prefix, go, tries = sys.argv[1], sys.argv[2], int(sys.argv[3])
    request = HttpRequest()
    request.auth = ApiToken(prefix=prefix)
    throttle = TokenRateThrottle()
    print("ready", flush=True)
    while not os.path.exists(go):
        time.sleep(0.01)
    print(sum(throttle.allow_request(request) for _ in range(tries)), flush=True)
    """
)


def redis_reachable() -> bool:
    try:
        import redis

        return bool(redis.Redis.from_url(REDIS_URL, socket_connect_timeout=1).ping())
    except Exception:
        return False


def store_location(kind: str, tmp_path) -> str:
    if kind == "redis":
        if not redis_reachable():
            pytest.skip(f"Redis is not reachable at {REDIS_URL} (PATHWAYS_TEST_REDIS_URL)")
        return REDIS_URL
    if kind == "database":
        if connection.vendor != "postgresql":
            pytest.skip("the database store is PostgreSQL's; SQLite counts in a file of its own")
        return "database"
    return f"sqlite:///{tmp_path / 'api-rate.sqlite3'}"


def database_url() -> str:
    db = connection.settings_dict
    password = f":{db['PASSWORD']}" if db.get("PASSWORD") else ""
    return f"postgres://{db['USER']}{password}@{db['HOST']}:{db['PORT'] or 5432}/{db['NAME']}"


def run_workers(location: str, tmp_path, *, prefix: str, limit: int, tries: int) -> list[int]:
    env = {
        **os.environ,
        "DJANGO_SETTINGS_MODULE": "pathways.settings",
        "PATHWAYS_VAR_DIR": str(tmp_path),
        "PATHWAYS_API_RATE_STORE": location,
        "PATHWAYS_API_RATE_LIMIT": str(limit),
        "PATHWAYS_API_RATE_WINDOW_SECONDS": str(WINDOW),
    }
    if location == "database":
        env["DATABASE_URL"] = database_url()
    go = tmp_path / "go"
    workers = [
        subprocess.Popen(
            [sys.executable, "-c", WORKER, prefix, str(go), str(tries)],
            cwd=settings.BASE_DIR,
            env=env,
            stdout=subprocess.PIPE,
            stderr=subprocess.PIPE,
            text=True,
        )
        for _ in range(2)
    ]
    for worker in workers:
        assert worker.stdout.readline().strip() == "ready", worker.stderr.read()
    go.touch()  # both count at once
    allowed = []
    for worker in workers:
        out, err = worker.communicate(timeout=120)
        assert worker.returncode == 0, err
        allowed.append(int(out.strip()))
    return allowed


@pytest.mark.django_db
@pytest.mark.parametrize("kind", ["sqlite", "redis", "database"])
def test_two_processes_together_allow_the_limit_once_not_twice(kind, tmp_path):
    location, prefix = store_location(kind, tmp_path), secrets.token_hex(6)
    try:
        allowed = run_workers(location, tmp_path, prefix=prefix, limit=40, tries=40)
    finally:
        if kind == "redis":  # the shared server keeps no test's counts
            client = ratelimit.store_for(location).client
            client.delete(*client.keys(f"pathways:api-rate:{prefix}:*") or ["-"])
    assert sum(allowed) == 40, allowed


@pytest.mark.django_db
@pytest.mark.parametrize("kind", ["sqlite", "redis", "database"])
def test_each_store_counts_one_by_one_and_afresh_in_a_new_window(kind, tmp_path):
    store = ratelimit.store_for(store_location(kind, tmp_path))
    bucket = secrets.token_hex(6)
    assert [store.hit(bucket, window_start=600, window=60) for _ in range(3)] == [1, 2, 3]
    assert store.hit(secrets.token_hex(6), window_start=600, window=60) == 1
    assert store.hit(bucket, window_start=660, window=60) == 1
    assert store.hit(bucket, window_start=660, window=60) == 2


def test_past_windows_are_purged_from_the_sqlite_file(tmp_path):
    store = ratelimit.SQLiteStore(str(tmp_path / "api-rate.sqlite3"))
    for window_start in (0, 60, 120, 180):
        store.hit("a", window_start=window_start, window=60)
    rows = store._connection().execute("SELECT window_start FROM api_apirequestcount")
    assert sorted(row[0] for row in rows) == [120, 180]


@pytest.mark.django_db
def test_an_unreachable_counter_lets_requests_through_and_says_so_in_the_log(
    kh_officer, settings, caplog
):
    settings.API_RATE_STORE = "redis://127.0.0.1:9/0"  # nothing listens there
    settings.API_RATE_LIMIT = 1
    client = api_client(kh_officer)
    assert [client.get("/api/v1/countries/").status_code for _ in range(2)] == [200, 200]
    assert "the counter in API_RATE_STORE cannot be reached" in caplog.text


def store_chosen(tmp_path, **env: str) -> str:
    base = {
        k: v
        for k, v in os.environ.items()
        if k not in {"DATABASE_URL", "PATHWAYS_REDIS_URL", "REDIS_URL", "PATHWAYS_API_RATE_STORE"}
    }
    code = "from django.conf import settings; print(settings.API_RATE_STORE)"
    result = subprocess.run(
        [sys.executable, "manage.py", "shell", "-c", code],
        cwd=settings.BASE_DIR,
        env={**base, "PATHWAYS_VAR_DIR": str(tmp_path), **env},
        capture_output=True,
        text=True,
        timeout=120,
    )
    assert result.returncode == 0, result.stderr
    return result.stdout.splitlines()[-1]


def test_the_counter_is_beside_sqlite_in_redis_when_given_else_in_postgresql(tmp_path):
    assert store_chosen(tmp_path) == f"sqlite:///{tmp_path / 'api-rate.sqlite3'}"
    postgres = "postgres://postgres@127.0.0.1:5432/pathways"
    assert store_chosen(tmp_path, DATABASE_URL=postgres) == "database"
    redis_url = "redis://127.0.0.1:6379/3"
    assert store_chosen(tmp_path, DATABASE_URL=postgres, REDIS_URL=redis_url) == redis_url
    assert store_chosen(tmp_path, PATHWAYS_REDIS_URL=redis_url) == redis_url
