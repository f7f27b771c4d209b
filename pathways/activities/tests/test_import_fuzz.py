"""Fuzzing the importer with malformed XLSX and CSV files (see fuzz_corpus.py for how they
are made): every file is read or refused with the importer's own plain message, a refused
file changes nothing, and the upload page never answers with a server error.

The suite runs a quick pass. For a bigger run set, for example,

    PATHWAYS_FUZZ_FILES=50000 PATHWAYS_FUZZ_SEED=7 PATHWAYS_FUZZ_EXAMPLES=2000 \\
        .venv/bin/python -m pytest -n 0 pathways/activities/tests/test_import_fuzz.py

PATHWAYS_FUZZ_FILES is the number of corpus files read (default 1,500; one file in
PATHWAYS_FUZZ_SERVICE_EVERY of them also goes through the import service, and one in
PATHWAYS_FUZZ_PAGE_EVERY through the upload page), PATHWAYS_FUZZ_SEED picks another corpus,
and PATHWAYS_FUZZ_EXAMPLES is the number of Hypothesis examples (also used by
test_import_properties.py).
"""

from __future__ import annotations

import io
import os
import random
import re
import resource
import zipfile
from collections import Counter

import pytest
from django.conf import settings
from django.core.files.uploadedfile import SimpleUploadedFile
from django.core.management import call_command
from django.urls import reverse
from django.utils import translation
from hypothesis import HealthCheck, given
from hypothesis import settings as hypothesis_settings
from hypothesis import strategies as st
from openpyxl import Workbook

from pathways.activities.importing import ImportFileError, import_file
from pathways.activities.importing.reading import _choose_sheet, _mapping_problems
from pathways.activities.importing.rows import read_rows
from pathways.activities.models import Attendance, ImportBatch, Person
from pathways.activities.tests.fuzz_corpus import (
    corpus,
    hostile_workbooks,
    mutate,
    not_sheets,
    plain_members,
    seeds,
)
from pathways.activities.tests.import_sheets import make_event
from pathways.api.tests.factories import api_client
from pathways.audit.models import AuditEvent
from pathways.lib.spreadsheets import SpreadsheetError, could_not_read_safely, read_sheets

FILES = int(os.environ.get("PATHWAYS_FUZZ_FILES", "1500"))
SEED = int(os.environ.get("PATHWAYS_FUZZ_SEED", "0"))
SERVICE_EVERY = int(os.environ.get("PATHWAYS_FUZZ_SERVICE_EVERY", "15"))
PAGE_EVERY = int(os.environ.get("PATHWAYS_FUZZ_PAGE_EVERY", "40"))
EXAMPLES = int(os.environ.get("PATHWAYS_FUZZ_EXAMPLES", "60"))


def _read(data: bytes) -> str:
    """What the reading layer makes of a file: 'read', or the class of its refusal."""
    try:
        sheets = read_sheets(data, max_bytes=settings.UPLOAD_MAX_BYTES)
        sheet, layout = _choose_sheet(sheets)
        mapping = layout.mapping()
        _mapping_problems(layout.columns, mapping)
        read = read_rows(
            sheet.rows,
            start=layout.data_start,
            columns=layout.columns,
            mapping=mapping,
            region="KH",
        )
        if not read.rows_read:  # as the import service does
            raise ImportFileError("no rows below the header")
    except (SpreadsheetError, ImportFileError) as refusal:
        message = str(refusal)
        assert message.strip() and "Traceback" not in message and "Error(" not in message
        return type(refusal).__name__
    return "read"


def _file_name(data: bytes) -> str:
    return "attendance.xlsx" if data.startswith(b"PK") else "attendance.csv"


def test_corpus_files_are_read_or_refused_in_plain_words():
    outcomes: Counter[str] = Counter()
    crashes = []
    for label, data in corpus(FILES, seed=SEED):
        try:
            outcomes[_read(data)] += 1
        except Exception as crash:  # every crash is collected and reported at the end
            crashes.append(f"{label}: {crash!r}"[:300])
    assert crashes == []
    # The corpus really exercises both paths: sheets that still read, and refusals.
    total = sum(outcomes.values())
    assert total == FILES
    assert outcomes["read"] > total // 10
    assert outcomes["SpreadsheetError"] + outcomes["ImportFileError"] > total // 3


# Odd but honest text a person could have saved: read, with any row problems in the preview.
READABLE = {
    "zip-stored",
    "unclosed-quote",
    "cr-only",
    "lone-surrogates",
    "mixed-encodings",
    "utf32",
}


@pytest.mark.parametrize(("label", "data"), not_sheets(), ids=[n for n, _ in not_sheets()])
def test_files_that_are_not_sheets_are_refused_in_plain_words(label, data):
    assert (_read(data) == "read") == (label in READABLE)


def _with_cell(ref: str, row: int) -> bytes:
    """The plain sign-in workbook with one more value, in cell `ref` of row `row`."""
    plain = dict(seeds())["xlsx-plain"]
    with zipfile.ZipFile(io.BytesIO(plain)) as archive:
        members = {i.filename: archive.read(i) for i in archive.infolist()}
    far = f'<row r="{row}"><c r="{ref}" t="n"><v>1</v></c></row></sheetData>'.encode()
    sheet = "xl/worksheets/sheet1.xml"
    members[sheet] = members[sheet].replace(b"</sheetData>", far)
    out = io.BytesIO()
    with zipfile.ZipFile(out, "w") as archive:
        for name, body in members.items():
            archive.writestr(name, body)
    return out.getvalue()


def test_a_single_far_away_cell_is_refused_before_the_reader_allocates_it():
    """One value in XFD1048576 once made the workbook reader ask for 512 GB and abort."""
    with pytest.raises(SpreadsheetError, match=r"cell XFD1048576.*at most 500 columns"):
        read_sheets(_with_cell("XFD1048576", 1048576))


def test_a_sheet_spanning_more_than_four_million_cells_is_refused():
    """A 20 KB file spanning 50 columns by 100,000 rows took seconds and 340 MB to read."""
    with pytest.raises(SpreadsheetError, match=r"100000 rows and 50 columns.*4,000,000 cells"):
        read_sheets(_with_cell("AX100000", 100000))


def test_sheets_spanning_more_than_four_million_cells_together_are_refused():
    workbook = Workbook()
    for name in ("Morning", "Afternoon"):
        sheet = workbook.create_sheet(name)
        sheet.append(["Name", "Sex"])
        sheet["AD100000"] = "stray"  # 30 columns by 100,000 rows: 3,000,000 cells each
    out = io.BytesIO()
    workbook.save(out)
    with pytest.raises(SpreadsheetError, match="span 6,000,000 cells together"):
        read_sheets(out.getvalue())


def test_a_workbook_of_more_than_200000_rows_is_refused():
    assert len(read_sheets(_with_cell("A200000", 200000))[0].rows) == 200_000
    with pytest.raises(SpreadsheetError, match="more than 200000 rows"):
        read_sheets(_with_cell("A200001", 200001))


def test_a_csv_of_more_than_200000_rows_is_refused_without_reading_it_all():
    """20 MB of one-letter lines once took 30 seconds and over a gigabyte to refuse."""
    assert len(read_sheets(b"Name\n" + b"a\n" * 199_999)[0].rows) == 200_000
    with pytest.raises(SpreadsheetError, match="more than 200000 rows"):
        read_sheets(b"Name\n" + b"a\n" * 10_000_000)


def _unsupported_zip_version(data: bytes) -> bytes:
    """A workbook whose directory says it needs ZIP version 13.4 to extract."""
    directory = data.index(b"PK\x01\x02")
    return data[: directory + 6] + bytes([134, 0]) + data[directory + 8 :]


def test_a_workbook_with_a_damaged_zip_version_field_is_refused():
    """Found by fuzzing: Python's zipfile raised NotImplementedError, a server error."""
    data = _unsupported_zip_version(dict(seeds())["xlsx-plain"])
    with pytest.raises(SpreadsheetError, match="cannot be opened: it may be damaged"):
        read_sheets(data)


@pytest.mark.django_db
def test_upload_page_refuses_a_damaged_zip_version_field_in_plain_words(
    client, kh_officer, settings, tmp_path
):
    settings.MEDIA_ROOT = tmp_path
    event = make_event()
    client.force_login(kh_officer)
    data = _unsupported_zip_version(dict(seeds())["xlsx-plain"])
    response = client.post(
        reverse("activities:import_upload", args=[event.pk]),
        {"file": SimpleUploadedFile("attendance.xlsx", data)},
    )
    assert response.status_code == 200
    assert "may be damaged" in response.context["form"].errors["file"][0]


def test_a_header_row_of_200000_columns_is_refused():
    with pytest.raises(SpreadsheetError, match="200002 columns"):
        read_sheets(b"Name,Sex," + b"x," * 200_000 + b"\n")


# --- Through the service and the page: refused files change nothing -------------------------


def _counts() -> tuple[int, int, int, int]:
    return (
        Person.objects.count(),
        Attendance.objects.count(),
        ImportBatch.objects.count(),
        AuditEvent.objects.count(),
    )


def _import_all_or_nothing(actor, event, data: bytes) -> str:
    before = _counts()
    try:
        result = import_file(actor=actor, event=event, data=data, file_name=_file_name(data))
    except ImportFileError as refusal:
        assert refusal.message.strip()
        assert _counts() == before
        return "refused"
    after = _counts()
    if not result.written:
        assert after == before
        return "errors" if result.errors else "already imported"
    assert after[0] - before[0] == result.persons_created
    assert after[1] - before[1] == result.attendances_added
    assert after[2] - before[2] == 1
    assert after[3] - before[3] == 1  # one audit event names the whole import
    assert result.attendances_added == result.persons_created + result.persons_matched
    return "imported"


@pytest.mark.django_db
def test_corpus_through_the_import_service_writes_all_or_nothing(kh_officer):
    event = make_event()
    outcomes: Counter[str] = Counter()
    for number, (_label, data) in enumerate(corpus(FILES, seed=SEED)):
        if number % SERVICE_EVERY == 0:
            outcomes[_import_all_or_nothing(kh_officer, event, data)] += 1
    assert outcomes["refused"] and outcomes["imported"]


@pytest.mark.django_db
def test_corpus_through_the_upload_page_never_fails_with_a_server_error(
    client, kh_officer, settings, tmp_path
):
    """The test client re-raises any exception a view lets through, so a crash fails here."""
    settings.MEDIA_ROOT = tmp_path
    event = make_event()
    client.force_login(kh_officer)
    upload_url = reverse("activities:import_upload", args=[event.pk])
    outcomes: Counter[str] = Counter()
    for number, (label, data) in enumerate(corpus(FILES, seed=SEED)):
        if number % PAGE_EVERY:
            continue
        before = _counts()
        response = client.post(upload_url, {"file": SimpleUploadedFile(_file_name(data), data)})
        assert response.status_code in {200, 302}, label
        if response.status_code == 200:
            assert response.context["form"].errors["file"], label
            assert _counts() == before, label
            outcomes["refused on upload"] += 1
            continue
        outcomes[_confirm(client, response["Location"], before, label)] += 1
    assert outcomes["refused on upload"] and outcomes["imported"]


def _confirm(client, preview_url: str, before, label: str) -> str:
    page = client.get(preview_url)
    assert page.status_code == 200, label
    form = page.context["form"]
    fields = {name: form[name].value() for name in form.fields}
    response = client.post(preview_url, {**fields, "action": "confirm"})
    assert response.status_code == 302, label
    after = _counts()
    if after == before:
        return "not imported"
    batch = ImportBatch.objects.latest("pk")
    assert response["Location"] == reverse(
        "activities:import_report", args=[batch.event_id, batch.pk]
    )
    assert (after[2], after[3]) == (before[2] + 1, before[3] + 1), label
    assert after[1] - before[1] == batch.report["attendances_added"], label
    return "imported"


# --- Hypothesis picks the mutations ----------------------------------------------------------


@pytest.mark.django_db
@hypothesis_settings(
    max_examples=EXAMPLES,
    deadline=None,
    suppress_health_check=[HealthCheck.function_scoped_fixture, HealthCheck.too_slow],
)
@given(
    base=st.sampled_from(
        [*seeds(), *[(n, d) for n, d in not_sheets() if len(d) < 100_000 and "bomb" not in n]]
    ),
    mutation_seed=st.integers(min_value=0, max_value=2**32),
)
def test_mutated_sheets_import_completely_or_not_at_all(kh_officer, base, mutation_seed):
    _label, data = mutate(random.Random(mutation_seed), *base)
    _import_all_or_nothing(kh_officer, make_event(title=f"Fuzz {mutation_seed}"), data)


# --- Workbooks shaped to reach the reader (fuzz_corpus.hostile_workbooks) ---------------------
# Each of these once aborted the whole process (a cell in XFD1048576 hidden where the check
# did not look asks the workbook reader for 512 GiB), or took it near a gigabyte. Now each
# is refused with a message, and this test process, which read them all, is still here.

HOSTILE = hostile_workbooks()
# Only the reader itself refuses these: it runs in a child with less memory here than in
# production, so the test spends less time filling it.
CHILD_MEMORY_MB = 300


def _peak_growth_mb(read) -> float:
    """How far above its size before `read()` this process's resident memory peaked."""
    try:
        with open("/proc/self/clear_refs", "w") as clear:
            clear.write("5")  # resets the peak (VmHWM) to the current size
        start = _status_kb("VmRSS")
        read()
        return (_status_kb("VmHWM") - start) / 1024
    except OSError:  # not Linux: the process's own peak, which only ever grows
        start = resource.getrusage(resource.RUSAGE_SELF).ru_maxrss
        read()
        return (resource.getrusage(resource.RUSAGE_SELF).ru_maxrss - start) / 1024


def _status_kb(field: str) -> int:
    with open("/proc/self/status") as status:
        for line in status:
            if line.startswith(field + ":"):
                return int(line.split()[1])
    raise OSError(field)


@pytest.mark.parametrize(("label", "data", "refusal"), HOSTILE, ids=[h[0] for h in HOSTILE])
def test_workbooks_shaped_to_reach_the_reader_are_refused_and_the_process_lives(
    label, data, refusal
):
    outcome = {}

    def read():
        try:
            read_sheets(data, max_bytes=settings.UPLOAD_MAX_BYTES, memory_mb=CHILD_MEMORY_MB)
            outcome["read"] = True
        except SpreadsheetError as exc:
            outcome["refused"] = str(exc)

    assert _peak_growth_mb(read) < 300
    if label == "deep-nesting":  # harmless to the reader: read, or refused in plain words
        assert outcome.get("read") or "Error(" not in outcome["refused"]
        return
    assert re.search(refusal, outcome["refused"]), outcome


def test_a_crashing_reader_comes_back_as_a_message_saying_what_to_do():
    data = dict((label, d) for label, d, _ in HOSTILE)["implicit-far-cell"]
    with pytest.raises(SpreadsheetError) as refused:
        read_sheets(data)
    assert str(refused.value) == str(could_not_read_safely())
    assert "Copy the attendance table alone into a new workbook" in str(refused.value)


def test_a_refusal_inside_the_reader_comes_back_in_the_users_language():
    members = plain_members()
    members["xl/workbook.xml"] = members["xl/workbook.xml"].replace(
        b'state="visible"', b'state="hidden"'
    )
    out = io.BytesIO()
    with zipfile.ZipFile(out, "w") as archive:
        for name, body in members.items():
            archive.writestr(name, body)
    with translation.override("km"), pytest.raises(SpreadsheetError) as refused:
        read_sheets(out.getvalue())
    with translation.override("km"):
        assert str(refused.value) == translation.gettext("The workbook has no visible worksheet.")
    assert str(refused.value) != "The workbook has no visible worksheet."


@pytest.mark.django_db
def test_the_readers_time_limit_is_the_operators_setting(kh_officer, settings):
    """A reader that overruns the time limit is stopped, and the import refuses in plain words."""
    event = make_event()
    data = dict(seeds())["xlsx-plain"]
    assert import_file(actor=kh_officer, event=event, data=data, file_name="a.xlsx", dry_run=True)
    settings.SPREADSHEET_READER_SECONDS = 1e-6
    before = _counts()
    with pytest.raises(ImportFileError, match="could not be read safely"):
        import_file(actor=kh_officer, event=event, data=data, file_name="a.xlsx")
    assert _counts() == before


def _hostile(label: str) -> bytes:
    return next(data for name, data, _ in HOSTILE if name == label)


@pytest.mark.django_db
@pytest.mark.parametrize("label", ["sheet-elsewhere", "local-name-differs", "implicit-far-cell"])
@pytest.mark.parametrize("dry_run", [True, False])
def test_the_import_service_refuses_hostile_workbooks_and_writes_nothing(
    kh_officer, label, dry_run
):
    event = make_event()
    before = _counts()
    with pytest.raises(ImportFileError) as refused:
        import_file(
            actor=kh_officer,
            event=event,
            data=_hostile(label),
            file_name="attendance.xlsx",
            dry_run=dry_run,
        )
    assert refused.value.message.strip()
    assert _counts() == before


@pytest.mark.django_db
@pytest.mark.parametrize("label", ["sheet-elsewhere", "implicit-far-cell"])
def test_the_upload_page_refuses_hostile_workbooks_in_plain_words(
    client, kh_officer, settings, tmp_path, label
):
    settings.MEDIA_ROOT = tmp_path
    event = make_event()
    client.force_login(kh_officer)
    before = _counts()
    response = client.post(
        reverse("activities:import_upload", args=[event.pk]),
        {"file": SimpleUploadedFile("attendance.xlsx", _hostile(label))},
    )
    assert response.status_code == 200
    message = response.context["form"].errors["file"][0]
    assert "spans 1048576 rows" in message or "could not be read safely" in message
    assert _counts() == before


@pytest.mark.django_db
def test_the_import_command_refuses_a_hostile_workbook(tmp_path, capsys):
    event = make_event()
    path = tmp_path / "attendance.xlsx"
    path.write_bytes(_hostile("sheet-elsewhere"))
    before = _counts()
    for dry_run in (["--dry-run"], []):
        with pytest.raises(SystemExit) as exited:
            call_command("import_attendance", str(path), "--event", str(event.pk), *dry_run)
        assert exited.value.code == 1
        assert "cell XFD1048576" in capsys.readouterr().err
    assert _counts() == before


@pytest.mark.django_db
@pytest.mark.parametrize("dry_run", ["true", "false"])
def test_the_import_api_refuses_a_hostile_workbook(kh_officer, settings, tmp_path, dry_run):
    settings.MEDIA_ROOT = tmp_path
    event = make_event()
    client = api_client(kh_officer)  # its token is audited
    before = _counts()
    response = client.post(
        f"/api/v1/events/{event.pk}/attendance/import/",
        {
            "file": SimpleUploadedFile("attendance.xlsx", _hostile("sheet-elsewhere")),
            "dry_run": dry_run,
        },
    )
    assert response.status_code == 422
    error = response.json()["errors"][0]
    assert error["field"] == "file" and "cell XFD1048576" in error["message"]
    assert _counts() == before
