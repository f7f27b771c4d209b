"""`manage.py purge_uploads`: delete uploaded sheets whose import failed or was abandoned,
and the files of jobs past their retention time."""

from __future__ import annotations

from django.conf import settings
from django.core.management.base import BaseCommand

from pathways.activities.importing.uploads import uploads_purge
from pathways.jobs.files import job_files_purge


class Command(BaseCommand):
    help = (
        "Delete uploaded attendance sheets left unused for PATHWAYS_UPLOAD_RETENTION_HOURS "
        "(a failed import, a preview never confirmed), and upload files no record names; and "
        "the files of jobs (exports, factsheet ZIPs) older than PATHWAYS_JOB_FILE_RETENTION_DAYS. "
        "Safe to run at any time and any number of times; run it hourly."
    )

    def handle(self, *args, **options):
        purged = uploads_purge()
        self.stdout.write(
            f"Deleted {purged.uploads} upload(s) unused for "
            f"{settings.UPLOAD_RETENTION_HOURS} hours and {purged.orphans} file(s) "
            "without a record."
            + (
                f" Emptied the rows left out of {purged.problem_rows} import(s)."
                if purged.problem_rows
                else ""
            )
        )
        files = job_files_purge()
        self.stdout.write(
            f"Deleted {files.files} job file(s) older than {settings.JOB_FILE_RETENTION_DAYS} "
            f"days and {files.orphans} job file(s) without a job."
        )
