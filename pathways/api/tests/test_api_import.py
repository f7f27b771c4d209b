from __future__ import annotations

import pytest
from django.core.files.uploadedfile import SimpleUploadedFile

from pathways.activities.models import Attendance, ImportBatch
from pathways.activities.tests.import_sheets import PEOPLE, csv_bytes, signin_sheet, xlsx_bytes
from pathways.api.tests.factories import api_client, make_event
from pathways.audit.models import AuditEvent

pytestmark = pytest.mark.django_db


@pytest.fixture(autouse=True)
def _uploads_in_tmp(settings, tmp_path):
    settings.MEDIA_ROOT = tmp_path


def upload(client, event, data: bytes, name: str = "sheet.xlsx", **fields):
    url = f"/api/v1/events/{event.pk}/attendance/import/"
    return client.post(url, {"file": SimpleUploadedFile(name, data), **fields})


def test_officer_imports_a_sheet_with_the_pages_report(kh_officer):
    event = make_event(lead="MoJ")
    response = upload(api_client(kh_officer), event, xlsx_bytes(signin_sheet()))
    assert response.status_code == 201, response.content
    report = response.json()
    assert report["rows_read"] >= len(PEOPLE)
    assert report["attendances_added"] == len(PEOPLE) and report["written"]
    assert Attendance.objects.filter(event=event).count() == len(PEOPLE)
    batch = ImportBatch.objects.get(pk=report["batch_id"])
    assert AuditEvent.objects.filter(source=AuditEvent.Source.API).exists()
    assert batch.event == event


def test_same_file_twice_adds_nothing(kh_officer):
    event = make_event()
    client, data = api_client(kh_officer), xlsx_bytes(signin_sheet())
    assert upload(client, event, data).status_code == 201
    again = upload(client, event, data)
    assert again.status_code == 200 and again.json()["already_imported"]
    assert Attendance.objects.filter(event=event).count() == len(PEOPLE)


def test_dry_run_writes_nothing(kh_officer):
    event = make_event()
    response = upload(api_client(kh_officer), event, xlsx_bytes(signin_sheet()), dry_run="true")
    assert response.status_code == 200 and response.json()["attendances_added"] == len(PEOPLE)
    assert not Attendance.objects.filter(event=event).exists()


def test_bad_rows_are_422_with_row_and_column_and_nothing_written(kh_officer):
    event = make_event()
    people = [*PEOPLE, ["4", "Mao Sophea", "banana", "Judge", "MoJ", "", ""]]
    response = upload(api_client(kh_officer), event, csv_bytes(signin_sheet(people)), "s.csv")
    assert response.status_code == 422
    errors = response.json()["report"]["errors"]
    assert errors and errors[0]["row"] and errors[0]["column"]
    assert not Attendance.objects.filter(event=event).exists()


def test_unreadable_file_names_the_file_field(kh_officer):
    event = make_event()
    response = upload(api_client(kh_officer), event, b"\x00\x01 not a sheet", "x.xlsx")
    assert response.status_code == 422
    assert response.json()["errors"][0]["field"] == "file"


def test_bad_mapping_says_what_was_expected(kh_officer):
    event = make_event()
    response = upload(api_client(kh_officer), event, xlsx_bytes(signin_sheet()), mapping="{")
    assert response.status_code == 422
    assert response.json()["errors"][0]["field"] == "mapping"
    assert "full_name" in response.json()["detail"]


def test_import_access_404_out_of_scope_403_read_only(la_manager, donor):
    event = make_event()
    data = xlsx_bytes(signin_sheet())
    assert upload(api_client(la_manager), event, data).status_code == 404
    assert upload(api_client(donor), event, data).status_code == 403
    assert not Attendance.objects.filter(event=event).exists()


def test_encoding_reads_a_csv_as_chosen_and_the_report_says_which(kh_officer):
    event = make_event()
    people = [["1", "José Müller", "M", "Police officer", "CNP", "", ""]]
    data = csv_bytes(signin_sheet(people), encoding="cp1252")
    client = api_client(kh_officer)
    refused = upload(client, event, data, "s.csv", encoding="utf-8", dry_run="true")
    assert refused.status_code == 422 and "UTF-8" in str(refused.json())
    assert upload(client, event, data, "s.csv", encoding="cp775").status_code == 422
    detected = upload(client, event, data, "s.csv", dry_run="true")
    assert detected.json()["encoding"] == "cp1252"
    response = upload(client, event, data, "s.csv", encoding="cp1252")
    assert response.status_code == 201 and response.json()["encoding"] == "cp1252"
    assert Attendance.objects.get(event=event).person.full_name == "José Müller"


def test_skip_invalid_imports_the_good_rows_and_lists_the_rows_left_out(kh_officer):
    event = make_event()
    people = [*PEOPLE, ["4", "Mao Sophea", "banana", "Judge", "MoJ", "", ""]]
    data = csv_bytes(signin_sheet(people))
    response = upload(api_client(kh_officer), event, data, "s.csv", skip_invalid="true")
    assert response.status_code == 201, response.content
    report = response.json()
    assert report["attendances_added"] == len(PEOPLE) and report["errors"] == []
    (left,) = report["left_out"]
    assert left["values"]["Name"] == "Mao Sophea" and left["problems"][0]["column"] == "Sex"
    assert Attendance.objects.filter(event=event).count() == len(PEOPLE)


def test_skip_invalid_with_every_row_bad_is_422_and_writes_nothing(kh_officer):
    event = make_event()
    people = [["1", "Mao Sophea", "banana", "Judge", "MoJ", "", ""]]
    data = csv_bytes(signin_sheet(people))
    response = upload(api_client(kh_officer), event, data, "s.csv", skip_invalid="true")
    assert response.status_code == 422
    assert response.json()["report"]["left_out"] == []
    assert not ImportBatch.objects.exists()


def test_without_skip_invalid_the_report_has_no_rows_left_out(kh_officer):
    event = make_event()
    response = upload(api_client(kh_officer), event, xlsx_bytes(signin_sheet()))
    assert response.json()["left_out"] == []
