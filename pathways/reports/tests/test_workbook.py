from __future__ import annotations

import io

import pytest
from openpyxl import load_workbook

from pathways.activities.models import Person
from pathways.reports.tests.factories import make_seed_cambodia
from pathways.reports.workbook import donor_workbook_bytes


@pytest.fixture
def workbook(db):
    make_seed_cambodia()
    return load_workbook(io.BytesIO(donor_workbook_bytes()))


def _rows(sheet) -> list[dict[str, object]]:
    values = list(sheet.iter_rows(values_only=True))
    return [dict(zip(values[0], row, strict=True)) for row in values[1:]]


def test_sheets_are_figures_indicators_events_achievements(workbook):
    assert workbook.sheetnames == ["Figures", "Indicators", "Events", "Achievements"]


def test_every_sheet_has_a_frozen_bold_header_and_widths(workbook):
    for sheet in workbook.worksheets:
        assert sheet.freeze_panes == "A2"
        assert sheet["A1"].font.bold
        assert sheet.column_dimensions["A"].width > 5


def test_figures_sheet_has_the_seed_year_for_cambodia(workbook):
    sheet = workbook["Figures"]
    row = next(
        r for r in _rows(sheet) if r["Country"] == "Cambodia" and r["Financial year"] == "2021–22"
    )
    assert row["Events"] == 35
    assert row["Participants"] == 1038
    assert row["Participants: % women"] == 35
    assert row["Capacity development events"] == 10
    assert row["People trained"] == 328
    assert row["People trained: % men"] == 66
    assert sheet.cell(row=2, column=5).number_format == "#,##0"
    assert sheet.cell(row=2, column=3).number_format == "yyyy-mm-dd"


def test_events_sheet_counts_participants_per_event(workbook):
    rows = _rows(workbook["Events"])
    in_year = [
        r
        for r in rows
        if r["Start"].year in (2021, 2022) and r["Start"].isoformat() <= "2022-06-30"
    ]
    assert len(in_year) == 35
    assert sum(r["Participants"] for r in in_year) == 1038


def test_no_person_is_named_anywhere(workbook):
    names = set(Person.objects.values_list("full_name", flat=True))
    assert names
    for sheet in workbook.worksheets:
        for row in sheet.iter_rows(values_only=True):
            for value in row:
                assert value not in names
                assert not (isinstance(value, str) and "Synthetic person" in value)
