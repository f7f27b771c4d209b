"""Helpers for the import tests: events, persons and synthetic sign-in sheets built in code.

Every name, phone number and email here is invented.
"""

from __future__ import annotations

import csv
import datetime as dt
import io
from collections.abc import Sequence
from typing import Any

from openpyxl import Workbook

from pathways.activities.dedup.matching import name_key
from pathways.activities.models import Event, Person
from pathways.programs.models import Country, Organisation


def make_event(
    *, country: str = "KH", lead: str | None = "MoJ", title: str = "Training on AML"
) -> Event:
    event = Event.objects.create(
        title=title,
        event_type=Event.Type.TRAINING,
        start_date=dt.date(2022, 3, 1),
        end_date=dt.date(2022, 3, 2),
        country=Country.objects.get(code=country),
        lead_organisation=Organisation.objects.get(acronym=lead) if lead else None,
    )
    return event


def make_person(*, country: str = "KH", full_name: str, **fields: Any) -> Person:
    return Person.objects.create(
        full_name=full_name,
        name_key=name_key(full_name),
        country=Country.objects.get(code=country),
        **fields,
    )


HEADER = ["No.", "Name", "Sex", "Position", "Organisation", "Phone", "Signature"]
PEOPLE = [
    ["1", "Sok Dara", "M", "Police officer", "CNP", "012 345 678", ""],
    ["2", "Chan Sreymom", "F", "Prosecutor", "MoJ", "092 555 111", ""],
    ["3", "Keo Vanna", "F", "Judge", "MoJ", "", ""],
]


def xlsx_bytes(
    rows: Sequence[Sequence[Any]],
    *,
    merges: Sequence[str] = (),
    hidden_first: Sequence[Sequence[Any]] | None = None,
) -> bytes:
    workbook = Workbook()
    sheet = workbook.active
    if hidden_first is not None:
        for row in hidden_first:
            sheet.append(list(row))
        sheet.sheet_state = "hidden"
        sheet = workbook.create_sheet("Attendance")
    for row in rows:
        sheet.append(list(row))
    for merge in merges:
        sheet.merge_cells(merge)
    out = io.BytesIO()
    workbook.save(out)
    return out.getvalue()


def csv_bytes(
    rows: Sequence[Sequence[Any]],
    *,
    delimiter: str = ",",
    encoding: str = "utf-8",
    bom: bool = False,
) -> bytes:
    out = io.StringIO()
    csv.writer(out, delimiter=delimiter, lineterminator="\r\n").writerows(rows)
    text = out.getvalue()
    data = text.encode(encoding)
    if bom and encoding.lower().replace("-", "") == "utf8":
        data = b"\xef\xbb\xbf" + data
    return data


def signin_sheet(people: Sequence[Sequence[Any]] = PEOPLE) -> list[list[Any]]:
    """A sheet as organisers send them: title rows above, a blank row, totals at the end."""
    return [
        ["Training on anti-money laundering in trafficking cases"],
        ["Phnom Penh, 1-2 March 2022 (synthetic sample)"],
        [],
        HEADER,
        *[list(p) for p in people],
        [],
        ["Total", "", str(len(people))],
    ]
