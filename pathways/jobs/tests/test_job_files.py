"""Files jobs make: stored in the shared storage, downloaded by the job's owner alone (audited,
as an attachment of the right type), deleted with `purge_uploads` once the job is older than
PATHWAYS_JOB_FILE_RETENTION_DAYS, and a file whose job is gone at once."""

from __future__ import annotations

import datetime as dt
import io
import os

import pytest
from django.core.files.base import ContentFile
from django.core.management import call_command
from django.urls import reverse
from django.utils import timezone

from pathways.audit.models import AuditEvent
from pathways.jobs.files import job_file_save, job_files_purge, shared_storage
from pathways.jobs.models import Job
from pathways.jobs.services import Outcome, job_run

pytestmark = pytest.mark.django_db

CSV = "text/csv"


def _job_with_file(owner, *, content: bytes = b"a,b\n1,2\n", country=None) -> Job:
    job = Job.objects.create(kind=Job.Kind.WORKBOOK, title="An export", owner=owner)
    job_run(
        job.pk,
        lambda job, report: Outcome(
            report={
                "file": job_file_save(
                    job, content=content, download_name="export.csv", content_type=CSV
                )
            }
        ),
    )
    job.refresh_from_db()
    return job


def test_owner_downloads_the_file_as_an_attachment_and_it_is_audited(client, kh_officer):
    job = _job_with_file(kh_officer)
    assert job.status == Job.Status.DONE
    name = job.report["file"]["name"]
    assert name.startswith(f"jobs/{job.pk}/") and name.endswith(".csv")
    assert job.report["file"]["size"] == 8
    client.force_login(kh_officer)
    response = client.get(reverse("jobs:job_download", args=[job.pk]))
    assert response.status_code == 200
    assert response["Content-Type"] == CSV
    assert response["Content-Disposition"] == 'attachment; filename="export.csv"'
    assert b"".join(response.streaming_content) == b"a,b\n1,2\n"
    event = AuditEvent.objects.get(action=AuditEvent.Action.DOWNLOAD)
    assert event.actor == kh_officer and event.object_id == str(job.pk)
    assert event.changes == {"kind": "workbook", "file": "export.csv", "size": 8}


def test_no_one_else_downloads_it_not_even_who_reads_the_job(
    client, kh_officer, kh_manager, admin_user, la_manager
):
    job = _job_with_file(kh_officer)
    Job.objects.filter(pk=job.pk).update(country_id=kh_manager.memberships.get().country_id)
    url = reverse("jobs:job_download", args=[job.pk])
    for other in (kh_manager, admin_user, la_manager):
        client.force_login(other)
        assert client.get(url).status_code == 404
    assert not AuditEvent.objects.filter(action=AuditEvent.Action.DOWNLOAD).exists()


def test_a_job_without_a_file_has_nothing_to_download(client, kh_officer):
    job = Job.objects.create(kind=Job.Kind.IATI, title="Waiting", owner=kh_officer)
    client.force_login(kh_officer)
    assert client.get(reverse("jobs:job_download", args=[job.pk])).status_code == 404


def test_files_of_jobs_past_the_retention_are_deleted_and_the_page_says_so(
    client, kh_officer, settings
):
    settings.JOB_FILE_RETENTION_DAYS = 7
    old, fresh = _job_with_file(kh_officer), _job_with_file(kh_officer)
    Job.objects.filter(pk=old.pk).update(created_at=timezone.now() - dt.timedelta(days=8))
    old_name, fresh_name = old.report["file"]["name"], fresh.report["file"]["name"]

    purged = job_files_purge()

    assert (purged.files, purged.orphans) == (1, 0)
    assert not shared_storage().exists(old_name) and shared_storage().exists(fresh_name)
    old.refresh_from_db()
    assert old.file is None and old.file_deleted
    client.force_login(kh_officer)
    assert client.get(reverse("jobs:job_download", args=[old.pk])).status_code == 404
    page = client.get(reverse("jobs:job_detail", args=[old.pk])).content.decode()
    assert "The file was deleted 7 days after the job was queued" in page
    assert job_files_purge().files == 0  # once


def test_purge_uploads_deletes_job_files_too_and_files_whose_job_is_gone(kh_officer, settings):
    settings.JOB_FILE_RETENTION_DAYS = 1
    job = _job_with_file(kh_officer)
    Job.objects.filter(pk=job.pk).update(created_at=timezone.now() - dt.timedelta(days=2))
    orphan = shared_storage().save("jobs/999999/left.zip", ContentFile(b"PK"))
    # A file an old job stored but never named (it stopped after storing it).
    unnamed = shared_storage().save(f"jobs/{job.pk}/unnamed.zip", ContentFile(b"PK"))
    out = io.StringIO()
    call_command("purge_uploads", stdout=out)
    assert "Deleted 1 job file(s) older than 1 days and 2 job file(s) without a job." in (
        out.getvalue()
    )
    assert not shared_storage().exists(job.report["file"]["name"])
    assert not shared_storage().exists(orphan) and not shared_storage().exists(unnamed)


def test_a_file_of_a_recent_job_its_report_does_not_name_yet_is_kept(kh_officer):
    """A job storing its file now: the file is stored before the job's report names it."""
    job = Job.objects.create(kind=Job.Kind.IATI, title="Running", owner=kh_officer)
    stored = job_file_save(job, content=b"<x/>", download_name="a.xml", content_type="text/xml")
    purged = job_files_purge()
    assert (purged.files, purged.orphans) == (0, 0)
    assert shared_storage().exists(stored["name"])


def test_a_file_stored_on_disk_is_private_to_the_server(kh_officer, settings, tmp_path):
    # The shared storage kept as files (PATHWAYS_SHARED_STORAGE=files), not database rows.
    settings.STORAGES = {
        **settings.STORAGES,
        "shared": {
            "BACKEND": "pathways.jobs.storage.PrivateFileSystemStorage",
            "OPTIONS": {"location": str(tmp_path / "shared")},
        },
    }
    job = _job_with_file(kh_officer)
    path = shared_storage().path(job.report["file"]["name"])
    assert os.stat(path).st_mode & 0o077 == 0
