"""`manage.py import_attendance`: the report, --json, --dry-run, --user and exit codes."""

from __future__ import annotations

import json

import pytest
from django.core.management import call_command
from django.core.management.base import CommandError
from openpyxl import load_workbook

from pathways.activities.importing.preview import REPORT_KEYS
from pathways.activities.models import Attendance, ImportBatch
from pathways.activities.tests.import_sheets import csv_bytes, make_event, signin_sheet, xlsx_bytes
from pathways.audit.models import AuditEvent

pytestmark = pytest.mark.django_db


def _run(*args, capsys):
    code = 0
    try:
        call_command("import_attendance", *args)
    except SystemExit as exc:
        code = exc.code
    out, err = capsys.readouterr()
    return code, out, err


@pytest.fixture
def sheet(tmp_path):
    path = tmp_path / "signin.xlsx"
    path.write_bytes(xlsx_bytes(signin_sheet()))
    return path


def test_json_report_has_exactly_the_documented_keys(sheet, capsys):
    event = make_event()
    code, out, _ = _run(str(sheet), "--event", str(event.pk), "--json", capsys=capsys)
    report = json.loads(out)
    assert code == 0
    assert tuple(report) == REPORT_KEYS
    assert report["attendances_added"] == 3
    assert report["skipped"] == [{"row": 8, "reason": "blank"}, {"row": 9, "reason": "totals row"}]
    assert Attendance.objects.filter(event=event).count() == 3
    audit = AuditEvent.objects.get(action=AuditEvent.Action.IMPORT)
    assert (audit.source, audit.actor_name) == ("command", "system")


def test_dry_run_writes_nothing(sheet, capsys):
    event = make_event()
    code, out, err = _run(str(sheet), "--event", str(event.pk), "--dry-run", capsys=capsys)
    assert code == 0
    assert "Attendances added: 3 (dry run)" in out
    assert "nothing was written" in err
    assert not ImportBatch.objects.exists()


def test_errors_exit_non_zero_and_write_nothing(tmp_path, capsys):
    event = make_event()
    path = tmp_path / "bad.csv"
    path.write_bytes(csv_bytes([["Name", "Sex"], ["Sok Dara", "M"], ["Chan", "x"]]))
    code, out, _ = _run(str(path), "--event", str(event.pk), "--json", capsys=capsys)
    report = json.loads(out)
    assert code == 1
    assert report["errors"][0]["row"] == 3
    assert report["errors"][0]["column"] == "Sex"
    assert report["attendances_added"] == 0
    assert not Attendance.objects.exists()


def test_a_file_that_is_not_a_sheet_exits_non_zero(tmp_path, capsys):
    event = make_event()
    path = tmp_path / "photo.xlsx"
    path.write_bytes(b"\x89PNG\r\n\x1a\n\x00\x00\x00binary")
    code, out, _ = _run(str(path), "--event", str(event.pk), "--json", capsys=capsys)
    assert code == 1
    assert "not a spreadsheet" in json.loads(out)["errors"][0]["message"]


def test_importing_again_says_so(sheet, capsys):
    event = make_event()
    _run(str(sheet), "--event", str(event.pk), capsys=capsys)
    code, out, err = _run(str(sheet), "--event", str(event.pk), capsys=capsys)
    assert code == 0
    assert "already imported" in err
    assert "Attendances added: 0" in out


def test_user_option_checks_access_and_is_audited(sheet, capsys, kh_officer, la_manager):
    event = make_event()
    with pytest.raises(CommandError, match="cannot change"):
        call_command(
            "import_attendance", str(sheet), "--event", str(event.pk), "--user", "la_manager"
        )
    _run(str(sheet), "--event", str(event.pk), "--user", "kh_officer", capsys=capsys)
    assert AuditEvent.objects.get(action=AuditEvent.Action.IMPORT).actor == kh_officer


def test_unknown_event_and_missing_file_are_command_errors(sheet, tmp_path):
    with pytest.raises(CommandError, match="No event"):
        call_command("import_attendance", str(sheet), "--event", "999999")
    with pytest.raises(CommandError, match="No such file"):
        call_command("import_attendance", str(tmp_path / "none.csv"), "--event", "1")


def test_encoding_option_reads_a_csv_as_chosen(tmp_path, capsys):
    event = make_event()
    people = [["1", "José Müller", "M", "Police officer", "CNP", "", ""]]
    path = tmp_path / "signin.csv"
    path.write_bytes(csv_bytes(signin_sheet(people), encoding="cp1252"))
    code, _, err = _run(str(path), "--event", str(event.pk), "--encoding", "utf-8", capsys=capsys)
    assert code == 1 and "cannot be read as Unicode (UTF-8)" in err
    assert not Attendance.objects.exists()
    code, _, _ = _run(str(path), "--event", str(event.pk), "--encoding", "cp1252", capsys=capsys)
    assert code == 0
    assert Attendance.objects.get(event=event).person.full_name == "José Müller"


def test_an_unknown_encoding_is_refused(sheet):
    with pytest.raises(CommandError, match="invalid choice"):
        call_command("import_attendance", str(sheet), "--event", "1", "--encoding", "cp775")


def _sheet_with_a_bad_row(tmp_path):
    path = tmp_path / "bad.csv"
    rows = [
        ["Name", "Sex", "Phone"],
        ["Sok Dara", "M", ""],
        ["Chan Sreymom", "maybe", ""],
    ]
    path.write_bytes(csv_bytes(rows))
    return path


def test_skip_invalid_imports_the_good_rows_and_lists_the_rows_left_out(tmp_path, capsys):
    event = make_event()
    path = _sheet_with_a_bad_row(tmp_path)
    args = (str(path), "--event", str(event.pk), "--skip-invalid", "--json")
    code, out, _ = _run(*args, capsys=capsys)
    report = json.loads(out)
    assert code == 0
    assert tuple(report) == (*REPORT_KEYS, "left_out")
    assert report["attendances_added"] == 1 and report["errors"] == []
    (left,) = report["left_out"]
    assert left["row"] == 3 and left["values"]["Name"] == "Chan Sreymom"
    assert left["problems"][0]["column"] == "Sex"
    assert ImportBatch.objects.get(event=event).problem_rows["rows"][0][1] == "maybe"


def test_skip_invalid_text_report_names_the_rows_left_out(tmp_path, capsys):
    event = make_event()
    path = _sheet_with_a_bad_row(tmp_path)
    code, out, _ = _run(str(path), "--event", str(event.pk), "--skip-invalid", capsys=capsys)
    assert code == 0
    assert "Rows left out for their problems: 1" in out and "Row 3" in out


def test_without_skip_invalid_the_bad_row_still_stops_everything(tmp_path, capsys):
    event = make_event()
    path = _sheet_with_a_bad_row(tmp_path)
    code, out, _ = _run(str(path), "--event", str(event.pk), "--json", capsys=capsys)
    assert code == 1 and "left_out" not in json.loads(out)
    assert not Attendance.objects.filter(event=event).exists()


def test_left_out_option_writes_the_rows_left_out_to_fix(tmp_path, capsys):
    event = make_event()
    path, out_path = _sheet_with_a_bad_row(tmp_path), tmp_path / "left-out.xlsx"
    args = (str(path), "--event", str(event.pk), "--skip-invalid", "--left-out", str(out_path))
    code, _, err = _run(*args, capsys=capsys)
    assert code == 0 and "Rows left out written" in err
    assert out_path.stat().st_mode & 0o077 == 0
    rows = list(load_workbook(out_path).active.iter_rows(values_only=True))
    assert rows[0] == ("Name", "Sex", "Phone", "problem")
    assert rows[1][:2] == ("Chan Sreymom", "maybe") and "maybe" in rows[1][3]
