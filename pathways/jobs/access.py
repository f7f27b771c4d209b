"""Who reads a job: the user who queued it, the admin, and the managers of its country.
Anyone else, or a job that does not exist, is not found. A job's file is its owner's alone."""

from __future__ import annotations

from typing import Any

from django.http import Http404
from django.shortcuts import get_object_or_404

from pathways.jobs.models import Job


def get_job_for_user(user: Any, job_id: int) -> Job:
    return get_object_or_404(Job.objects.visible_to(user).select_related("owner"), pk=job_id)


def jobs_for_user(user: Any):
    """The jobs on the user's "My jobs" page: the ones they queued."""
    return Job.objects.filter(owner_id=user.pk)


def jobs_ended_unread(user: Any):
    """The user's jobs that ended and that they have not read since: "needs you" lists them."""
    return jobs_for_user(user).filter(
        status__in=[Job.Status.DONE, Job.Status.FAILED], seen_at__isnull=True
    )


def jobs_active(user: Any):
    """The user's jobs waiting for a worker or running."""
    return jobs_for_user(user).filter(status__in=[Job.Status.QUEUED, Job.Status.RUNNING])


def get_job_file_for_user(user: Any, job_id: int) -> Job:
    """A finished job whose file is still kept, for the user who queued it only: the file
    was made with their access, which others who read the job (the admin, the country's
    managers) may not share. Anyone else, and a job without a file, is not found."""
    job = get_job_for_user(user, job_id)
    if job.owner_id != user.pk or job.status != Job.Status.DONE or job.file is None:
        raise Http404("No file of yours here.")
    return job
