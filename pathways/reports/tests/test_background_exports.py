"""Reports made as jobs: the factsheet PDFs of every country in one ZIP, the IATI file and
the donor workbook, queued from the Reports page, made by the worker as the user who queued
them, and downloaded from the job's page by that user only."""

from __future__ import annotations

import io
import zipfile

import pytest
from django.urls import reverse
from lxml import etree
from openpyxl import load_workbook

from pathways.accounts.access import visible_countries
from pathways.accounts.models import Membership
from pathways.jobs.models import Job
from pathways.jobs.tests.workers import run_worker
from pathways.reports.tests.factories import make_seed_cambodia
from pathways.reports.tests.test_iati import make_indicators, schema  # noqa: F401 - a fixture

pytestmark = pytest.mark.django_db


def _queue(client, name: str, data: dict | None = None) -> Job:
    response = client.post(reverse(name), data or {})
    job = Job.objects.latest("pk")
    assert response.status_code == 302, response.content
    assert response["Location"] == reverse("jobs:job_detail", args=[job.pk])
    return job


def _done(job: Job) -> Job:
    run_worker()
    job.refresh_from_db()
    assert job.status == Job.Status.DONE, job.error
    return job


def _download(client, job: Job):
    response = client.get(reverse("jobs:job_download", args=[job.pk]))
    assert response.status_code == 200
    return response, b"".join(response.streaming_content)


def test_factsheet_zip_holds_one_pdf_per_country_the_owner_sees(client, kh_officer):
    make_seed_cambodia()
    client.force_login(kh_officer)
    job = _queue(client, "reports:factsheets_zip", {"fy": "2021", "language": "km"})
    assert job.status == Job.Status.QUEUED and job.kind == Job.Kind.FACTSHEETS
    job = _done(job)
    assert (job.rows_done, job.rows_total) == (1, 1)
    page = client.get(reverse("jobs:job_detail", args=[job.pk])).content.decode()
    assert reverse("jobs:job_download", args=[job.pk]) in page
    response, body = _download(client, job)
    assert response["Content-Type"] == "application/zip"
    assert (
        (response["Content-Disposition"])
        == 'attachment; filename="factsheets-20210701-20220630-km.zip"'
    )
    archive = zipfile.ZipFile(io.BytesIO(body))
    assert archive.namelist() == ["factsheet-KH-20210701-20220630-km.pdf"]
    assert archive.read(archive.namelist()[0]).startswith(b"%PDF")


def test_factsheet_zip_counts_the_countries_as_its_progress(client, donor, monkeypatch):
    """A regional user gets every country of the index; the PDF drawing is replaced here (the
    test above draws one), so the count, names and progress are what is tested."""
    import pathways.reports.background as background

    drawn = []
    monkeypatch.setattr(
        background, "render_factsheet_pdf", lambda f: drawn.append(f.country.code) or b"%PDF-"
    )
    client.force_login(donor)
    job = _done(_queue(client, "reports:factsheets_zip", {"fy": "2021", "language": "en"}))
    codes = [c.code for c in visible_countries(donor)]
    assert drawn == codes and len(codes) == 10
    assert job.rows_done == job.rows_total == len(codes)
    assert job.report["countries"] == codes
    _response, body = _download(client, job)
    names = zipfile.ZipFile(io.BytesIO(body)).namelist()
    assert names == [f"factsheet-{code}-20210701-20220630-en.pdf" for code in codes]
    page = client.get(reverse("jobs:job_detail", args=[job.pk])).content.decode()
    assert "10 of 10 countries" in page


def test_a_year_not_on_offer_is_refused_in_words_and_nothing_is_queued(client, kh_officer):
    client.force_login(kh_officer)
    response = client.post(reverse("reports:factsheets_zip"), {"fy": "1990", "language": "en"})
    assert response.status_code == 400
    assert "There is no financial year 1990 to report on." in response.content.decode()
    assert not Job.objects.exists()


def test_iati_job_makes_a_file_that_validates(client, admin_user, schema):  # noqa: F811
    make_seed_cambodia()
    make_indicators()
    client.force_login(admin_user)
    job = _done(_queue(client, "reports:iati_prepare"))
    assert job.kind == Job.Kind.IATI and job.report["file"]["content_type"] == "application/xml"
    response, body = _download(client, job)
    assert response["Content-Type"] == "application/xml"
    assert response["Content-Disposition"].startswith('attachment; filename="iati-activities-')
    assert len(body) == job.report["file"]["size"]
    schema.assertValid(etree.fromstring(body))


def test_workbook_job_makes_the_donor_workbook(client, donor):
    make_seed_cambodia()
    client.force_login(donor)
    job = _done(_queue(client, "reports:workbook_prepare"))
    response, body = _download(client, job)
    assert response["Content-Disposition"].endswith('.xlsx"')
    workbook = load_workbook(io.BytesIO(body))
    assert workbook.sheetnames == ["Figures", "Indicators", "Events", "Achievements"]


def test_the_file_is_its_owners_alone(client, donor, admin_user, kh_officer):
    client.force_login(donor)
    job = _done(_queue(client, "reports:workbook_prepare"))
    url = reverse("jobs:job_download", args=[job.pk])
    for other in (admin_user, kh_officer):
        client.force_login(other)
        assert client.get(url).status_code == 404
    client.force_login(admin_user)  # the admin reads the job, without the download
    page = client.get(reverse("jobs:job_detail", args=[job.pk])).content.decode()
    assert url not in page and "who queued this job, can download" in page


def test_export_of_a_user_who_lost_the_donor_role_fails_in_words(client, donor):
    client.force_login(donor)
    job = _queue(client, "reports:iati_prepare")
    Membership.objects.filter(user=donor).delete()
    run_worker()
    job.refresh_from_db()
    assert job.status == Job.Status.FAILED and job.report is None
    assert "you no longer do" in job.error
    assert client.get(reverse("jobs:job_download", args=[job.pk])).status_code == 404


def test_country_users_cannot_queue_the_region_exports(client, kh_manager):
    client.force_login(kh_manager)
    for name in ("reports:iati_prepare", "reports:workbook_prepare"):
        assert client.post(reverse(name)).status_code == 404
        assert client.get(reverse(name)).status_code == 405
    assert not Job.objects.exists()


def test_the_index_offers_the_prepare_actions_to_the_donor_only(client, donor, kh_officer):
    client.force_login(donor)
    page = client.get(reverse("reports:factsheet_index")).content.decode()
    assert reverse("reports:iati_prepare") in page and reverse("reports:workbook_prepare") in page
    assert reverse("reports:factsheets_zip") in page
    client.force_login(kh_officer)
    page = client.get(reverse("reports:factsheet_index")).content.decode()
    assert reverse("reports:iati_prepare") not in page
    assert reverse("reports:factsheets_zip") in page


def test_factsheets_of_a_user_who_lost_every_country_fail_in_words(client, kh_officer):
    client.force_login(kh_officer)
    job = _queue(client, "reports:factsheets_zip", {"fy": "2021", "language": "en"})
    Membership.objects.filter(user=kh_officer).delete()
    run_worker()
    job.refresh_from_db()
    assert job.status == Job.Status.FAILED
    assert job.error == "No country is in your scope any more; no factsheet was made."
    page = client.get(reverse("jobs:job_detail", args=[job.pk])).content.decode()
    assert "No country is in your scope any more" in page and "Try again" in page
