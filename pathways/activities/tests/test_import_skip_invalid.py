"""Forgiving imports: leaving out the rows with problems, and what is kept of them."""

from __future__ import annotations

import datetime as dt
from decimal import Decimal

import pytest
from django.test import override_settings
from django.utils import timezone

from pathways.activities.importing import import_file, prepare_import
from pathways.activities.importing.uploads import uploads_purge
from pathways.activities.models import Attendance, ImportBatch, Person
from pathways.activities.tests.import_sheets import HEADER, PEOPLE, csv_bytes, make_event
from pathways.audit.models import AuditEvent

pytestmark = pytest.mark.django_db

BAD = [
    ["4", "Lim Bora", "maybe", "Police officer", "CNP", "", ""],
    ["5", "", "F", "Judge", "MoJ", "", "signed"],
]


def _sheet(people=PEOPLE + BAD) -> bytes:
    return csv_bytes([HEADER, *people])


def _import(actor, event, data, **kwargs):
    return import_file(actor=actor, event=event, data=data, file_name="sheet.csv", **kwargs)


def test_without_skip_invalid_a_bad_row_stops_the_whole_import(kh_officer):
    event = make_event()
    result = _import(kh_officer, event, _sheet())
    assert [e.row for e in result.errors] == [5, 6]
    assert not result.written and result.left_out == []
    assert "left_out" not in result.report()
    assert not Attendance.objects.filter(event=event).exists()
    assert not ImportBatch.objects.exists()


def test_skip_invalid_imports_the_good_rows_and_lists_the_rows_left_out(kh_officer):
    event = make_event()
    result = _import(kh_officer, event, _sheet(), skip_invalid=True)
    assert result.written and result.errors == []
    assert result.attendances_added == 3
    assert Attendance.objects.filter(event=event).count() == 3
    report = result.report()
    assert [r["row"] for r in report["left_out"]] == [5, 6]
    first = report["left_out"][0]
    assert first["values"]["Name"] == "Lim Bora"
    assert first["problems"][0]["column"] == "Sex"
    assert "maybe" in first["problems"][0]["message"]


def test_rows_left_out_are_kept_with_the_batch_under_the_sheets_headers(kh_officer):
    event = make_event()
    result = _import(kh_officer, event, _sheet(), skip_invalid=True)
    batch = ImportBatch.objects.get(pk=result.batch_id)
    assert batch.problem_rows["headers"] == HEADER
    rows = batch.problem_rows["rows"]
    assert [r[:2] for r in rows] == [["4", "Lim Bora"], ["5", ""]]
    assert "maybe" in rows[0][-1] and "name" in rows[1][-1]
    # The permanent report names the rows, not their data.
    assert batch.report["left_out"] == [
        {"row": 5, "columns": ["Sex"]},
        {"row": 6, "columns": ["Name"]},
    ]
    audit = AuditEvent.objects.get(action=AuditEvent.Action.IMPORT)
    assert audit.changes["rows_left_out"] == [5, 6]


def test_every_row_with_a_problem_imports_nothing_and_says_so(kh_officer):
    event = make_event()
    result = _import(kh_officer, event, _sheet(BAD), skip_invalid=True)
    assert not result.written
    assert any("Every row has a problem" in e.message for e in result.errors)
    assert not ImportBatch.objects.exists() and not Person.objects.exists()


def test_a_problem_of_the_whole_sheet_still_stops_a_forgiving_import(kh_officer):
    event = make_event()
    mapping = {0: "ignore", 1: "full_name", 2: "sex", 3: "ignore", 4: "ignore", 5: "ignore"}
    mapping[6] = "sex"  # two columns read as sex: the mapping is wrong, not a row
    result = _import(kh_officer, event, _sheet(), skip_invalid=True, mapping=mapping)
    assert not result.written and any(e.row is None for e in result.errors)


def test_dry_run_with_skip_invalid_reports_and_writes_nothing(kh_officer):
    event = make_event()
    result = _import(kh_officer, event, _sheet(), skip_invalid=True, dry_run=True)
    assert result.attendances_added == 3 and len(result.left_out) == 2
    assert not ImportBatch.objects.exists()


def test_the_fixed_problem_rows_import_again_adding_only_them(kh_officer):
    event = make_event()
    result = _import(kh_officer, event, _sheet(), skip_invalid=True)
    sheet = ImportBatch.objects.get(pk=result.batch_id).problem_rows
    fixed = [row[:-1] for row in sheet["rows"]]
    fixed[0][2], fixed[1][1] = "M", "Pich Sophea"
    again = _import(kh_officer, event, csv_bytes([sheet["headers"] + ["problem"], *fixed]))
    assert again.errors == [] and again.attendances_added == 2
    assert Attendance.objects.filter(event=event).count() == 5


def test_preview_offers_to_leave_out_rows_only_when_good_rows_remain(kh_officer):
    event = make_event()
    preview = prepare_import(actor=kh_officer, event=event, data=_sheet(), file_name="s.csv")
    assert preview.can_skip and not preview.can_confirm
    rows = preview.problem_rows()
    assert [r.row for r in rows] == [5, 6]
    assert ("Sex", "maybe") in rows[0].values(preview.columns, preview.mapping)
    only_bad = prepare_import(actor=kh_officer, event=event, data=_sheet(BAD), file_name="b.csv")
    assert not only_bad.can_skip


def test_purge_empties_rows_left_out_after_the_retention_time(kh_officer):
    event = make_event()
    result = _import(kh_officer, event, _sheet(), skip_invalid=True)
    assert uploads_purge().problem_rows == 0
    later = timezone.now() + dt.timedelta(hours=25)
    with override_settings(UPLOAD_RETENTION_HOURS=24):
        assert uploads_purge(now=later).problem_rows == 1
    batch = ImportBatch.objects.get(pk=result.batch_id)
    assert batch.problem_rows == {} and batch.report["left_out"]


MULTI_HEADER = ["Name", "Sex", "Day 1", "Day 2", "Day 3"]


def test_multi_day_sheet_counts_the_days_marked(kh_officer):
    event = make_event()
    rows = [
        MULTI_HEADER,
        ["Sok Dara", "M", "✓", "x", ""],
        ["Chan Sreymom", "F", "CS", "", "12/03/2024"],
        ["Keo Vanna", "F", "1", "yes", "signed"],
    ]
    result = _import(kh_officer, event, csv_bytes(rows))
    assert result.errors == []
    days = dict(Attendance.objects.values_list("person__full_name", "days_attended"))
    assert days == {"Sok Dara": Decimal(2), "Chan Sreymom": Decimal(2), "Keo Vanna": Decimal(3)}


def test_multi_day_row_present_on_no_day_is_a_problem(kh_officer):
    event = make_event()
    rows = [MULTI_HEADER, ["Sok Dara", "M", "", "", ""], ["Chan Sreymom", "F", "✓", "0", "-"]]
    result = _import(kh_officer, event, csv_bytes(rows), skip_invalid=True)
    assert [e.row for e in result.errors] == []
    assert "attended no day" in result.left_out[0].problems[0].message
    assert Attendance.objects.get().days_attended == Decimal(1)


def test_multi_day_sheet_disagreeing_with_its_days_column_names_both(kh_officer):
    event = make_event()
    rows = [["Name", "Sex", "Ngày 1", "Ngày 2", "Days attended"], ["Sok Dara", "M", "✓", "", "2"]]
    result = _import(kh_officer, event, csv_bytes(rows))
    (error,) = result.errors
    assert "Days attended" in error.message and "2 days" in error.message
    assert "1 day columns" in error.message


@pytest.mark.parametrize(
    "headers",
    [
        ["ថ្ងៃទី ១", "ថ្ងៃទី ២"],
        ["วันที่ 1", "วันที่ 2"],
        ["ມື້ທີ 1", "ມື້ທີ 2"],
        ["Hari 1", "Hari 2"],
        ["Araw 1", "Araw 2"],
        ["နေ့ ၁", "နေ့ ၂"],
        ["12/03", "13/03"],
        ["2024-03-12", "2024-03-13"],
    ],
)
def test_day_columns_in_the_programs_languages_and_as_dates(kh_officer, headers):
    event = make_event()
    rows = [["Name", "Sex", *headers], ["Sok Dara", "M", "✔", "X"]]
    preview = prepare_import(
        actor=kh_officer, event=event, data=csv_bytes(rows), file_name="days.csv"
    )
    assert [preview.mapping[i] for i in (2, 3)] == ["attended_day", "attended_day"]
    assert preview.errors == [] and preview.read.rows[0].days_attended == Decimal(2)
