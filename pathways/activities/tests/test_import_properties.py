"""Property tests of the importer over generated malformed sheets (Hypothesis).

Whatever the file, the importer either imports every row or writes nothing, and the only
exception it raises is its own ImportFileError with a message. Set PATHWAYS_FUZZ_EXAMPLES
to run thousands of examples (the default keeps the suite quick).
"""

from __future__ import annotations

import csv
import datetime as dt
import io
import os

import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st
from openpyxl import Workbook

from pathways.activities.importing import ImportFileError, import_file
from pathways.activities.importing.vocabulary import HEADER_TERMS, SEX_VALUES
from pathways.activities.models import Attendance, ImportBatch, Person
from pathways.activities.tests.import_sheets import make_event
from pathways.audit.models import AuditEvent

pytestmark = pytest.mark.django_db
EXAMPLES = int(os.environ.get("PATHWAYS_FUZZ_EXAMPLES", "60"))
FUZZ = settings(
    max_examples=EXAMPLES,
    deadline=None,
    suppress_health_check=[HealthCheck.function_scoped_fixture, HealthCheck.too_slow],
)

header_words = st.sampled_from([t for terms in HEADER_TERMS.values() for t in terms])
cell_text = st.one_of(
    st.just(""),
    header_words,
    st.sampled_from([t for terms in SEX_VALUES.values() for t in terms] + ["x", "?", "F/M"]),
    st.sampled_from(["Sok Dara", "សុខ ដារា", "Nguyễn Thị Hoa", "สมชาย ใจดี", "Total", "សរុប"]),
    st.sampled_from(["=1+1", '=HYPERLINK("x")', "+855 12 345 678", "012345678", "@SUM(A1)"]),
    st.sampled_from(["1985", "២៥២៨", "31/02/1985", "18-24", "55+", "a@b.c", "dara@", "-1"]),
    st.text(max_size=30),
    st.text(min_size=2000, max_size=5000, alphabet="ab ,;\n\"'"),
)
row = st.lists(cell_text, min_size=0, max_size=8)
table = st.lists(row, min_size=0, max_size=25)


def _csv(rows, delimiter: str, encoding: str, bom: bool) -> bytes:
    out = io.StringIO()
    csv.writer(out, delimiter=delimiter).writerows(rows)
    data = out.getvalue().encode(encoding, errors="replace")
    return (b"\xef\xbb\xbf" + data) if bom else data


def _mutilate(data: bytes, cut: int | None, flips: list[tuple[int, int]]) -> bytes:
    if data and cut is not None:
        data = data[: cut % (len(data) + 1)]
    buf = bytearray(data)
    for position, value in flips:
        if buf:
            buf[position % len(buf)] = value
    return bytes(buf)


xlsx_value = st.one_of(
    cell_text,
    st.integers(-(10**12), 10**12),
    st.floats(allow_nan=True, allow_infinity=False),
    st.dates(min_value=dt.date(1900, 1, 1)),
    st.booleans(),
    st.none(),
)


def _xlsx(rows, merges: list[tuple[int, int, int, int]], hidden: bool) -> bytes:
    workbook = Workbook()
    sheet = workbook.active
    if hidden:
        sheet.append(["Name", "Sex"])
        sheet.sheet_state = "hidden"
        sheet = workbook.create_sheet("Visible")
    for values in rows:
        sheet.append([_xlsx_safe(v) for v in values])
    for top, left, height, width in merges:
        sheet.merge_cells(
            start_row=top, start_column=left, end_row=top + height, end_column=left + width
        )
    out = io.BytesIO()
    workbook.save(out)
    return out.getvalue()


def _xlsx_safe(value):
    if isinstance(value, str):
        # openpyxl refuses control characters and cells over 32,767 characters
        return "".join(ch for ch in value if ch >= " " or ch in "\n\t")[:32_000]
    return value


def _check_all_or_nothing(actor, data: bytes) -> None:
    event = make_event()
    before = (Person.objects.count(), Attendance.objects.count(), AuditEvent.objects.count())
    try:
        result = import_file(actor=actor, event=event, data=data, file_name="fuzz")
    except ImportFileError as exc:
        assert exc.message
        result = None
    after = (Person.objects.count(), Attendance.objects.count(), AuditEvent.objects.count())
    if result is None or result.errors or not result.written:
        assert after == before
        assert not ImportBatch.objects.filter(event=event).exists()
        return
    assert result.attendances_added == result.persons_created + result.persons_matched
    assert after[1] - before[1] == result.attendances_added
    assert after[0] - before[0] == result.persons_created
    assert Attendance.objects.filter(event=event).count() == result.attendances_added
    assert result.rows_read >= result.attendances_added + 0


@FUZZ
@given(
    rows=table,
    delimiter=st.sampled_from([",", ";", "\t", "|"]),
    encoding=st.sampled_from(["utf-8", "utf-16", "utf-16-le", "cp1252", "tis-620", "latin-1"]),
    bom=st.booleans(),
    cut=st.none() | st.integers(min_value=0),
    flips=st.lists(st.tuples(st.integers(min_value=0), st.integers(0, 255)), max_size=3),
)
def test_generated_csv_imports_completely_or_not_at_all(
    kh_officer, rows, delimiter, encoding, bom, cut, flips
):
    data = _mutilate(_csv(rows, delimiter, encoding, bom), cut, flips)
    _check_all_or_nothing(kh_officer, data)


@FUZZ
@given(
    rows=st.lists(st.lists(xlsx_value, max_size=8), max_size=20),
    merges=st.lists(
        st.tuples(st.integers(1, 20), st.integers(1, 8), st.integers(0, 2), st.integers(0, 2)),
        max_size=3,
        unique_by=lambda m: (m[0], m[1]),
    ),
    hidden=st.booleans(),
    cut=st.none() | st.integers(min_value=0),
    flips=st.lists(st.tuples(st.integers(min_value=0), st.integers(0, 255)), max_size=2),
)
def test_generated_xlsx_imports_completely_or_not_at_all(
    kh_officer, rows, merges, hidden, cut, flips
):
    try:
        data = _xlsx(rows, merges, hidden)
    except ValueError:
        return  # overlapping merges that openpyxl itself refuses to write
    _check_all_or_nothing(kh_officer, _mutilate(data, cut, flips))


@FUZZ
@given(data=st.binary(max_size=3000))
def test_arbitrary_bytes_never_crash_the_importer(kh_officer, data):
    _check_all_or_nothing(kh_officer, data)


@FUZZ
@given(
    names=st.lists(
        st.sampled_from(["Sok Dara", "Dara Sok", "sok dara", "Chan", "Keo"]), max_size=12
    ),
    sexes=st.lists(st.sampled_from(["F", "M", "", "ស្រី"]), min_size=12, max_size=12),
)
def test_well_formed_sheets_always_import_with_consistent_counts(kh_officer, names, sexes):
    rows = [["Name", "Sex"]] + [[n, s] for n, s in zip(names, sexes, strict=False)]
    _check_all_or_nothing(kh_officer, _csv(rows, ",", "utf-8", False))
