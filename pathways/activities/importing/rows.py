"""Turning the data rows of a mapped sheet into normalised person rows, skips and errors."""

from __future__ import annotations

import datetime as dt
import re
from dataclasses import dataclass, field
from decimal import Decimal

from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy

from pathways.activities.dedup.matching import PersonFacts, name_key
from pathways.activities.importing import values
from pathways.activities.importing.headers import DAY_FIELD, Column
from pathways.activities.importing.vocabulary import IGNORE, TOTAL_WORDS, fold

WG_FIELDS = (
    "wg_seeing",
    "wg_hearing",
    "wg_walking",
    "wg_cognition",
    "wg_self_care",
    "wg_communication",
)
_TOTALS = {fold(w) for w in TOTAL_WORDS}
_TOTALS_START = {w[0] for w in _TOTALS}

BLANK = "blank"
TOTALS = "totals row"
BELOW_TOTALS = "below the totals row"
DUPLICATE = "duplicate in the sheet"
ALREADY_ATTENDS = "already recorded at this event"

# The reasons above are codes: the report keeps them (the command's and the API's JSON, and
# the import's saved report); pages show each in the reader's language.
SKIP_REASONS = {
    BLANK: gettext_lazy("blank"),
    TOTALS: gettext_lazy("totals row"),
    BELOW_TOTALS: gettext_lazy("below the totals row"),
    DUPLICATE: gettext_lazy("duplicate in the sheet"),
    ALREADY_ATTENDS: gettext_lazy("already recorded at this event"),
}


def skip_reason_label(code: str) -> str:
    """A skip reason in the active language; a code this version does not know, as stored."""
    return str(SKIP_REASONS.get(code, code))


@dataclass(frozen=True)
class Problem:
    row: int | None
    column: str
    message: str

    def as_dict(self) -> dict:
        return {"row": self.row, "column": self.column, "message": self.message}


@dataclass(frozen=True)
class Skip:
    row: int
    reason: str

    def as_dict(self) -> dict:
        return {"row": self.row, "reason": self.reason}

    @property
    def label(self) -> str:
        return skip_reason_label(self.reason)


@dataclass
class PersonRow:
    row: int
    full_name: str
    latin_name: str = ""
    sex: str = "not_recorded"
    birth_year: int | None = None
    birth_date: dt.date | None = None
    # The age and band written for this event; stored on the attendance.
    age: int | None = None
    age_band: str = "not_recorded"
    organisation: str = ""
    position: str = ""
    phone: str = ""
    email: str = ""
    id_number: str = ""
    role: str = "participant"
    days_attended: Decimal | None = None
    pre_test: Decimal | None = None
    post_test: Decimal | None = None
    wg: dict[str, str] = field(default_factory=dict)

    @property
    def facts(self) -> PersonFacts:
        return PersonFacts(
            full_name=self.full_name,
            latin_name=self.latin_name,
            phone=self.phone,
            email=self.email,
            birth_year=self.birth_year,
            id_number=self.id_number,
            sex=self.sex,
        )


@dataclass
class RowsRead:
    rows_read: int = 0
    rows: list[PersonRow] = field(default_factory=list)
    skipped: list[Skip] = field(default_factory=list)
    errors: list[Problem] = field(default_factory=list)
    # The cells of each row with a problem, as read (row number → cells): shown next to
    # its problems, and given back to be fixed when an import leaves the row out.
    problem_cells: dict[int, list[str]] = field(default_factory=dict)


class _RowReader:
    """Reads one data row with the chosen mapping; collects every problem of the row."""

    def __init__(self, columns: list[Column], mapping: dict[int, str], region: str):
        self.labels = {c.index: c.label for c in columns}
        self.by_field: dict[str, list[int]] = {}
        for index in sorted(mapping):
            if mapping[index] != IGNORE:
                self.by_field.setdefault(mapping[index], []).append(index)
        self.mapped = sorted(i for i, f in mapping.items() if f != IGNORE)
        self.region = region
        self.today = dt.date.today()
        # Translated once per sheet, not once per row: the words are the same for every
        # row, and a lookup per cell weighs on reading a big sheet (docs/performance.md).
        self.words = {
            "name": _("a name"),
            "organisation": _("an organisation"),
            "days": _("days"),
            "points": _("points"),
        }

    def cell(self, cells: list[str], name: str) -> tuple[int | None, str]:
        indexes = self.by_field.get(name)
        if not indexes:
            return None, ""
        index = indexes[0]
        return index, cells[index].strip() if index < len(cells) else ""

    def has_data(self, cells: list[str]) -> bool:
        return any(i < len(cells) and cells[i].strip() for i in self.mapped)

    def read(self, number: int, cells: list[str]) -> tuple[PersonRow | None, list[Problem]]:
        errors: list[Problem] = []

        def get(name: str, reader, default=None):
            index, raw = self.cell(cells, name)
            if index is None:
                return default
            try:
                return reader(raw)
            except values.CellError as exc:
                label = self.labels.get(index, "")
                shown = raw if len(raw) <= 40 else raw[:37] + "..."
                message = _("Row %(row)d, column '%(column)s': '%(value)s' %(problem)s.") % {
                    "row": number,
                    "column": label,
                    "value": shown,
                    "problem": exc,
                }
                errors.append(Problem(number, label, message))
                return default

        row = self._person(number, cells, get, errors)
        return (None if errors else row), errors

    def _person(self, number, cells, get, errors) -> PersonRow:
        full_name = self._name(number, cells, get, errors)
        latin = get(
            "latin_name", lambda v: values.text(v, max_length=200, what=self.words["name"]), ""
        )
        if not latin and full_name and _is_latin(full_name):
            latin = full_name
        row = PersonRow(row=number, full_name=full_name, latin_name=latin)
        row.sex = self._sex(cells, get, number, errors)
        born = get("birth_year", self._birth) or get("birth_date", self._birth)
        if born is not None:
            row.birth_year, row.birth_date = born
        row.age_band = get("age_band", values.age_band, "not_recorded")
        row.age = get("age", values.age)
        if row.age_band == "not_recorded" and row.age is not None:
            row.age_band = values.band_for_age(row.age)
        row.organisation = get(
            "organisation",
            lambda v: values.text(v, max_length=300, what=self.words["organisation"]),
            "",
        )
        row.position = get("position", values.position, "")
        row.phone = get("phone", lambda v: values.phone(v, region=self.region), "")
        row.email = get("email", values.email, "")
        row.id_number = get("id_number", values.id_number, "")
        row.role = get("role", values.role, "participant")
        row.days_attended = get(
            "days_attended", lambda v: values.decimal(v, maximum=999, what=self.words["days"])
        )
        if DAY_FIELD in self.by_field:
            row.days_attended = self._days(number, cells, row.days_attended, errors)
        row.pre_test = get(
            "pre_test", lambda v: values.decimal(v, maximum=9999, what=self.words["points"])
        )
        row.post_test = get(
            "post_test", lambda v: values.decimal(v, maximum=9999, what=self.words["points"])
        )
        row.wg = {f: get(f, values.difficulty, "not_asked") for f in WG_FIELDS}
        return row

    def _days(self, number, cells, written, errors) -> Decimal | None:
        """A multi-day sheet: the days marked present, one column per day."""
        days = self.by_field[DAY_FIELD]
        present = sum(1 for i in days if i < len(cells) and values.day_present(cells[i]))
        first = self.labels.get(days[0], "")
        if not present:
            message = _("Row %(row)d: attended no day; no day's column (%(days)s) is marked.")
            shown = ", ".join(self.labels.get(i, "") for i in days[:6])
            shown += ", ..." if len(days) > 6 else ""
            errors.append(Problem(number, first, message % {"row": number, "days": shown}))
        elif written is not None and written != present:
            index = self.by_field["days_attended"][0]
            label = self.labels.get(index, "")
            message = _(
                "Row %(row)d: column '%(column)s' says %(written)s days, but %(present)d "
                "day columns are marked. Correct one of them."
            ) % {
                "row": number,
                "column": label,
                "written": f"{written.normalize():f}",
                "present": present,
            }
            errors.append(Problem(number, label, message))
        return Decimal(present) if present else written

    def _birth(self, value: str) -> values.Birth | None:
        # The event's country decides the Buddhist era's offset, not the sheet's language.
        return values.birth(value, today=self.today, country=self.region)

    def _name(self, number, cells, get, errors) -> str:
        def name_text(value: str) -> str:
            return values.text(value, max_length=200, what=self.words["name"])

        name = get("full_name", name_text, "")
        if not name:
            parts = sorted(
                (self.cell(cells, f)[0], get(f, name_text, ""))
                for f in ("given_name", "family_name")
                if f in self.by_field
            )
            name = name_text(" ".join(p for _, p in parts if p))
        if not name and not errors:
            fields = [f for f in ("full_name", "given_name", "family_name") if f in self.by_field]
            label = self.labels.get(self.by_field[fields[0]][0], "") if fields else ""
            message = _("Row %(row)d: no name is written; every person needs a name.") % {
                "row": number
            }
            errors.append(Problem(number, label, message))
        return name

    def _sex(self, cells, get, number, errors) -> str:
        found = get("sex", values.sex, "not_recorded")
        if found != "not_recorded" or self.cell(cells, "sex")[1]:
            return found
        woman = get("sex_woman_mark", values.is_marked, False)
        man = get("sex_man_mark", values.is_marked, False)
        if woman and man:
            index = self.by_field["sex_woman_mark"][0]
            label = self.labels.get(index, "")
            message = _(
                "Row %(row)d, column '%(column)s': both the female and the male column are marked."
            ) % {"row": number, "column": label}
            errors.append(Problem(number, label, message))
        return "woman" if woman and not man else "man" if man and not woman else found


def _is_latin(text: str) -> bool:
    return all(ord(ch) < 0x250 or not ch.isalpha() for ch in text)


def _is_totals(cells: list[str]) -> bool:
    filled = [c for c in cells if c.strip()][:3]
    for cell in filled:
        if cell.lstrip()[:1].casefold() not in _TOTALS_START:
            continue
        folded = fold(values.ascii_digits(cell))
        if folded in _TOTALS:
            return True
        tokens = folded.split()
        if tokens and tokens[0] in _TOTALS:
            rest = tokens[1:]
            if all(t in _TOTALS for t in rest) or any(re.search(r"\d", t) for t in rest):
                return True
    return False


def read_rows(
    rows: list[list[str]],
    *,
    start: int,
    columns: list[Column],
    mapping: dict[int, str],
    region: str,
) -> RowsRead:
    """Read the rows below the header (sheet row numbers are 1-based: index + 1)."""
    reader = _RowReader(columns, mapping, region)
    data = rows[start:]
    while data and not any(c.strip() for c in data[-1]):
        data.pop()
    result = RowsRead(rows_read=len(data))
    after_totals = False
    for offset, cells in enumerate(data):
        number = start + offset + 1
        if not any(c.strip() for c in cells) or not reader.has_data(cells):
            result.skipped.append(Skip(number, BLANK))
        elif _is_totals(cells):
            result.skipped.append(Skip(number, TOTALS))
            after_totals = True
        elif after_totals:
            result.skipped.append(Skip(number, BELOW_TOTALS))
        else:
            row, errors = reader.read(number, cells)
            result.errors.extend(errors)
            if errors:
                result.problem_cells[number] = cells
            if row is not None:
                result.rows.append(row)
    result.rows = _without_repeats(result.rows, result.skipped)
    result.skipped.sort(key=lambda s: s.row)
    return result


def _without_repeats(rows: list[PersonRow], skipped: list[Skip]) -> list[PersonRow]:
    """The same person twice in one sheet is one attendance: same name, no fact that differs."""
    kept: list[PersonRow] = []
    by_key: dict[str, list[PersonRow]] = {}
    for row in rows:
        keys = {k for k in (name_key(row.full_name), name_key(row.latin_name)) if k}
        earlier = [r for k in sorted(keys) for r in by_key.get(k, [])]
        if any(_same_person(row, other) for other in earlier):
            skipped.append(Skip(row.row, DUPLICATE))
            continue
        kept.append(row)
        for key in keys:
            by_key.setdefault(key, []).append(row)
    return kept


def _same_person(a: PersonRow, b: PersonRow) -> bool:
    for name in ("phone", "email", "id_number", "birth_year"):
        x, y = getattr(a, name), getattr(b, name)
        if x and y and x != y:
            return False
    return not (a.sex != b.sex and "not_recorded" not in (a.sex, b.sex))
