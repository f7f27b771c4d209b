"""Reports made in the background, as jobs (`pathways.jobs`): the factsheet PDFs of every
country in one ZIP, the IATI file and the donor workbook. Each is queued from the Reports
page and made by a worker as the user who queued it, with their access checked again when
it runs; the file goes to the shared storage (`jobs/files.py`) and the job's page offers it
to that user.

The PDFs are those of the factsheet pages (`factsheet_for_user`, `render_factsheet_pdf`),
one per country the user may open, counted with their access; the IATI file and the workbook
are the region-wide exports (`build_iati_xml`, `donor_workbook_bytes`), for the admin and
the donor (`require_region_export`).
"""

from __future__ import annotations

import datetime as dt
import io
import zipfile
from typing import Any

from django.conf import settings
from django.core.exceptions import PermissionDenied
from django.http import Http404
from django.utils import timezone, translation
from django.utils.translation import gettext as _
from django_tasks import task

from pathways.accounts.access import visible_countries
from pathways.jobs.files import job_file_save
from pathways.jobs.models import Job
from pathways.jobs.progress import Reporter
from pathways.jobs.services import JobError, Outcome, job_queue, job_run
from pathways.lib.tables import XLSX_TYPE
from pathways.reports.access import require_region_export
from pathways.reports.factsheet import factsheet_for_user
from pathways.reports.iati import build_iati_xml
from pathways.reports.rendering import factsheet_filename, render_factsheet_pdf
from pathways.reports.workbook import donor_workbook_bytes
from pathways.results.periods import Period
from pathways.translations.overlay import apply_reviews

ZIP_TYPE = "application/zip"
XML_TYPE = "application/xml"


# --- the factsheets of every country --------------------------------------------------------


def factsheets_queue(*, actor: Any, period: Period, language: str) -> Job:
    """Queue the factsheet PDFs of every country `actor` may open, for the period, in the
    language; refused (404) for a user who may open none."""
    if not visible_countries(actor):
        raise Http404("No country is in your scope.")
    return job_queue(
        task=factsheets_job_run,
        owner=actor,
        kind=Job.Kind.FACTSHEETS,
        title=_("Factsheet PDFs of every country, %(period)s (%(language)s)")
        % {"period": period.label, "language": dict(settings.LANGUAGES).get(language, language)},
        country_id=None,
        params={
            "start": period.start.isoformat(),
            "end": period.end.isoformat(),
            "language": language,
        },
    )


@task()
def factsheets_job_run(job_id: int) -> None:
    job_run(job_id, _factsheets)


def _factsheets(job: Job, report: Reporter) -> Outcome:
    start = dt.date.fromisoformat(job.params["start"])
    end = dt.date.fromisoformat(job.params["end"])
    language = job.params["language"]
    countries = visible_countries(job.owner)  # the owner's access now, not when queued
    if not countries:
        raise JobError(_("No country is in your scope any more; no factsheet was made."))
    out = io.BytesIO()
    with zipfile.ZipFile(out, "w", zipfile.ZIP_DEFLATED) as archive:
        for done, country in enumerate(countries):
            report("rendering", done, len(countries))
            with translation.override(language):
                factsheet = factsheet_for_user(
                    user=job.owner, country=country, start=start, end=end
                )
                pdf = render_factsheet_pdf(factsheet)
            archive.writestr(factsheet_filename(factsheet, "pdf", language), pdf)
    report("storing", len(countries), len(countries))
    name = f"factsheets-{start:%Y%m%d}-{end:%Y%m%d}-{language}.zip"
    stored = job_file_save(job, content=out.getvalue(), download_name=name, content_type=ZIP_TYPE)
    return Outcome(
        report={"file": stored, "countries": [c.code for c in countries]},
        rows_done=len(countries),
    )


# --- the region-wide exports ----------------------------------------------------------------


def export_queue(*, actor: Any, kind: str, language: str) -> Job:
    """Queue the IATI file or the donor workbook (`kind`), for the admin and the donor."""
    require_region_export(actor)
    titles = {Job.Kind.IATI: _("IATI activity file"), Job.Kind.WORKBOOK: _("Donor workbook")}
    tasks = {Job.Kind.IATI: iati_job_run, Job.Kind.WORKBOOK: workbook_job_run}
    return job_queue(
        task=tasks[kind],
        owner=actor,
        kind=kind,
        title=titles[kind],
        country_id=None,
        params={"language": language},
    )


@task()
def iati_job_run(job_id: int) -> None:
    job_run(job_id, _iati)


@task()
def workbook_job_run(job_id: int) -> None:
    job_run(job_id, _workbook)


def _iati(job: Job, report: Reporter) -> Outcome:
    _require_export(job)
    report("building")
    apply_reviews()  # a worker serves no requests: it checks the reviews itself
    with translation.override(job.params.get("language")):
        body = build_iati_xml()
    return _stored(job, report, body, "iati-activities", "xml", XML_TYPE)


def _workbook(job: Job, report: Reporter) -> Outcome:
    _require_export(job)
    report("building")
    apply_reviews()
    with translation.override(job.params.get("language")):
        body = donor_workbook_bytes()
    return _stored(job, report, body, "donor-workbook", "xlsx", XLSX_TYPE)


def _require_export(job: Job) -> None:
    """The owner's access when the job runs: a user who lost the region is told so."""
    try:
        require_region_export(job.owner)
    except (Http404, PermissionDenied):
        raise JobError(
            _("Only the MEL admin and the donor may have this export, and you no longer do.")
        ) from None


def _stored(
    job: Job, report: Reporter, body: bytes, stem: str, extension: str, content_type: str
) -> Outcome:
    report("storing")
    name = f"{stem}-{timezone.localdate():%Y%m%d}.{extension}"
    stored = job_file_save(job, content=body, download_name=name, content_type=content_type)
    return Outcome(report={"file": stored})
