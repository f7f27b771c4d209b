"""The import pages when rows with problems are left out: the preview's problem rows, the
choice on the confirmation, the report and the download of the rows left out."""

from __future__ import annotations

import io

import pytest
from django.core.files.uploadedfile import SimpleUploadedFile
from django.urls import reverse
from openpyxl import load_workbook

from pathways.activities.models import Attendance, ImportBatch
from pathways.activities.tests.import_sheets import csv_bytes, make_event
from pathways.audit.models import AuditEvent

pytestmark = pytest.mark.django_db

ROWS = [
    ["Name", "Sex", "Phone"],
    ["Sok Dara", "M", ""],
    ["Chan Sreymom", "maybe", ""],
    ["Keo Vanna", "F", ""],
    ["", "F", "012 345 678"],
]
MAPPING = {"col_0": "full_name", "col_1": "sex", "col_2": "phone"}


@pytest.fixture(autouse=True)
def _uploads_in_tmp(settings, tmp_path):
    settings.MEDIA_ROOT = tmp_path


def _preview_url(client, event, rows=ROWS) -> str:
    url = reverse("activities:import_upload", args=[event.pk])
    response = client.post(url, {"file": SimpleUploadedFile("s.csv", csv_bytes(rows))})
    return response["Location"]


def _import_leaving_out(client, kh_officer) -> ImportBatch:
    event = make_event()
    client.force_login(kh_officer)
    preview_url = _preview_url(client, event)
    client.post(preview_url, {**MAPPING, "action": "confirm", "skip_invalid": "1"})
    return ImportBatch.objects.get(event=event)


def test_preview_shows_each_problem_rows_values_next_to_its_problems(client, kh_officer):
    event = make_event()
    client.force_login(kh_officer)
    page = client.get(_preview_url(client, event)).content.decode()
    assert "Values in the sheet" in page
    assert "<dt>Name</dt><dd>Chan Sreymom</dd>" in page and "<dd>maybe</dd>" in page
    assert "<dd>012 345 678</dd>" in page
    assert "Leave out the rows with problems (2 rows) and import the others" in page
    assert "Import 2 attendances" in page


def test_preview_caps_the_problem_rows_shown_and_says_how_many_more(
    client, kh_officer, monkeypatch
):
    monkeypatch.setattr("pathways.activities.importing.views.PREVIEW_LIMIT", 1)
    event = make_event()
    client.force_login(kh_officer)
    page = client.get(_preview_url(client, event)).content.decode()
    assert "1 more row with problems, not shown here" in page


def test_confirming_without_the_choice_imports_nothing(client, kh_officer):
    event = make_event()
    client.force_login(kh_officer)
    preview_url = _preview_url(client, event)
    client.post(preview_url, {**MAPPING, "action": "confirm"})
    assert not Attendance.objects.exists() and not ImportBatch.objects.exists()


def test_confirming_with_the_choice_imports_the_good_rows_and_reports_the_rest(client, kh_officer):
    batch = _import_leaving_out(client, kh_officer)
    assert Attendance.objects.filter(event=batch.event).count() == 2
    report_url = reverse("activities:import_report", args=[batch.event.pk, batch.pk])
    page = client.get(report_url).content.decode()
    assert "Rows left out for their problems" in page
    assert "Download the rows left out (XLSX)" in page
    assert "maybe" in page


def test_the_rows_left_out_download_as_the_sheet_with_a_problem_column(client, kh_officer):
    batch = _import_leaving_out(client, kh_officer)
    url = reverse("activities:import_problem_rows", args=[batch.event.pk, batch.pk])
    response = client.get(url)
    assert response.status_code == 200 and response["Cache-Control"] == "no-store"
    sheet = load_workbook(io.BytesIO(response.content)).active
    rows = [[c or "" for c in row] for row in sheet.iter_rows(values_only=True)]
    assert rows[0] == ["Name", "Sex", "Phone", "problem"]
    assert [r[:3] for r in rows[1:]] == [["Chan Sreymom", "maybe", ""], ["", "F", "012 345 678"]]
    assert "maybe" in rows[1][3] and "name" in rows[2][3]


def test_the_rows_left_out_download_is_audited_without_their_content(
    client, kh_officer, kh_manager, donor
):
    batch = _import_leaving_out(client, kh_officer)
    url = reverse("activities:import_problem_rows", args=[batch.event.pk, batch.pk])
    downloads = AuditEvent.objects.filter(action=AuditEvent.Action.DOWNLOAD)
    client.force_login(kh_manager)
    assert client.get(url).status_code == 200
    [event] = downloads
    assert (event.actor, event.content_type.model, event.object_id) == (
        kh_manager,
        "importbatch",
        str(batch.pk),
    )
    assert event.changes == {"event": batch.event.pk, "rows_left_out": 2}
    recorded = f"{event.object_repr} {event.changes}"
    for personal in ("Chan Sreymom", "maybe", "012 345 678", "+85512345678"):
        assert personal not in recorded
    client.force_login(donor)  # refused: nothing taken, nothing recorded
    assert client.get(url).status_code == 403
    ImportBatch.objects.filter(pk=batch.pk).update(problem_rows={})
    client.force_login(kh_officer)  # no longer kept: nothing taken, nothing recorded
    assert client.get(url).status_code == 404
    assert downloads.count() == 1


def test_rows_left_out_download_access(client, kh_officer, kh_manager, la_manager, donor):
    batch = _import_leaving_out(client, kh_officer)
    url = reverse("activities:import_problem_rows", args=[batch.event.pk, batch.pk])
    client.force_login(kh_manager)  # may import into the event
    assert client.get(url).status_code == 200
    client.force_login(la_manager)  # another country's
    assert client.get(url).status_code == 404
    client.force_login(donor)  # reads, never imports
    assert client.get(url).status_code == 403


def test_rows_left_out_no_longer_kept_are_not_found(client, kh_officer):
    batch = _import_leaving_out(client, kh_officer)
    ImportBatch.objects.filter(pk=batch.pk).update(problem_rows={})
    url = reverse("activities:import_problem_rows", args=[batch.event.pk, batch.pk])
    assert client.get(url).status_code == 404
    report_url = reverse("activities:import_report", args=[batch.event.pk, batch.pk])
    page = client.get(report_url).content.decode()
    assert "They are no longer kept here" in page and "3, 5" in page


def test_a_sheet_where_every_row_has_a_problem_offers_no_import(client, kh_officer):
    event = make_event()
    client.force_login(kh_officer)
    page = client.get(_preview_url(client, event, [ROWS[0], ROWS[2]])).content.decode()
    assert 'name="skip_invalid"' not in page and 'value="confirm"' not in page
    assert "The import cannot be confirmed yet." in page
    assert "Every row has a problem" in page
