"""The job page (stage and rows done, polled by htmx while the job runs), "My jobs",
"Try again" for a failed job, and the download of the file a job made."""

from __future__ import annotations

from django.conf import settings
from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.paginator import Paginator
from django.http import FileResponse, Http404, HttpRequest, HttpResponse
from django.shortcuts import redirect, render
from django.utils.translation import gettext as _
from django.views.decorators.http import require_GET, require_POST

from pathways.jobs.access import get_job_file_for_user, get_job_for_user, jobs_for_user
from pathways.jobs.files import job_file_downloaded, shared_storage
from pathways.jobs.models import Job
from pathways.jobs.progress import progress_read
from pathways.jobs.services import job_mark_read, job_retry, jobs_fail_stale

PAGE_SIZE = 25


def _with_progress(job: Job) -> Job:
    """A running job's stage and rows come from the jobs cache, not its row."""
    if job.status == Job.Status.RUNNING and (progress := progress_read(job.pk)):
        job.stage, job.rows_done, job.rows_total = (
            progress.stage,
            progress.rows_done,
            progress.rows_total,
        )
    return job


@login_required
@require_GET
def job_detail(request: HttpRequest, job_id: int) -> HttpResponse:
    jobs_fail_stale()
    job = _with_progress(get_job_for_user(request.user, job_id))
    job_mark_read(actor=request.user, job=job)
    mine = job.owner_id == request.user.pk
    context = {
        "job": job,
        "can_retry": mine,
        "can_download": mine,
        "file_retention_days": settings.JOB_FILE_RETENTION_DAYS,
    }
    if request.htmx:
        return render(request, "jobs/job_status.html", context)
    return render(request, "jobs/job_detail.html", context)


@login_required
@require_GET
def job_list(request: HttpRequest) -> HttpResponse:
    jobs_fail_stale()
    page = Paginator(jobs_for_user(request.user), PAGE_SIZE).get_page(request.GET.get("page"))
    for job in page.object_list:
        _with_progress(job)
    return render(request, "jobs/job_list.html", {"page_obj": page})


@login_required
@require_POST
def job_retry_view(request: HttpRequest, job_id: int) -> HttpResponse:
    job = job_retry(actor=request.user, job=get_job_for_user(request.user, job_id))
    messages.info(request, _("The job is queued again."))
    return redirect("jobs:job_detail", job_id=job.pk)


@login_required
@require_GET
def job_download(request: HttpRequest, job_id: int) -> FileResponse:
    job = get_job_file_for_user(request.user, job_id)
    try:
        stored = shared_storage().open(job.file["name"], "rb")
    except FileNotFoundError:
        raise Http404("The file is no longer kept.") from None
    job_file_downloaded(actor=request.user, job=job)
    return FileResponse(
        stored,
        as_attachment=True,
        filename=job.file["download_name"],
        content_type=job.file["content_type"],
    )
