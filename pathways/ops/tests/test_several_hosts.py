"""What several hosts of one deployment share (docs/operations.md, "More than one machine"):
with PATHWAYS_REDIS_URL every cache and the API's rate limit are in Redis, one for all
processes; sessions and sign-in lockouts are rows of the one database. Each setting is read
in a fresh interpreter, as a host would start."""

from __future__ import annotations

import json
import os
import secrets
import subprocess
import sys

import pytest
from django.conf import settings

REDIS_URL = os.environ.get("PATHWAYS_TEST_REDIS_URL", "redis://127.0.0.1:6379/0")
SHOW = (
    "import json; from django.conf import settings; from pathways.accounts.lockout import "
    "LockoutHandler; from axes.handlers.database import AxesDatabaseHandler; "
    "print(json.dumps({'default': settings.CACHES['default'], 'jobs': settings.CACHES['jobs'], "
    "'rate': settings.API_RATE_STORE, 'sessions': settings.SESSION_ENGINE, "
    "'lockouts_in_database': issubclass(LockoutHandler, AxesDatabaseHandler)}))"
)


def manage_shell(code: str, tmp_path, **env: str) -> str:
    unset = {"DATABASE_URL", "PATHWAYS_REDIS_URL", "REDIS_URL", "PATHWAYS_API_RATE_STORE"}
    base = {k: v for k, v in os.environ.items() if k not in unset}
    result = subprocess.run(
        [sys.executable, "manage.py", "shell", "-c", code],
        cwd=settings.BASE_DIR,
        env={**base, "PATHWAYS_VAR_DIR": str(tmp_path), **env},
        capture_output=True,
        text=True,
        timeout=120,
    )
    assert result.returncode == 0, result.stderr[-2000:]
    return result.stdout.splitlines()[-1]


def test_with_redis_every_cache_and_rate_limit_is_in_redis(tmp_path):
    redis_url = "redis://redis.internal:6379/2"
    shown = json.loads(manage_shell(SHOW, tmp_path, PATHWAYS_REDIS_URL=redis_url))
    for cache in ("default", "jobs"):
        assert shown[cache]["BACKEND"] == "django.core.cache.backends.redis.RedisCache", cache
        assert shown[cache]["LOCATION"] == redis_url
    assert shown["rate"] == redis_url


def test_without_redis_the_default_cache_is_the_process_own(tmp_path):
    shown = json.loads(manage_shell(SHOW, tmp_path))
    assert shown["default"]["BACKEND"] == "django.core.cache.backends.locmem.LocMemCache"
    assert shown["rate"].startswith("sqlite:///")


def test_sessions_and_lockouts_are_kept_in_the_database_every_host_shares(tmp_path):
    shown = json.loads(manage_shell(SHOW, tmp_path))
    assert shown["sessions"] == "django.contrib.sessions.backends.db"
    assert shown["lockouts_in_database"] is True


def test_a_value_cached_by_one_process_is_read_by_another_through_redis(tmp_path):
    try:
        import redis

        redis.Redis.from_url(REDIS_URL, socket_connect_timeout=1).ping()
    except Exception:
        pytest.skip(f"Redis is not reachable at {REDIS_URL} (PATHWAYS_TEST_REDIS_URL)")
    key = f"test-several-hosts-{secrets.token_hex(8)}"
    write = f"from django.core.cache import cache; cache.set({key!r}, 'seen', 60); print('ok')"
    read = f"from django.core.cache import cache; print(cache.get({key!r})); cache.delete({key!r})"
    assert manage_shell(write, tmp_path / "one", PATHWAYS_REDIS_URL=REDIS_URL) == "ok"
    assert manage_shell(read, tmp_path / "two", PATHWAYS_REDIS_URL=REDIS_URL) == "seen"


def test_a_bucket_without_redis_is_warned_about_and_with_redis_is_not(tmp_path):
    bucket = {"PATHWAYS_SHARED_STORAGE": "s3", "PATHWAYS_S3_BUCKET": "pathways-shared"}
    code = (
        "from django.core import checks; "
        "print(sorted(m.id for m in checks.run_checks() if m.id.startswith('jobs.')))"
    )
    assert manage_shell(code, tmp_path, **bucket) == "['jobs.W001']"
    with_redis = {**bucket, "PATHWAYS_REDIS_URL": "redis://redis.internal:6379/0"}
    assert manage_shell(code, tmp_path, **with_redis) == "[]"
    assert manage_shell(code, tmp_path) == "[]"
