"""Jobs: an import queued in the background (202 from the import endpoint) is polled here
until it is done (with its report) or failed (with the error in words)."""
# No `from __future__ import annotations`: django-ninja reads the parameter types at import.

from datetime import datetime
from typing import Any

from django.http import HttpRequest
from django.urls import reverse
from ninja import Router, Schema

from pathways.jobs.access import get_job_for_user
from pathways.jobs.models import Job
from pathways.jobs.progress import progress_read
from pathways.jobs.services import jobs_fail_stale

router = Router(tags=["jobs"])


class JobOut(Schema):
    id: int
    kind: str
    title: str
    status: str  # queued, running, done, failed
    stage: str
    rows_done: int
    rows_total: int
    created_at: datetime
    started_at: datetime | None
    finished_at: datetime | None
    url: str  # this job, to poll
    page: str  # the job's page for a person
    report: dict[str, Any] | None  # done: the import's report, as a 200 would have given it
    error: str  # failed: what went wrong, in words


def job_out(job: Job) -> dict[str, Any]:
    stage, done, total = job.stage, job.rows_done, job.rows_total
    if job.status == Job.Status.RUNNING and (progress := progress_read(job.pk)):
        stage, done, total = progress.stage, progress.rows_done, progress.rows_total
    return {
        "id": job.pk,
        "kind": job.kind,
        "title": job.title,
        "status": job.status,
        "stage": stage,
        "rows_done": done,
        "rows_total": total,
        "created_at": job.created_at,
        "started_at": job.started_at,
        "finished_at": job.finished_at,
        "url": reverse("api:job_detail", kwargs={"job_id": job.pk}),
        "page": reverse("jobs:job_detail", args=[job.pk]),
        "report": job.report,
        "error": job.error,
    }


@router.get("/jobs/{job_id}/", response=JobOut, url_name="job_detail")
def job_detail(request: HttpRequest, job_id: int):
    """A job you queued (or, for the admin and country managers, one of their country's):
    poll it until `status` is `done` (its `report`) or `failed` (its `error`)."""
    jobs_fail_stale()
    return job_out(get_job_for_user(request.user, job_id))
