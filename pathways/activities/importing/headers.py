"""Finding the header row of a sign-in sheet and proposing what each column holds."""

from __future__ import annotations

import functools
import hashlib
import re
from dataclasses import dataclass, field

from django.utils.translation import gettext as _

from pathways.activities.importing.values import ascii_digits
from pathways.activities.importing.vocabulary import (
    DAY_WORDS,
    FIELDS,
    HEADER_TERMS,
    IGNORE,
    KOBO_META,
    SEX_VALUES,
    fold,
    lookup,
)

SCAN_ROWS = 50
NAME_FIELDS = ("full_name", "given_name", "family_name", "latin_name")
_HEADERS = lookup(HEADER_TERMS)
_SEX = lookup(SEX_VALUES)
_BY_LENGTH = sorted((t for t in _HEADERS if len(t) >= 3), key=len, reverse=True)
_PARTS = re.compile(r"[/|\n()\[\]:,;]+")
_KOBO_PATH = re.compile(r"^[^\s/]+(/[^\s/]+)+$")
# One column per day of a multi-day sheet; these columns may be many (MULTI_FIELDS).
DAY_FIELD = "attended_day"
MULTI_FIELDS = frozenset({DAY_FIELD})
_DAY_WORD = "|".join(
    re.escape(w) for w in sorted({fold(w) for w in DAY_WORDS}, key=len, reverse=True)
)
_DAY_HEADER = re.compile(rf"^(?:{_DAY_WORD}) ?(?:ke ?)?\d{{1,2}}$")
# A dash is not a date's separator unless the year leads: "18-24" is an age band.
_DATE_HEADER = re.compile(
    r"^(?:(\d{1,2})[/.](\d{1,2})(?:[/.]\d{2,4})?"
    r"|\d{4}-(\d{2})-(\d{2})(?: 00:00(?::00)?)?)$"
)


def is_day_header(text: str) -> bool:
    """'Day 1', 'ថ្ងៃទី ២', 'Hari ke-3', '12/03', '2024-03-12': one day of the event."""
    raw = ascii_digits(text.strip())
    date = _DATE_HEADER.match(raw)
    if date:
        a, b = (int(n) for n in (date.group(1, 2) if date.group(1) else date.group(4, 3)))
        return 1 <= a <= 31 and 1 <= b <= 31 and min(a, b) <= 12
    return bool(_DAY_HEADER.match(fold(raw)))


@dataclass
class Column:
    index: int
    header: str
    field: str
    samples: list[str] = field(default_factory=list)
    note: str = ""

    @property
    def label(self) -> str:
        return self.header or _("(column %(n)d)") % {"n": self.index + 1}


@dataclass
class Layout:
    """Where the header is and what each column holds."""

    header_rows: list[int]  # indexes into the sheet's rows
    columns: list[Column]
    signature: str
    is_kobo: bool = False

    @property
    def data_start(self) -> int:
        return self.header_rows[-1] + 1

    def mapping(self) -> dict[int, str]:
        return {c.index: c.field for c in self.columns}


@functools.lru_cache(maxsize=4096)
def field_for_header(text: str, *, kobo: bool = False) -> str | None:
    """The field a column name stands for, or None when the name is not known."""
    raw = text.strip()
    if not raw:
        return None
    if raw.startswith("_"):
        return IGNORE  # KoboToolbox's own columns: _id, _uuid, _submission_time, _index ...
    if is_day_header(raw):
        return DAY_FIELD
    folded = fold(raw)
    if folded in _HEADERS:
        return _HEADERS[folded]
    if _KOBO_PATH.match(raw):
        return field_for_header(raw.rsplit("/", 1)[1].replace("_", " "), kobo=kobo) or (
            IGNORE if fold(raw.rsplit("/", 1)[1]) in KOBO_META else None
        )
    if kobo and folded in KOBO_META:
        return IGNORE
    for part in _PARTS.split(raw):
        found = _HEADERS.get(fold(part))
        if found:
            return found
    return _contained(folded) if len(folded) <= 60 else None


def _contained(folded: str) -> str | None:
    padded = f" {folded} "
    for term in _BY_LENGTH:
        if (f" {term} " in padded) if term.isascii() else (term in folded):
            return _HEADERS[term]
    return None


def _is_sex_value(text: str) -> bool:
    return bool(text.strip()) and fold(text) in _SEX


def _header_score(row: list[str], kobo: bool) -> int:
    found = {field_for_header(cell, kobo=kobo) for cell in row}
    return len(found - {None, IGNORE})


def _looks_like_header_line(row: list[str], kobo: bool, above: list[str] | None = None) -> bool:
    cells = [c for c in row if c.strip()]
    if len(set(cells)) < 2:
        return False
    if above is None:
        known = sum(1 for c in cells if field_for_header(c, kobo=kobo) or _is_sex_value(c))
        return known >= 0.6 * len(cells) and _header_score(row, kobo) >= 1
    if _is_sex_subheader(row, above, kobo):
        return True
    return _continues_header(row, above, kobo)


def _continues_header(row: list[str], above: list[str], kobo: bool) -> bool:
    """A second header line names its columns as the line above does (a translation).

    A row of data can look like one: 'Sok Dara | M | Ministry of Justice' holds a sex and
    a word of an organisation header. So a cell counts only when it names its column's
    field (or a column the line above leaves unnamed), and sex values only in pairs: a
    header line spells out both F and M, a person's row only one of them.
    """
    filled = [(i, c) for i, c in enumerate(row) if c.strip()]
    sexes = {_SEX[fold(c)] for _, c in filled if _is_sex_value(c)}
    paired = {"woman", "man"} <= sexes
    known = 0
    for i, cell in filled:
        field = field_for_header(cell, kobo=kobo)
        named_above = field_for_header(above[i], kobo=kobo) if i < len(above) else None
        if (field and named_above in (None, field)) or (paired and _is_sex_value(cell)):
            known += 1
    return known >= 0.6 * len(filled) and _header_score(row, kobo) >= 1


def _is_sex_subheader(row: list[str], above: list[str], kobo: bool) -> bool:
    """F | M under a 'Sex' header that spans two columns."""
    filled = [i for i, c in enumerate(row) if c.strip()]
    return all(
        _is_sex_value(row[i]) and i < len(above) and field_for_header(above[i], kobo=kobo) == "sex"
        for i in filled
    )


def find_layout(rows: list[list[str]]) -> Layout | None:
    """The header rows and proposed columns, or None when no row looks like a header."""
    kobo = any(c.startswith("_") for row in rows[:SCAN_ROWS] for c in row[:200])
    scores = [_header_score(row, kobo) for row in rows[:SCAN_ROWS]]
    if not scores or max(scores) < 2:
        return None
    best = scores.index(max(scores))
    header_rows = [best]
    if best > 0 and _looks_like_header_line(rows[best - 1], kobo) and scores[best - 1] >= 2:
        header_rows.insert(0, best - 1)
    while (
        len(header_rows) < 3
        and header_rows[-1] + 1 < len(rows)
        and _looks_like_header_line(rows[header_rows[-1] + 1], kobo, rows[header_rows[-1]])
    ):
        header_rows.append(header_rows[-1] + 1)
    columns = _columns(rows, header_rows, kobo)
    if not any(c.field in NAME_FIELDS for c in columns):
        return None
    return Layout(header_rows, columns, signature(columns), is_kobo=kobo)


def _columns(rows: list[list[str]], header_rows: list[int], kobo: bool) -> list[Column]:
    width = max((len(rows[i]) for i in header_rows), default=0)
    columns = []
    for index in range(width):
        lines: list[str] = []
        for i in header_rows:
            cell = rows[i][index].strip() if index < len(rows[i]) else ""
            if cell and cell not in lines:
                lines.append(cell)
        columns.append(Column(index, " / ".join(lines), _field_for_lines(lines, kobo)))
    _drop_repeats(columns)
    _add_samples(columns, rows, header_rows[-1] + 1)
    return columns


def _field_for_lines(lines: list[str], kobo: bool) -> str:
    fields = [field_for_header(line, kobo=kobo) for line in lines]
    sex_value = next((fold(line) for line in lines if _is_sex_value(line)), None)
    if sex_value and (len(lines) == 1 or "sex" in fields):
        kind = _SEX[sex_value]
        if kind in ("woman", "man"):
            return f"sex_{kind}_mark"
    found = next((f for f in fields if f), None)
    if found is None and len(lines) > 1:
        found = field_for_header(" ".join(lines), kobo=kobo)
    return found or IGNORE


def _drop_repeats(columns: list[Column]) -> None:
    """A field is read from one column only: later columns that look the same are ignored."""
    seen: dict[str, Column] = {}
    for column in columns:
        if column.field == IGNORE or column.field in MULTI_FIELDS:
            continue
        first = seen.setdefault(column.field, column)
        if first is not column:
            column.note = _("Looks like '%(field)s' too; '%(first)s' is used.") % {
                "field": FIELDS[column.field],
                "first": first.label,
            }
            column.field = IGNORE


def _add_samples(columns: list[Column], rows: list[list[str]], start: int) -> None:
    for row in rows[start : start + 200]:
        for column in columns:
            if len(column.samples) < 3 and column.index < len(row):
                value = row[column.index].strip()
                if value and value not in column.samples:
                    column.samples.append(value[:40])


def signature(columns: list[Column]) -> str:
    """The same headers in the same order give the same signature, whatever the case."""
    headers = [fold(c.header) for c in columns]
    while headers and not headers[-1]:
        headers.pop()
    return hashlib.sha256("\x1f".join(headers).encode()).hexdigest()
