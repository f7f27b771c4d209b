"""Sheets whose cells hold control characters: the importer stores the text without them,
and the command line shows them escaped instead of letting them act on the terminal."""

from __future__ import annotations

import contextlib
import io
import json
import zipfile

import pytest
from django.core.management import call_command

from pathways.activities.dedup import matching
from pathways.activities.importing import import_file
from pathways.activities.models import Person
from pathways.activities.tests.import_sheets import csv_bytes, make_event, xlsx_bytes

pytestmark = pytest.mark.django_db
# Clears the screen and sets the terminal's title when printed raw.
ANSI = "\x1b[2J\x1b]0;owned\x07"
CONTROLS = "\x1b\x07\u202e"
ROWS = [
    ["Name", "Latin name", "Sex", "Organisation"],
    [f"សុខ\u200bដារ៉ា{ANSI}", f"Sok{ANSI} Dara\u202e", "M", f"Mo{ANSI}J"],
]


def xlsx_with_controls(rows: list[list[str]]) -> bytes:
    """A workbook holding control characters as Excel writes them (_x001B_); openpyxl
    refuses to write them at all."""
    codes = {"\x1b": "_x001B_", "\x07": "_x0007_"}
    marked = [
        [cell.replace("\x1b", "QESCQ").replace("\x07", "QBELQ") for cell in row] for row in rows
    ]
    plain, out = zipfile.ZipFile(io.BytesIO(xlsx_bytes(marked))), io.BytesIO()
    with zipfile.ZipFile(out, "w") as target:
        for info in plain.infolist():
            content = plain.read(info.filename)
            content = content.replace(b"QESCQ", codes["\x1b"].encode())
            target.writestr(info, content.replace(b"QBELQ", codes["\x07"].encode()))
    return out.getvalue()


@pytest.mark.parametrize("kind", ["xlsx", "csv"])
def test_imported_names_are_stored_without_control_characters(kh_officer, kind):
    data = xlsx_with_controls(ROWS) if kind == "xlsx" else csv_bytes(ROWS)
    event = make_event()
    result = import_file(actor=kh_officer, event=event, data=data, file_name=f"sheet.{kind}")
    assert result.errors == [] and result.persons_created == 1
    person = Person.objects.get()
    assert person.full_name == "សុខ\u200bដារ៉ា[2J]0;owned"  # the Khmer word break stays
    assert person.latin_name == "Sok[2J]0;owned Dara"
    assert person.name_key == matching.name_key("សុខដារ៉ា[2J]0;owned")
    assert person.organisation is None  # 'Mo…J' is not MoJ: a note, not a guess
    assert not any(ch in "".join(result.warnings) for ch in CONTROLS)


def _command(path, event, *options) -> tuple[str, str]:
    out, err = io.StringIO(), io.StringIO()
    with contextlib.suppress(SystemExit):
        call_command(
            "import_attendance",
            str(path),
            "--event",
            str(event.pk),
            *options,
            stdout=out,
            stderr=err,
        )
    return out.getvalue(), err.getvalue()


def test_the_command_shows_a_bad_cell_escaped_not_raw(tmp_path):
    path = tmp_path / "sheet.csv"
    sex = f"M{ANSI}\nAttendances added: 500"
    path.write_bytes(csv_bytes([["Name", "Sex"], ["Sok Dara", sex]]))
    out, err = _command(path, make_event())
    assert "Errors: 1" in out
    assert "'M\\u001b[2J\\u001b]0;owned\\u0007\\u000aAttendances added: 500' is not a sex" in out
    assert "Attendances added: 500" not in out.splitlines()
    assert not any(ch in out + err for ch in CONTROLS)


def test_the_commands_json_report_escapes_controls_and_stays_json(tmp_path):
    path = tmp_path / "sheet.csv"
    path.write_bytes(csv_bytes([["Name", "Sex"], ["Sok Dara", f"M\x9b\u202e{ANSI}"]]))
    out, _ = _command(path, make_event(), "--json")
    assert not any(ch in out for ch in "\x1b\x07\x9b\u202e")
    message = json.loads(out)["errors"][0]["message"]
    assert f"'M\x9b\u202e{ANSI}' is not a sex" in message
