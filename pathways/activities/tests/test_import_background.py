"""Imports above PATHWAYS_BACKGROUND_IMPORT_ROWS: queued as a job after the confirm (page),
202 with a job to poll (API), `--background` (command); run by a worker as the user who
queued them."""

from __future__ import annotations

import pytest
from django.core.files.uploadedfile import SimpleUploadedFile
from django.core.management import CommandError, call_command
from django.urls import reverse

from pathways.accounts.models import Membership
from pathways.activities.models import Attendance, ImportBatch, ImportUpload
from pathways.activities.tests.import_sheets import PEOPLE, make_event, signin_sheet, xlsx_bytes
from pathways.api.tests.factories import api_client
from pathways.jobs.models import Job
from pathways.jobs.tests.workers import run_worker

pytestmark = pytest.mark.django_db

COLUMNS = ["ignore", "full_name", "sex", "position", "organisation", "phone", "ignore"]


@pytest.fixture(autouse=True)
def _small_threshold(settings, tmp_path):
    settings.MEDIA_ROOT = tmp_path
    settings.BACKGROUND_IMPORT_ROWS = 2  # the sample sheet's three rows run in the background


def _confirm_on_the_page(client, event, data: bytes):
    url = reverse("activities:import_upload", args=[event.pk])
    preview_url = client.post(url, {"file": SimpleUploadedFile("sheet.xlsx", data)})["Location"]
    form = {f"col_{i}": f for i, f in enumerate(COLUMNS)}
    return client.post(preview_url, {**form, "action": "confirm"})


def test_confirm_above_the_threshold_queues_a_job_the_worker_imports(client, kh_officer):
    event = make_event()
    client.force_login(kh_officer)
    response = _confirm_on_the_page(client, event, xlsx_bytes(signin_sheet()))
    job = Job.objects.get()
    assert response["Location"] == reverse("jobs:job_detail", args=[job.pk])
    assert job.status == Job.Status.QUEUED and job.owner == kh_officer
    assert job.country_id == event.country_id
    assert not Attendance.objects.exists()  # nothing is written before a worker runs it
    assert "Waiting" in client.get(response["Location"]).content.decode()

    run_worker()

    job.refresh_from_db()
    batch = ImportBatch.objects.get(event=event)
    assert job.status == Job.Status.DONE and job.rows_done == job.rows_total == len(PEOPLE)
    assert job.result_url == reverse("activities:import_report", args=[event.pk, batch.pk])
    assert batch.imported_by == kh_officer  # the worker imported as the user who queued it
    assert Attendance.objects.filter(event=event).count() == len(PEOPLE)
    assert not ImportUpload.objects.exists()  # the stored sheet is deleted once imported
    page = client.get(reverse("jobs:job_detail", args=[job.pk])).content.decode()
    assert "Open the import report" in page and job.result_url in page


def test_below_the_threshold_the_confirm_imports_at_once(client, kh_officer, settings):
    settings.BACKGROUND_IMPORT_ROWS = 10
    event = make_event()
    client.force_login(kh_officer)
    response = _confirm_on_the_page(client, event, xlsx_bytes(signin_sheet()))
    batch = ImportBatch.objects.get(event=event)
    assert response["Location"] == reverse("activities:import_report", args=[event.pk, batch.pk])
    assert not Job.objects.exists()


def test_api_answers_202_with_a_job_to_poll_until_done(kh_officer):
    event = make_event()
    client = api_client(kh_officer)
    url = f"/api/v1/events/{event.pk}/attendance/import/"
    response = client.post(url, {"file": SimpleUploadedFile("s.xlsx", xlsx_bytes(signin_sheet()))})
    assert response.status_code == 202, response.content
    job = response.json()
    assert job["status"] == "queued" and job["url"] == f"/api/v1/jobs/{job['id']}/"
    assert client.get(job["url"]).json()["status"] == "queued"

    run_worker()

    polled = client.get(job["url"]).json()
    assert polled["status"] == "done" and polled["error"] == ""
    assert polled["report"]["attendances_added"] == len(PEOPLE) and polled["report"]["written"]
    assert Attendance.objects.filter(event=event).count() == len(PEOPLE)


def test_api_below_the_threshold_answers_with_the_report_as_before(kh_officer, settings):
    settings.BACKGROUND_IMPORT_ROWS = 5000
    event = make_event()
    url = f"/api/v1/events/{event.pk}/attendance/import/"
    data = {"file": SimpleUploadedFile("s.xlsx", xlsx_bytes(signin_sheet()))}
    response = api_client(kh_officer).post(url, data)
    assert response.status_code == 201 and response.json()["attendances_added"] == len(PEOPLE)
    assert not Job.objects.exists()


def test_api_refuses_a_read_only_user_before_queueing(donor):
    event = make_event()
    url = f"/api/v1/events/{event.pk}/attendance/import/"
    data = {"file": SimpleUploadedFile("s.xlsx", xlsx_bytes(signin_sheet()))}
    assert api_client(donor).post(url, data).status_code == 403
    assert not Job.objects.exists() and not ImportUpload.objects.exists()


def test_the_same_file_queued_twice_is_written_once(client, kh_officer):
    event = make_event()
    client.force_login(kh_officer)
    data = xlsx_bytes(signin_sheet())
    _confirm_on_the_page(client, event, data)
    _confirm_on_the_page(client, event, data)
    assert Job.objects.filter(status=Job.Status.QUEUED).count() == 2

    run_worker()

    first, second = Job.objects.order_by("pk")
    assert first.status == second.status == Job.Status.DONE
    assert second.report["already_imported"] and not second.report["written"]
    assert first.result_url == second.result_url  # both lead to the one import's report
    assert Attendance.objects.filter(event=event).count() == len(PEOPLE)
    assert ImportBatch.objects.filter(event=event).count() == 1


def test_a_failed_job_says_why_and_try_again_imports_the_same_stored_file(client, kh_officer):
    event = make_event()
    client.force_login(kh_officer)
    _confirm_on_the_page(client, event, xlsx_bytes(signin_sheet()))
    membership = Membership.objects.get(user=kh_officer)
    role = membership.role
    Membership.objects.filter(pk=membership.pk).update(role="viewer")  # lost the right meanwhile

    run_worker()

    job = Job.objects.get()
    assert job.status == Job.Status.FAILED
    assert job.error == "You cannot change this event's attendance."
    assert not Attendance.objects.exists()
    page = client.get(reverse("jobs:job_detail", args=[job.pk])).content.decode()
    assert "Try again" in page and "Traceback" not in page

    Membership.objects.filter(pk=membership.pk).update(role=role)
    response = client.post(reverse("jobs:job_retry", args=[job.pk]))
    assert response["Location"] == reverse("jobs:job_detail", args=[job.pk])
    job.refresh_from_db()
    assert job.status == Job.Status.QUEUED and job.error == ""
    run_worker()
    job.refresh_from_db()
    assert job.status == Job.Status.DONE
    assert Attendance.objects.filter(event=event).count() == len(PEOPLE)


def test_a_job_whose_sheet_is_gone_fails_in_words(client, kh_officer):
    event = make_event()
    client.force_login(kh_officer)
    _confirm_on_the_page(client, event, xlsx_bytes(signin_sheet()))
    ImportUpload.objects.all().delete()
    run_worker()
    job = Job.objects.get()
    assert job.status == Job.Status.FAILED
    assert job.error == "The uploaded file is no longer kept; upload the sheet again."


def test_only_the_owner_may_try_again(client, kh_manager, kh_officer):
    event = make_event()
    client.force_login(kh_officer)
    _confirm_on_the_page(client, event, xlsx_bytes(signin_sheet()))
    Job.objects.update(status=Job.Status.FAILED, error="Stopped.")
    client.force_login(kh_manager)
    job = Job.objects.get()
    assert client.get(reverse("jobs:job_detail", args=[job.pk])).status_code == 200
    assert client.post(reverse("jobs:job_retry", args=[job.pk])).status_code == 403
    job.refresh_from_db()
    assert job.status == Job.Status.FAILED


def test_command_stays_in_the_foreground_by_default(kh_officer, tmp_path):
    event = make_event()
    sheet = tmp_path / "sheet.xlsx"
    sheet.write_bytes(xlsx_bytes(signin_sheet()))
    call_command("import_attendance", str(sheet), event=event.pk, user="kh_officer")
    assert Attendance.objects.filter(event=event).count() == len(PEOPLE)
    assert not Job.objects.exists()


def test_command_background_queues_a_job_for_the_user(kh_officer, tmp_path, capsys):
    event = make_event()
    sheet = tmp_path / "sheet.xlsx"
    sheet.write_bytes(xlsx_bytes(signin_sheet()))
    call_command(
        "import_attendance", str(sheet), event=event.pk, user="kh_officer", background=True
    )
    job = Job.objects.get()
    assert f"Queued as job {job.pk}" in capsys.readouterr().out
    assert job.owner == kh_officer and not Attendance.objects.exists()
    run_worker()
    job.refresh_from_db()
    assert job.status == Job.Status.DONE
    assert Attendance.objects.filter(event=event).count() == len(PEOPLE)


def test_command_background_needs_a_user(tmp_path):
    event = make_event()
    sheet = tmp_path / "sheet.xlsx"
    sheet.write_bytes(xlsx_bytes(signin_sheet()))
    with pytest.raises(CommandError, match="--background needs --user"):
        call_command("import_attendance", str(sheet), event=event.pk, background=True)
    assert not Job.objects.exists() and not ImportUpload.objects.exists()
