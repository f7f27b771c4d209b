"""The import service: reading, mapping, writing all rows or none, and the report."""

from __future__ import annotations

import pytest

from pathways.activities.importing import import_file
from pathways.activities.models import Attendance, Person
from pathways.activities.tests.import_sheets import make_event, signin_sheet, xlsx_bytes

pytestmark = pytest.mark.django_db


def test_signin_sheet_with_title_and_totals_rows_imports_every_person(kh_officer):
    event = make_event()
    data = xlsx_bytes(signin_sheet())
    result = import_file(actor=kh_officer, event=event, data=data, file_name="s.xlsx")
    assert result.errors == []
    assert result.report()["attendances_added"] == 3
    assert result.persons_created == 3
    assert {s.reason for s in result.skipped} == {"blank", "totals row"}
    assert Attendance.objects.filter(event=event).count() == 3
    dara = Person.objects.get(full_name="Sok Dara")
    assert dara.sex == "man"
    assert dara.phone == "+85512345678"
    assert dara.position == "police"
    assert dara.organisation.acronym == "CNP"
