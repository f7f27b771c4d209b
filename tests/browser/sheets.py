"""Synthetic sign-in sheets for the browser flows, built in code.

Every name and phone number here is invented; the sheets say they are synthetic.
"""

from __future__ import annotations

import csv
import io
from dataclasses import dataclass

from openpyxl import Workbook


@dataclass(frozen=True)
class Attendee:
    latin: str  # the name in Latin letters, as an English-language sheet writes it
    khmer: str  # the same name in Khmer script, as a Khmer-language form writes it
    sex: str  # as written on the sheet: F, ស្រី, Female, M, ប្រុស ... or "" (not recorded)
    position: str = ""
    organisation: str = ""
    phone: str = ""


def bilingual_signin_xlsx(
    title: str, people: list[Attendee], *, repeat: int | None = None
) -> bytes:
    """A sign-in sheet as organisers send it: a merged title in two languages, a blank
    row, English and Khmer headers on two lines, trailing spaces, a signature column, a
    blank row among the people, a totals row and a 'prepared by' line below it.

    `repeat`: the index of a person who signed twice (a duplicate in the sheet).
    """
    book = Workbook()
    sheet = book.active
    sheet.title = "Sign-in"
    sheet.append(["បញ្ជីវត្តមាន / ATTENDANCE SHEET"])
    sheet.append([f"{title} (synthetic test sheet)"])
    sheet.append([])
    sheet.append(["No.", "Name", "Sex", "Position", "Workplace", "Phone", "Signature"])
    sheet.append(["ល.រ", "គោត្តនាម និងនាម", "ភេទ", "តួនាទី", "កន្លែងធ្វើការ", "លេខទូរស័ព្ទ", "ហត្ថលេខា"])
    rows = [
        [n, f"{p.latin} ", p.sex, p.position, p.organisation, p.phone, "✓"]
        for n, p in enumerate(people, start=1)
    ]
    if repeat is not None:
        rows.append([len(rows) + 1, *rows[repeat][1:]])
    half = len(rows) // 2
    for row in rows[:half]:
        sheet.append(row)
    sheet.append([])
    for row in rows[half:]:
        sheet.append(row)
    women = sum(p.sex.strip().casefold() in {"f", "female", "ស្រី"} for p in people)
    sheet.append(["Total / សរុប", "", f"{women} F", "", "", "", ""])
    sheet.append(["Prepared by: synthetic organiser"])
    sheet.merge_cells("A1:G1")
    sheet.merge_cells("A2:G2")
    out = io.BytesIO()
    book.save(out)
    return out.getvalue()


def latin_csv(people: list[Attendee]) -> bytes:
    """A plain English attendance list, as a spreadsheet program saves it as CSV."""
    out = io.StringIO()
    writer = csv.writer(out, lineterminator="\r\n")
    writer.writerow(["Name", "Sex", "Position", "Organisation", "Phone"])
    for p in people:
        writer.writerow([p.latin, p.sex, p.position, p.organisation, p.phone])
    return out.getvalue().encode()


def kobo_csv(people: list[Attendee]) -> bytes:
    """A KoboToolbox export: UTF-8 with BOM, ';' delimiter, group prefixes, Kobo's own
    columns, and the names in Khmer script only."""
    out = io.StringIO()
    writer = csv.writer(out, delimiter=";", lineterminator="\r\n")
    writer.writerow(
        [
            "start",
            "end",
            "participant/name",
            "participant/sex",
            "participant/position",
            "contact/phone",
            "_id",
            "_uuid",
            "_submission_time",
            "_index",
        ]
    )
    for n, p in enumerate(people, start=1):
        submitted = f"2023-05-16T09:{n:02d}:00"
        phone = p.phone.replace(" ", "")
        uuid = f"synthetic-{n:04d}"
        writer.writerow(
            [submitted, submitted, p.khmer, p.sex, p.position, phone, 900 + n, uuid, submitted, n]
        )
    return ("\ufeff" + out.getvalue()).encode()
