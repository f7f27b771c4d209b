"""Reading a group's roster (a CSV or workbook of many people) into checked rows: the header
row names the columns, each cell is read as what its column expects, and every problem is
named by its row, its column and what was expected. Nothing is written here.

Columns (a header may be written in any case; the first row with text is the header row):
name (required), other name (the name in another script), nationality (ISO code, English
name or demonym), sex, age or age band, location type (where the person was found; the
group's type when empty), date of birth, notes. Columns with other headers are ignored and
listed. A problem's message never repeats a name, a date of birth or a note: it reaches a
page and may reach a log.
"""

from __future__ import annotations

import datetime as dt
import re
import unicodedata
from dataclasses import dataclass, field, fields

from django.conf import settings
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy

from pathways.casework.models import Client, Screening
from pathways.lib.countries import country_code
from pathways.lib.spreadsheets import SpreadsheetError, read_sheets
from pathways.lib.text import clean_text

# The most people one roster may hold: a mass return of the largest kind (7,141 in 2025)
# with room to spare; larger lists are split.
MAX_PEOPLE = 20_000
# The most problems listed; the count of all is given beside them.
MAX_PROBLEMS_SHOWN = 200

COLUMNS = {
    "name": gettext_lazy("name"),
    "other_name": gettext_lazy("other name"),
    "nationality": gettext_lazy("nationality"),
    "sex": gettext_lazy("sex"),
    "age": gettext_lazy("age"),
    "age_band": gettext_lazy("age band"),
    "location_type": gettext_lazy("location type"),
    "birthdate": gettext_lazy("date of birth"),
    "notes": gettext_lazy("notes"),
}
HEADERS = {
    "name": "name",
    "full name": "name",
    "name latin": "name",
    "other name": "other_name",
    "second name": "other_name",
    "local name": "other_name",
    "local script name": "other_name",
    "name other script": "other_name",
    "name local script": "other_name",
    "nationality": "nationality",
    "citizenship": "nationality",
    "sex": "sex",
    "gender": "sex",
    "age": "age",
    "age band": "age_band",
    "age group": "age_band",
    "location type": "location_type",
    "type of location": "location_type",
    "where found": "location_type",
    "date of birth": "birthdate",
    "dob": "birthdate",
    "birthdate": "birthdate",
    "birth date": "birthdate",
    "notes": "notes",
    "note": "notes",
    "remarks": "notes",
}
SEXES = {
    "male": Client.Sex.MALE,
    "m": Client.Sex.MALE,
    "female": Client.Sex.FEMALE,
    "f": Client.Sex.FEMALE,
    "intersex": Client.Sex.INTERSEX,
    "x": Client.Sex.INTERSEX,
    "unknown": Client.Sex.UNKNOWN,
    "": Client.Sex.UNKNOWN,
}
UNKNOWN_WORDS = ("", "unknown", "not known", "n/a", "-")
# Age bands as (lowest, highest) age, for the band of an age and the birth years of a band.
BANDS = {
    Client.AgeBand.CHILD_0_11: (0, 11),
    Client.AgeBand.CHILD_12_17: (12, 17),
    Client.AgeBand.ADULT_18_24: (18, 24),
    Client.AgeBand.ADULT_25_34: (25, 34),
    Client.AgeBand.ADULT_35_49: (35, 49),
    Client.AgeBand.ADULT_50: (50, 130),
}


class RosterError(Exception):
    """The roster cannot be imported; `problems` says where and why (or the file is not a
    table at all: one problem without a row)."""

    def __init__(self, problems: list[RosterProblem], total: int | None = None) -> None:
        super().__init__(f"{total or len(problems)} problems in the roster")
        self.problems = problems[:MAX_PROBLEMS_SHOWN]
        self.total = total if total is not None else len(problems)


@dataclass(frozen=True)
class RosterProblem:
    message: str
    row: int | None = None
    column: str = ""  # the column's letter and header, e.g. "C (Sex)"

    def __str__(self) -> str:
        if self.row is None:
            return self.message
        return _("Row %(row)s, column %(column)s: %(message)s") % {
            "row": self.row,
            "column": self.column,
            "message": self.message,
        }


@dataclass(frozen=True)
class RosterPerson:
    """One row read: `row` is its row number in the sheet as a spreadsheet shows it."""

    row: int
    name: str
    other_name: str = ""
    nationality: str = ""
    sex: str = Client.Sex.UNKNOWN
    age_band: str = Client.AgeBand.UNKNOWN
    age: int | None = None
    birthdate: dt.date | None = None
    location_type: str = ""
    notes: str = ""

    def __repr__(self) -> str:
        # Never the values: a repr reaches tracebacks and logs.
        filled = [f.name for f in fields(self) if getattr(self, f.name) and f.name != "row"]
        return f"RosterPerson(row={self.row}, filled={filled})"


@dataclass
class Roster:
    people: list[RosterPerson]
    ignored_columns: list[str] = field(default_factory=list)


def read_roster(data: bytes, *, location_type: str = "", today: dt.date) -> Roster:
    """The people of a roster file, every row checked; RosterError listing every problem
    when any row (or the file) is wrong."""
    try:
        sheets = read_sheets(
            data,
            max_bytes=settings.UPLOAD_MAX_BYTES,
            memory_mb=settings.SPREADSHEET_READER_MEMORY_MB,
            seconds=settings.SPREADSHEET_READER_SECONDS,
        )
    except SpreadsheetError as exc:
        raise RosterError([RosterProblem(str(exc))]) from exc
    sheet = next((s for s in sheets if any(any(c for c in r) for r in s.rows)), None)
    if sheet is None:
        raise RosterError([RosterProblem(_("The file has no rows."))])
    start = next(i for i, r in enumerate(sheet.rows) if any(c.strip() for c in r))
    columns, ignored = _columns(sheet.rows[start], first_row=sheet.first_row + start)
    reader = _RowReader(columns, default_location=location_type, today=today)
    people: list[RosterPerson] = []
    for offset, cells in enumerate(sheet.rows[start + 1 :], start=start + 1):
        if any(c.strip() for c in cells):
            person = reader.read(sheet.first_row + offset, cells)
            if person is not None:
                people.append(person)
    if reader.problems:
        raise RosterError(reader.problems)
    if not people:
        raise RosterError([RosterProblem(_("The roster has a header row but no people."))])
    if len(people) > MAX_PEOPLE:
        raise RosterError(
            [
                RosterProblem(
                    _("The roster lists %(count)s people; at most %(max)s are imported at once.")
                    % {"count": len(people), "max": MAX_PEOPLE}
                )
            ]
        )
    return Roster(people, ignored)


def _header_key(text: str) -> str:
    text = unicodedata.normalize("NFKC", text).casefold()
    return " ".join(re.sub(r"[^\w]+", " ", text).split())


def column_letter(index: int) -> str:
    letters = ""
    index += 1
    while index:
        index, rest = divmod(index - 1, 26)
        letters = chr(65 + rest) + letters
    return letters


@dataclass(frozen=True)
class _Column:
    index: int
    field: str
    header: str

    @property
    def label(self) -> str:
        return f"{column_letter(self.index)} ({self.header})"


def _columns(header: list[str], *, first_row: int) -> tuple[list[_Column], list[str]]:
    columns: list[_Column] = []
    ignored: list[str] = []
    problems: list[RosterProblem] = []
    seen: dict[str, _Column] = {}
    for index, text in enumerate(header):
        name = HEADERS.get(_header_key(text))
        if not text.strip():
            continue
        if name is None:
            ignored.append(f"{column_letter(index)} ({clean_text(text)[:60]})")
            continue
        column = _Column(index, name, clean_text(text)[:60])
        if name in seen:
            problems.append(
                RosterProblem(
                    _("the same column as %(other)s; keep one of them.")
                    % {"other": seen[name].label},
                    row=first_row,
                    column=column.label,
                )
            )
        seen[name] = column
        columns.append(column)
    if "name" not in seen:
        problems.append(RosterProblem(_missing_name_message(), row=first_row, column="—"))
    if problems:
        raise RosterError(problems)
    return columns, ignored


def _missing_name_message() -> str:
    return _(
        "the header row has no “name” column. The first row with text must name the "
        "columns: %(columns)s."
    ) % {"columns": ", ".join(str(label) for label in COLUMNS.values())}


class _RowReader:
    def __init__(self, columns: list[_Column], *, default_location: str, today: dt.date):
        self.columns = columns
        self.default_location = default_location
        self.today = today
        self.problems: list[RosterProblem] = []
        self.locations = _location_words()

    def read(self, row: int, cells: list[str]) -> RosterPerson | None:
        values: dict[str, object] = {}
        failed = False
        for column in self.columns:
            text = cells[column.index].strip() if column.index < len(cells) else ""
            try:
                values[column.field] = getattr(self, f"_{column.field}")(text)
            except ValueError as exc:
                self.problems.append(RosterProblem(str(exc), row=row, column=column.label))
                failed = True
        if failed:
            return None
        return self._person(row, values)

    def _person(self, row: int, values: dict[str, object]) -> RosterPerson | None:
        birthdate = values.get("birthdate")
        age = values.get("age")
        band = values.get("age_band") or Client.AgeBand.UNKNOWN
        if age is not None:
            band = band_of_age(age)  # type: ignore[arg-type]
        elif birthdate is not None:
            band = band_of_age(age_on(birthdate, self.today))  # type: ignore[arg-type]
        location = values.get("location_type") or self.default_location
        if not location:
            self.problems.append(
                RosterProblem(
                    _("the type of location is empty and the group has none to use instead."),
                    row=row,
                    column=self._label("location_type"),
                )
            )
            return None
        return RosterPerson(
            row=row,
            name=values["name"],  # type: ignore[arg-type]
            other_name=values.get("other_name", ""),  # type: ignore[arg-type]
            nationality=values.get("nationality", ""),  # type: ignore[arg-type]
            sex=values.get("sex", Client.Sex.UNKNOWN),  # type: ignore[arg-type]
            age_band=band,  # type: ignore[arg-type]
            age=age,  # type: ignore[arg-type]
            birthdate=birthdate,  # type: ignore[arg-type]
            location_type=location,  # type: ignore[arg-type]
            notes=values.get("notes", ""),  # type: ignore[arg-type]
        )

    def _label(self, name: str) -> str:
        found = [c.label for c in self.columns if c.field == name]
        return found[0] if found else _("(none)")

    def _name(self, text: str) -> str:
        text = clean_text(text)
        if not text:
            raise ValueError(_("the name is empty; every person needs a name as written."))
        if len(text) > 300:
            raise ValueError(_("the name is longer than 300 characters."))
        return text

    def _other_name(self, text: str) -> str:
        text = clean_text(text)
        if len(text) > 300:
            raise ValueError(_("the name is longer than 300 characters."))
        return text

    def _notes(self, text: str) -> str:
        text = clean_text(text, multiline=True)
        if len(text) > 2000:
            raise ValueError(_("the notes are longer than 2,000 characters."))
        return text

    def _nationality(self, text: str) -> str:
        if text.casefold() in UNKNOWN_WORDS:
            return ""
        code = country_code(text)
        if not code:
            raise ValueError(
                _(
                    "“%(value)s” is not a country: expected an ISO code (e.g. CN) or a "
                    "country's English name (e.g. China), or empty when not known."
                )
                % {"value": clean_text(text)[:60]}
            )
        return code

    def _sex(self, text: str) -> str:
        found = SEXES.get(text.casefold())
        if found is None:
            raise ValueError(
                _("“%(value)s” is not a sex: expected male, female, intersex or unknown.")
                % {"value": clean_text(text)[:60]}
            )
        return found

    def _age(self, text: str) -> int | None:
        if text.casefold() in UNKNOWN_WORDS:
            return None
        if not text.isdigit() or int(text) > 120:
            raise ValueError(
                _("“%(value)s” is not an age: expected whole years from 0 to 120, or empty.")
                % {"value": clean_text(text)[:60]}
            )
        return int(text)

    def _age_band(self, text: str) -> str:
        key = text.replace("–", "-").replace(" ", "").casefold()
        if key in UNKNOWN_WORDS:
            return Client.AgeBand.UNKNOWN
        if key in Client.AgeBand.values:
            return key
        raise ValueError(
            _("“%(value)s” is not an age band: expected one of %(bands)s.")
            % {"value": clean_text(text)[:60], "bands": ", ".join(Client.AgeBand.values)}
        )

    def _location_type(self, text: str) -> str:
        if not text:
            return ""
        found = self.locations.get(_header_key(text))
        if found is None:
            raise ValueError(
                _("“%(value)s” is not a type of location: expected one of %(types)s.")
                % {
                    "value": clean_text(text)[:60],
                    "types": ", ".join(str(label) for label in Screening.LocationType.labels),
                }
            )
        return found

    def _birthdate(self, text: str) -> dt.date | None:
        if not text:
            return None
        # The value is not repeated: a date of birth identifies.
        for pattern in ("%Y-%m-%d", "%d/%m/%Y", "%d.%m.%Y"):
            try:
                found = dt.datetime.strptime(text[:10], pattern).date()
            except ValueError:
                continue
            if dt.date(1900, 1, 1) <= found <= self.today:
                return found
        raise ValueError(
            _(
                "the date of birth is not a date between 1900 and today: expected "
                "YYYY-MM-DD or DD/MM/YYYY, or empty."
            )
        )


def _location_words() -> dict[str, str]:
    words = {}
    for value, label in Screening.LocationType.choices:
        words[_header_key(value.replace("_", " "))] = value
        words[_header_key(str(label))] = value
    return words


def band_of_age(age: int) -> str:
    for band, (low, high) in BANDS.items():
        if low <= age <= high:
            return band
    return Client.AgeBand.UNKNOWN


def age_on(birthdate: dt.date, day: dt.date) -> int:
    before = (day.month, day.day) < (birthdate.month, birthdate.day)
    return max(0, day.year - birthdate.year - before)


def birth_years(person: RosterPerson, today: dt.date) -> list[int]:
    """The years the person may have been born in: the date of birth's, two from an age,
    every year of a bounded age band (none for "50 and over" or unknown)."""
    if person.birthdate is not None:
        return [person.birthdate.year]
    if person.age is not None:
        return [today.year - person.age - 1, today.year - person.age]
    if person.age_band in BANDS and person.age_band != Client.AgeBand.ADULT_50:
        low, high = BANDS[person.age_band]  # type: ignore[index]
        return list(range(today.year - high - 1, today.year - low + 1))
    return []
