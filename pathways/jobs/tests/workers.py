"""Run the queued tasks as `manage.py db_worker --batch` does, in this process."""

from __future__ import annotations

from unittest import mock

from django_tasks_db.management.commands import db_worker
from django_tasks_db.management.commands.db_worker import Worker


def run_worker(worker_id: str = "test-worker") -> None:
    """Run every task waiting in the database, then return (no signal handlers: tests may
    call this from a thread). The worker closes its connection between tasks, as a long
    process should; inside a test's transaction that would close the test's own."""
    with mock.patch.object(db_worker, "close_old_connections", lambda: None):
        _worker(worker_id).run()


def _worker(worker_id: str) -> Worker:
    return Worker(
        queue_names=["default"],
        interval=0,
        batch=True,
        backend_name="default",
        startup_delay=False,
        max_tasks=None,
        worker_id=worker_id,
        excluded_queue_names=[],
    )
