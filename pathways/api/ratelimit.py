"""Counting API requests per token in fixed windows, shared by every process serving the API.

The count must be one for all workers (gunicorn runs several), so it is never kept in a
process's memory. `API_RATE_STORE` says where it is kept:

- `redis://…`: Redis (`PATHWAYS_REDIS_URL` or `REDIS_URL`), one INCR per request;
- `sqlite:///path`: a small SQLite file of its own beside the database, the default with
  SQLite, so counting never waits behind an import holding the main database's write lock;
- `database`: a table in the main database, the default with PostgreSQL, whose row locks
  keep imports and counting apart.

Each request adds one to its (token, window) row in a single statement and reads the new
count back, so two workers can never both see the same count.
"""

from __future__ import annotations

import logging
import os
import sqlite3
import threading
from functools import lru_cache
from pathlib import Path
from typing import Protocol

from django.conf import settings
from django.db import connection

log = logging.getLogger(__name__)

# The table of ApiRequestCount, in whichever database holds it.
UPSERT = (
    "INSERT INTO api_apirequestcount (bucket, window_start, hits) VALUES (%s, %s, 1) "
    "ON CONFLICT (bucket, window_start) DO UPDATE SET hits = api_apirequestcount.hits + 1 "
    "RETURNING hits"
)
PURGE = "DELETE FROM api_apirequestcount WHERE window_start < %s"


class RateStore(Protocol):
    def hit(self, bucket: str, *, window_start: int, window: int) -> int:
        """Count one request in the bucket's window; the count so far, this one included."""
        ...


class RedisStore:
    def __init__(self, url: str) -> None:
        import redis  # only installations that count in Redis need it loaded

        self.client = redis.Redis.from_url(url, socket_timeout=2, socket_connect_timeout=2)

    def hit(self, bucket: str, *, window_start: int, window: int) -> int:
        key = f"pathways:api-rate:{bucket}:{window_start}"
        pipe = self.client.pipeline(transaction=True)
        pipe.incr(key)
        pipe.expire(key, window + 1)
        hits, _ = pipe.execute()
        return int(hits)


class SQLiteStore:
    SCHEMA = (
        "CREATE TABLE IF NOT EXISTS api_apirequestcount (bucket TEXT NOT NULL, "
        "window_start INTEGER NOT NULL, hits INTEGER NOT NULL, PRIMARY KEY (bucket, window_start))"
    )

    def __init__(self, path: str) -> None:
        self.path = Path(path)
        self.local = threading.local()

    def hit(self, bucket: str, *, window_start: int, window: int) -> int:
        db = self._connection()
        (hits,) = db.execute(UPSERT.replace("%s", "?"), (bucket, window_start)).fetchone()
        if hits == 1:  # a new window: the rows of past ones count for nothing
            db.execute(PURGE.replace("%s", "?"), (window_start - window,))
        return int(hits)

    def _connection(self) -> sqlite3.Connection:
        # One connection per thread and process: gunicorn forks workers, runserver threads.
        owner, db = getattr(self.local, "connection", (None, None))
        if db is None or owner != os.getpid():
            self.path.parent.mkdir(parents=True, exist_ok=True)
            db = sqlite3.connect(self.path, timeout=5, isolation_level=None)
            db.execute("PRAGMA journal_mode=WAL")
            db.execute("PRAGMA synchronous=NORMAL")
            db.execute(self.SCHEMA)
            self.local.connection = (os.getpid(), db)
        return db


class DatabaseStore:
    def hit(self, bucket: str, *, window_start: int, window: int) -> int:
        with connection.cursor() as cursor:
            cursor.execute(UPSERT, [bucket, window_start])
            (hits,) = cursor.fetchone()
            if hits == 1:
                cursor.execute(PURGE, [window_start - window])
        return int(hits)


@lru_cache(maxsize=4)
def store_for(location: str) -> RateStore:
    if location.startswith(("redis://", "rediss://", "unix://")):
        return RedisStore(location)
    if location.startswith("sqlite:///"):
        return SQLiteStore(location.removeprefix("sqlite:///"))
    if location == "database":
        return DatabaseStore()
    raise ValueError(f"API_RATE_STORE: unknown store {location!r}")


def hit(bucket: str, *, window_start: int, window: int) -> int | None:
    """The bucket's count in this window, this request included; None when the store cannot
    be reached (then the request is let through and the failure logged: an outage of the
    counter must not take the API down with it)."""
    try:
        return store_for(settings.API_RATE_STORE).hit(
            bucket, window_start=window_start, window=window
        )
    except Exception:
        log.exception("API rate limit: the counter in API_RATE_STORE cannot be reached")
        return None
