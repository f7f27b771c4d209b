"""Uploaded sheets: owned by the user who uploaded them, readable by the server only, deleted
at cancel, after a successful import, or by `purge_uploads` after a failure or an abandoned
preview; and the encoding a CSV file was read as, shown and changeable in the preview."""

from __future__ import annotations

import datetime as dt
import os
import stat

import pytest
from django.core.files.base import ContentFile
from django.core.files.storage import storages
from django.core.files.uploadedfile import SimpleUploadedFile
from django.core.management import call_command
from django.urls import reverse
from django.utils import timezone

from pathways.activities.models import Attendance, ImportUpload
from pathways.activities.tests.import_sheets import (
    PEOPLE,
    csv_bytes,
    make_event,
    signin_sheet,
    xlsx_bytes,
)
from pathways.jobs.models import StoredFile

pytestmark = pytest.mark.django_db

COLUMNS = ["ignore", "full_name", "sex", "position", "organisation", "phone", "ignore"]
CONFIRM = {**{f"col_{i}": f for i, f in enumerate(COLUMNS)}, "action": "confirm"}
WESTERN = [
    ["1", "José Müller", "M", "Police officer", "CNP", "", ""],
    ["2", "Conceição Gonçalves", "F", "Prosecutor", "MoJ", "", ""],
]


@pytest.fixture(autouse=True, params=["database", "files"])
def shared(request, settings, tmp_path) -> str:
    """Every guarantee holds in the database (the default) and in a folder on disk."""
    settings.MEDIA_ROOT = tmp_path / "media"
    settings.STORAGES = {
        **settings.STORAGES,
        "shared": (
            {"BACKEND": "pathways.jobs.storage.DatabaseStorage"}
            if request.param == "database"
            else {
                "BACKEND": "pathways.jobs.storage.PrivateFileSystemStorage",
                "OPTIONS": {"location": str(tmp_path / "shared")},
            }
        ),
    }
    return request.param


def _upload(client, event, data: bytes, name: str = "sheet.xlsx", **fields):
    url = reverse("activities:import_upload", args=[event.pk])
    return client.post(url, {"file": SimpleUploadedFile(name, data), **fields})


def _stored() -> list[str]:
    """The uploads' files in the shared storage."""
    try:
        return storages["shared"].listdir("imports")[1]
    except FileNotFoundError:  # a folder on disk not made yet
        return []


def _preview_url(client, event, data: bytes = b"", name: str = "sheet.xlsx") -> str:
    response = _upload(client, event, data or xlsx_bytes(signin_sheet()), name)
    assert response.status_code == 302, response.content
    return response["Location"]


def _cancel_url(preview_url: str) -> str:
    return preview_url + "cancel/"


def _purge(capsys) -> str:
    call_command("purge_uploads")
    return capsys.readouterr().out


def _age(hours: float) -> None:
    ImportUpload.objects.update(updated_at=timezone.now() - dt.timedelta(hours=hours))


# --- Storage ---------------------------------------------------------------------------------


def test_uploaded_file_is_readable_by_the_server_user_only(client, kh_officer, shared, tmp_path):
    folder = tmp_path / "shared" / "imports"
    if shared == "files":
        folder.mkdir(parents=True)
        os.chmod(folder.parent, 0o755)  # noqa: S103 - as an earlier version left it
        os.chmod(folder, 0o755)  # noqa: S103
    client.force_login(kh_officer)
    sheet = xlsx_bytes(signin_sheet())
    _preview_url(client, make_event(), sheet)
    [name] = _stored()
    if shared == "database":  # nothing of the sheet on this machine's disk
        assert not any(p.is_file() for p in tmp_path.rglob("*"))
        assert bytes(StoredFile.objects.get().content) == sheet
        return
    assert stat.S_IMODE((folder / name).stat().st_mode) == 0o600
    assert stat.S_IMODE(folder.stat().st_mode) == 0o700
    assert stat.S_IMODE(folder.parent.stat().st_mode) == 0o700


def test_an_upload_belongs_to_the_user_not_the_browser_session(client, kh_officer):
    event = make_event()
    client.force_login(kh_officer)
    preview_url = _preview_url(client, event)
    client.logout()
    client.force_login(kh_officer)  # a new session, or another browser
    assert client.get(preview_url).status_code == 200
    assert client.post(preview_url, CONFIRM).status_code == 302
    assert Attendance.objects.filter(event=event).count() == len(PEOPLE)


def test_another_users_upload_is_not_found_and_stays_untouched(client, kh_officer, kh_manager):
    event = make_event()
    client.force_login(kh_officer)
    preview_url = _preview_url(client, event)
    client.force_login(kh_manager)  # may import into this event, but this is not their upload
    assert client.get(preview_url).status_code == 404
    assert client.post(preview_url, CONFIRM).status_code == 404
    assert client.post(_cancel_url(preview_url)).status_code == 404
    assert not Attendance.objects.exists()
    assert len(_stored()) == 1 and ImportUpload.objects.count() == 1


# --- Deletion --------------------------------------------------------------------------------


def test_cancel_deletes_the_file_and_imports_nothing(client, kh_officer):
    event = make_event()
    client.force_login(kh_officer)
    preview_url = _preview_url(client, event)
    assert "Cancel and delete the uploaded file" in client.get(preview_url).content.decode()
    response = client.post(_cancel_url(preview_url))
    assert response["Location"] == reverse("activities:import_upload", args=[event.pk])
    assert _stored() == [] and not ImportUpload.objects.exists()
    assert not Attendance.objects.exists()
    assert client.get(preview_url).status_code == 404


def test_cancel_is_only_a_post(client, kh_officer):
    client.force_login(kh_officer)
    preview_url = _preview_url(client, make_event())
    assert client.get(_cancel_url(preview_url)).status_code == 405
    assert len(_stored()) == 1


def test_successful_import_deletes_the_file(client, kh_officer):
    event = make_event()
    client.force_login(kh_officer)
    preview_url = _preview_url(client, event)
    client.post(preview_url, CONFIRM)
    assert Attendance.objects.filter(event=event).count() == len(PEOPLE)
    assert _stored() == [] and not ImportUpload.objects.exists()


def test_failed_import_is_kept_for_a_day_for_corrections_then_purged(client, kh_officer, capsys):
    event = make_event()
    client.force_login(kh_officer)
    bad = [*PEOPLE, ["4", "Mao Sophea", "banana", "Judge", "MoJ", "", ""]]
    preview_url = _preview_url(client, event, csv_bytes(signin_sheet(bad)), "s.csv")
    client.post(preview_url, CONFIRM)
    assert not Attendance.objects.exists()
    assert ImportUpload.objects.get().status == ImportUpload.Status.FAILED
    assert "0 upload(s)" in _purge(capsys) and len(_stored()) == 1
    _age(23)
    assert "0 upload(s)" in _purge(capsys) and client.get(preview_url).status_code == 200
    _age(25)
    assert "Deleted 1 upload(s)" in _purge(capsys)
    assert _stored() == [] and not ImportUpload.objects.exists()
    assert client.get(preview_url).status_code == 404


def test_abandoned_preview_is_purged_after_the_retention_time(client, kh_officer, capsys, settings):
    settings.UPLOAD_RETENTION_HOURS = 2
    client.force_login(kh_officer)
    _preview_url(client, make_event())
    _age(1)
    _purge(capsys)
    assert len(_stored()) == 1
    _age(3)
    assert "Deleted 1 upload(s) unused for 2 hours" in _purge(capsys)
    assert _stored() == [] and not ImportUpload.objects.exists()
    assert "Deleted 0 upload(s)" in _purge(capsys)  # a second run finds nothing and fails not


def test_files_without_a_record_are_purged_and_others_kept(client, kh_officer, capsys):
    client.force_login(kh_officer)
    _preview_url(client, make_event())
    kept = _stored()
    storages["shared"].save("imports/left-by-a-session.upload", ContentFile(b"Name,Sex\n"))
    assert "and 1 file(s) without a record" in _purge(capsys)
    assert _stored() == kept
    assert "and 0 file(s) without a record" in _purge(capsys)


def test_sheets_an_earlier_version_left_on_disk_are_purged(
    client, kh_officer, capsys, settings, shared, tmp_path
):
    legacy = settings.MEDIA_ROOT / "imports"
    legacy.mkdir(parents=True)
    (legacy / "from-before.upload").write_bytes(b"Name,Sex\nSok Dara,M\n")
    (legacy / "2021").mkdir()  # anything else in the folder is not an upload: left alone
    client.force_login(kh_officer)
    _preview_url(client, make_event())
    kept = _stored()
    assert "and 1 file(s) without a record" in _purge(capsys)
    assert not (legacy / "from-before.upload").exists() and (legacy / "2021").is_dir()
    assert _stored() == kept


def test_the_shared_folder_set_to_the_media_root_loses_no_live_sheet(
    client, kh_officer, capsys, settings
):
    settings.STORAGES = {
        **settings.STORAGES,
        "shared": {
            "BACKEND": "pathways.jobs.storage.PrivateFileSystemStorage",
            "OPTIONS": {"location": str(settings.MEDIA_ROOT)},
        },
    }
    client.force_login(kh_officer)
    preview_url = _preview_url(client, make_event())
    assert "and 0 file(s) without a record" in _purge(capsys)
    assert len(_stored()) == 1 and client.get(preview_url).status_code == 200


def test_an_upload_whose_file_is_gone_is_not_found(client, kh_officer):
    client.force_login(kh_officer)
    preview_url = _preview_url(client, make_event())
    storages["shared"].delete(f"imports/{_stored()[0]}")
    assert client.get(preview_url).status_code == 404
    assert not ImportUpload.objects.exists()


# --- Encoding in the pages -------------------------------------------------------------------


def test_preview_says_what_a_csv_was_read_as_and_reads_it_again_as_chosen(client, kh_officer):
    event = make_event()
    client.force_login(kh_officer)
    data = csv_bytes(signin_sheet(WESTERN), encoding="cp1252")
    preview_url = _preview_url(client, event, data, "s.csv")
    page = client.get(preview_url).content.decode()
    assert "Read as Windows-1252 (Western European)." in page
    assert "José Müller" in page and "Conceição Gonçalves" in page
    response = client.post(preview_url, {"encoding": "mac_roman", "action": "encoding"})
    assert response.status_code == 302
    page = client.get(preview_url).content.decode()
    assert "Read as Mac OS Roman (older Excel for Mac)." in page and "JosÈ M¸ller" in page
    client.post(preview_url, {"encoding": "cp1252", "action": "encoding"})
    client.post(preview_url, CONFIRM)
    names = set(Attendance.objects.filter(event=event).values_list("person__full_name", flat=True))
    assert names == {"José Müller", "Conceição Gonçalves"}


def test_an_encoding_that_cannot_read_the_file_is_refused_and_changes_nothing(client, kh_officer):
    client.force_login(kh_officer)
    data = csv_bytes(signin_sheet(WESTERN), encoding="cp1252")
    preview_url = _preview_url(client, make_event(), data, "s.csv")
    response = client.post(preview_url, {"encoding": "utf-8", "action": "encoding"}, follow=True)
    page = response.content.decode()
    assert "cannot be read as Unicode (UTF-8)" in page
    assert "Read as Windows-1252 (Western European)." in page
    assert ImportUpload.objects.get().encoding == ""


def test_a_workbook_shows_no_encoding(client, kh_officer):
    client.force_login(kh_officer)
    page = client.get(_preview_url(client, make_event())).content.decode()
    assert "If names look wrong" not in page and 'value="encoding"' not in page


def test_upload_page_asks_for_the_encoding_when_it_is_not_recognised(client, kh_officer):
    event = make_event()
    client.force_login(kh_officer)
    russian = [["No.", "Name", "Sex"], ["1", "Иван Петров", "M"], ["2", "Мария Сидорова", "F"]]
    response = _upload(client, event, csv_bytes(russian, encoding="cp1251"), "s.csv")
    assert response.status_code == 200
    assert "Choose the encoding it was saved in" in response.context["form"].errors["file"][0]
    assert _stored() == []
    data = csv_bytes(signin_sheet(WESTERN), encoding="cp1252")
    preview_url = _upload(client, event, data, "s.csv", encoding="mac_roman")["Location"]
    assert "Read as Mac OS Roman" in client.get(preview_url).content.decode()
