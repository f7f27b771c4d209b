"""Jobs: progress kept outside the work's transaction and shown while it runs, a dead
worker's job failed by the heartbeat check, errors in words, and "My jobs"."""

from __future__ import annotations

import datetime as dt
import threading

import pytest
from django.db import transaction
from django.urls import reverse
from django.utils import timezone

from pathways.activities.importing import import_file
from pathways.activities.models import Attendance
from pathways.activities.tests.import_sheets import make_event, signin_sheet, xlsx_bytes
from pathways.jobs.models import Job
from pathways.jobs.progress import progress_read, progress_write
from pathways.jobs.services import Outcome, job_run, jobs_fail_stale
from pathways.programs.models import Country

pytestmark = pytest.mark.django_db


def make_job(owner, *, status=Job.Status.QUEUED, country="KH", **fields) -> Job:
    return Job.objects.create(
        kind=Job.Kind.IMPORT,
        owner=owner,
        country=Country.objects.get(code=country),
        status=status,
        **{"title": "Import of sheet.xlsx", **fields},
    )


def test_running_job_page_shows_stage_and_rows_and_polls(client, kh_officer):
    job = make_job(kh_officer, status=Job.Status.RUNNING, heartbeat_at=timezone.now())
    progress_write(job.pk, stage="writing", rows_done=40, rows_total=120)
    client.force_login(kh_officer)
    url = reverse("jobs:job_detail", args=[job.pk])
    page = client.get(url).content.decode()
    assert "writing the new persons" in page and "40 of 120 rows" in page
    fragment = client.get(url, headers={"HX-Request": "true"}).content.decode()
    assert "<html" not in fragment and f'hx-get="{url}"' in fragment  # polls again
    assert "40 of 120 rows" in fragment


def test_an_ended_job_stops_polling(client, kh_officer):
    job = make_job(kh_officer, status=Job.Status.DONE, rows_done=3, rows_total=3)
    client.force_login(kh_officer)
    url = reverse("jobs:job_detail", args=[job.pk])
    fragment = client.get(url, headers={"HX-Request": "true"}).content.decode()
    assert "hx-get" not in fragment and "Done" in fragment


def test_progress_is_seen_while_the_work_holds_its_transaction(kh_officer):
    """The work reports from inside its transaction; another thread (a web request) reads
    the progress before the work commits."""
    job = make_job(kh_officer)
    seen = []

    def work(job, report):
        with transaction.atomic():
            report("writing", 7, 10)
            reader = threading.Thread(target=lambda: seen.append(progress_read(job.pk)))
            reader.start()
            reader.join()
        return Outcome(report={"ok": True})

    job_run(job.pk, work)
    assert seen[0].stage == "writing" and (seen[0].rows_done, seen[0].rows_total) == (7, 10)
    job.refresh_from_db()
    assert job.status == Job.Status.DONE and job.report == {"ok": True}


def test_the_import_reports_each_stage_and_the_rows_settled(kh_officer, settings, tmp_path):
    event = make_event()
    stages = []
    import_file(
        actor=kh_officer,
        event=event,
        data=xlsx_bytes(signin_sheet()),
        file_name="sheet.xlsx",
        progress=lambda stage, done=0, total=None: stages.append((stage, done, total)),
    )
    # Three new persons: none settled before they are written, all three after.
    assert stages == [
        ("reading", 0, None),
        ("matching", 0, 3),
        ("writing", 0, None),
        ("queueing", 3, None),
        ("attending", 3, None),
        ("recording", 3, None),
    ]


def test_rows_matched_to_persons_on_record_count_as_settled_before_writing(kh_officer):
    event, later = make_event(), make_event(title="Second day")
    sheet = xlsx_bytes(signin_sheet())
    import_file(actor=kh_officer, event=event, data=sheet, file_name="day1.xlsx")
    stages = []
    import_file(
        actor=kh_officer,
        event=later,
        data=sheet,
        file_name="day2.xlsx",
        progress=lambda stage, done=0, total=None: stages.append((stage, done)),
    )
    # The rows linked to someone from the first day are settled before anything is written.
    known = Attendance.objects.filter(event=later, person__attendances__event=event).count()
    assert known > 0
    assert stages[2] == ("writing", known) and stages[-1] == ("recording", 3)


def test_an_unexpected_error_is_failed_in_words_and_logged_without_the_message(kh_officer, caplog):
    job = make_job(kh_officer)

    def work(job, report):
        raise ValueError("Sok Dara's row broke")  # personal data must not reach the user

    job_run(job.pk, work)
    job.refresh_from_db()
    assert job.status == Job.Status.FAILED
    assert "unexpected error" in job.error and "Sok Dara" not in job.error
    assert "Traceback" not in job.error
    assert any(f"Job {job.pk}" in r.getMessage() for r in caplog.records)


def test_a_job_run_twice_runs_once(kh_officer):
    job = make_job(kh_officer)
    runs = []

    def work(job, report):
        runs.append(job.pk)
        return Outcome(report={})

    job_run(job.pk, work)
    job_run(job.pk, work)  # the same task delivered again
    assert runs == [job.pk]


def test_a_running_job_whose_worker_died_is_failed_by_the_jobs_page(client, kh_officer, settings):
    settings.JOB_HEARTBEAT_TIMEOUT_SECONDS = 60
    long_ago = timezone.now() - dt.timedelta(minutes=5)
    dead = make_job(kh_officer, status=Job.Status.RUNNING, heartbeat_at=long_ago)
    alive = make_job(kh_officer, status=Job.Status.RUNNING, heartbeat_at=long_ago)
    progress_write(alive.pk, stage="matching", rows_total=10)  # its heart beats in the cache
    client.force_login(kh_officer)
    page = client.get(reverse("jobs:job_detail", args=[dead.pk])).content.decode()
    dead.refresh_from_db()
    alive.refresh_from_db()
    assert dead.status == Job.Status.FAILED and "stopped before it finished" in dead.error
    assert "Try again" in page
    assert alive.status == Job.Status.RUNNING


def test_fail_stale_leaves_fresh_and_ended_jobs(kh_officer, settings):
    settings.JOB_HEARTBEAT_TIMEOUT_SECONDS = 60
    make_job(kh_officer, status=Job.Status.RUNNING, heartbeat_at=timezone.now())
    make_job(kh_officer, status=Job.Status.DONE, heartbeat_at=timezone.now() - dt.timedelta(1))
    assert jobs_fail_stale() == 0


def test_my_jobs_lists_only_my_jobs_newest_first_in_pages(client, kh_officer, kh_manager):
    for n in range(27):
        make_job(kh_officer, title=f"Import number {n}")
    make_job(kh_manager, title="The manager's own import")
    client.force_login(kh_officer)
    first = client.get(reverse("jobs:job_list")).content.decode()
    assert "Import number 26" in first and "Import number 1<" not in first
    assert "The manager&#x27;s own import" not in first and "Page 1 of 2" in first
    second = client.get(reverse("jobs:job_list"), {"page": 2}).content.decode()
    assert "Import number 0" in second


def test_country_manager_reads_a_job_of_their_country_not_another(client, kh_officer, la_manager):
    job = make_job(kh_officer)
    client.force_login(la_manager)
    assert client.get(reverse("jobs:job_detail", args=[job.pk])).status_code == 404


def test_my_jobs_is_in_the_navigation(client, kh_officer):
    client.force_login(kh_officer)
    page = client.get(reverse("activities:event_list")).content.decode()
    assert f'href="{reverse("jobs:job_list")}"' in page
