"""The import pages: access, upload, mapping, preview, confirm and report."""

from __future__ import annotations

import pytest
from django.core.files.uploadedfile import SimpleUploadedFile
from django.urls import reverse

from pathways.activities.models import Attendance, ColumnMapping, ImportBatch
from pathways.activities.tests.import_sheets import (
    PEOPLE,
    csv_bytes,
    make_event,
    signin_sheet,
    xlsx_bytes,
)

pytestmark = pytest.mark.django_db


@pytest.fixture(autouse=True)
def _uploads_in_tmp(settings, tmp_path):
    settings.MEDIA_ROOT = tmp_path


def _upload(client, event, data: bytes, name: str = "sheet.xlsx"):
    url = reverse("activities:import_upload", args=[event.pk])
    return client.post(url, {"file": SimpleUploadedFile(name, data)})


def test_officer_can_open_the_import_page(client, kh_officer):
    event = make_event()
    client.force_login(kh_officer)
    response = client.get(reverse("activities:import_upload", args=[event.pk]))
    assert response.status_code == 200
    assert "Import attendance" in response.content.decode()


def test_other_country_manager_gets_404(client, la_manager):
    event = make_event()
    client.force_login(la_manager)
    assert client.get(reverse("activities:import_upload", args=[event.pk])).status_code == 404
    assert _upload(client, event, xlsx_bytes(signin_sheet())).status_code == 404


def test_donor_gets_403(client, donor):
    event = make_event()
    client.force_login(donor)
    assert client.get(reverse("activities:import_upload", args=[event.pk])).status_code == 403
    assert _upload(client, event, xlsx_bytes(signin_sheet())).status_code == 403
    assert Attendance.objects.count() == 0


def test_anonymous_user_is_sent_to_sign_in(client):
    event = make_event()
    response = client.get(reverse("activities:import_upload", args=[event.pk]))
    assert response.status_code == 302
    assert "login" in response["Location"]


def test_upload_preview_confirm_and_report(client, kh_officer):
    event = make_event()
    client.force_login(kh_officer)
    response = _upload(client, event, xlsx_bytes(signin_sheet()))
    assert response.status_code == 302
    preview_url = response["Location"]
    page = client.get(preview_url).content.decode()
    assert "What will happen" in page
    assert "Sok Dara" in page
    assert Attendance.objects.count() == 0  # nothing is written before confirming
    form = {
        f"col_{i}": f
        for i, f in enumerate(
            ["ignore", "full_name", "sex", "position", "organisation", "phone", "ignore"]
        )
    }
    response = client.post(preview_url, {**form, "action": "confirm"})
    assert response.status_code == 302
    batch = ImportBatch.objects.get(event=event)
    assert response["Location"] == reverse("activities:import_report", args=[event.pk, batch.pk])
    assert Attendance.objects.filter(event=event).count() == len(PEOPLE)
    report = client.get(response["Location"]).content.decode()
    assert "attendances added" in report


def test_not_a_spreadsheet_is_refused_with_a_message(client, kh_officer):
    event = make_event()
    client.force_login(kh_officer)
    response = _upload(client, event, b"%PDF-1.7\n\x00\x01\x02binary", name="sheet.xlsx")
    assert response.status_code == 200
    assert "not a spreadsheet" in response.content.decode()
    assert ImportBatch.objects.count() == 0


def test_changing_a_column_is_previewed_then_remembered(client, kh_officer):
    event = make_event()
    client.force_login(kh_officer)
    rows = [["Name", "Gender", "Comment"], ["Sok Dara", "M", "x"], ["Chan Sreymom", "F", "y"]]
    preview_url = _upload(client, event, csv_bytes(rows), name="s.csv")["Location"]
    form = {"col_0": "full_name", "col_1": "ignore", "col_2": "ignore"}
    response = client.post(preview_url, {**form, "action": "remap"})
    assert response.status_code == 302
    client.post(preview_url, {**form, "action": "confirm"})
    assert Attendance.objects.filter(event=event, person__sex="not_recorded").count() == 2
    saved = ColumnMapping.objects.get(organisation=event.lead_organisation)
    assert saved.mapping == {"0": "full_name", "1": "ignore", "2": "ignore"}


def test_a_column_changed_to_organisation_shows_in_the_previewed_rows(client, kh_officer):
    event = make_event()
    client.force_login(kh_officer)
    rows = [
        ["Name", "Sex", "Workplace"],
        ["Sok Dara", "M", "Synthetic Workplace Office"],
        ["Chan Sreymom", "F", "Synthetic Workplace Office"],
    ]
    preview_url = _upload(client, event, csv_bytes(rows), name="s.csv")["Location"]
    before = client.get(preview_url).content.decode()
    assert "<td>Synthetic Workplace Office</td>" not in before
    form = {"col_0": "full_name", "col_1": "sex", "col_2": "organisation", "action": "remap"}
    response = client.post(preview_url, form, headers={"HX-Request": "true"})
    assert "<td>Synthetic Workplace Office</td>" in response.content.decode()


def test_htmx_remap_returns_the_preview_fragment_and_confirm_redirects(client, kh_officer):
    event = make_event()
    client.force_login(kh_officer)
    preview_url = _upload(client, event, xlsx_bytes(signin_sheet()))["Location"]
    columns = ["ignore", "full_name", "ignore", "position", "organisation", "phone", "ignore"]
    form = {f"col_{i}": f for i, f in enumerate(columns)}
    response = client.post(preview_url, {**form, "action": "remap"}, headers={"HX-Request": "true"})
    page = response.content.decode()
    assert response.status_code == 200
    assert "<html" not in page and "What will happen" in page
    response = client.post(
        preview_url, {**form, "action": "confirm"}, headers={"HX-Request": "true"}
    )
    assert response["HX-Redirect"].startswith(f"/events/{event.pk}/import/report/")
    assert Attendance.objects.filter(event=event, person__sex="not_recorded").count() == 3


def test_preview_lists_problems_and_cannot_be_confirmed(client, kh_officer):
    event = make_event()
    client.force_login(kh_officer)
    rows = [["Name", "Sex"], ["Sok Dara", "M"], ["Chan Sreymom", "x"]]
    preview_url = _upload(client, event, csv_bytes(rows), name="s.csv")["Location"]
    page = client.get(preview_url).content.decode()
    assert "Row 3, column &#x27;Sex&#x27;: &#x27;x&#x27; is not a sex we recognise" in page
    # Confirming is offered only with the explicit choice to leave the row out, off by default.
    assert 'name="skip_invalid" value="1" id="id_skip_invalid">' in page
    response = client.post(preview_url, {"col_0": "full_name", "col_1": "sex", "action": "confirm"})
    assert response.status_code == 302
    assert not Attendance.objects.exists()


def test_second_upload_of_the_same_file_is_flagged(client, kh_officer):
    event = make_event()
    client.force_login(kh_officer)
    data = xlsx_bytes(signin_sheet())
    preview_url = _upload(client, event, data)["Location"]
    columns = ["ignore", "full_name", "sex", "position", "organisation", "phone", "ignore"]
    client.post(
        preview_url, {**{f"col_{i}": f for i, f in enumerate(columns)}, "action": "confirm"}
    )
    page = client.get(_upload(client, event, data)["Location"]).content.decode()
    assert "already imported into this event" in page
    assert Attendance.objects.filter(event=event).count() == 3


def test_another_users_upload_token_is_not_found(client, kh_officer, kh_manager):
    event = make_event()
    client.force_login(kh_officer)
    preview_url = _upload(client, event, xlsx_bytes(signin_sheet()))["Location"]
    client.force_login(kh_manager)
    assert client.get(preview_url).status_code == 404
