"""`manage.py fail_stale_jobs`: fail the running jobs whose worker died."""

from __future__ import annotations

from django.conf import settings
from django.core.management.base import BaseCommand

from pathways.jobs.services import jobs_fail_stale


class Command(BaseCommand):
    help = (
        "Mark failed the running jobs whose worker has not been heard from for "
        "PATHWAYS_JOB_HEARTBEAT_TIMEOUT seconds (killed, restarted, its machine stopped), so "
        "their users can try again. Safe to run at any time and any number of times; the "
        "scheduler runs it every minute."
    )

    def handle(self, *args, **options):
        failed = jobs_fail_stale()
        self.stdout.write(
            f"Failed {failed} job(s) whose worker was silent for "
            f"{settings.JOB_HEARTBEAT_TIMEOUT_SECONDS} seconds."
        )
