"""Import: a 100,000-row XLSX attendance sheet end to end, against reading the same file with
openpyxl in read-only mode, and with python-calamine (the reader the import uses).

End to end is `import_file` as the upload page and the import_attendance command call it:
read, find the header and map the columns, normalise every value, match each row against
the persons already on record (200,000 at full scale), queue possible duplicates and write
persons, attendances, the batch and the audit event. Two sheets: `mixed`, a third of whose
rows are persons already on record (their names, birth years and phones: sure matches), the
rest new; and `new`, every row a new person.

    python bench/import_bench.py [ROWS] [--sheet mixed|new]            in this process
    python bench/import_bench.py [ROWS] [--sheet mixed|new] --command  as a user runs it

In this process: the file read with openpyxl and with python-calamine, then imported, each
timed. With --command: the import as `manage.py import_attendance FILE --event ID --json`
runs it, in a fresh process, against reading the file with openpyxl in a fresh process:
each side's CPU counts everything from the interpreter's start (and Django's set-up, on the
import's side) to its end.

The import runs in a transaction that is rolled back, so the scale data stays as generated.
Run as a child process by bench/run.py so its peak resident memory is its own.
"""

from __future__ import annotations

import argparse
import contextlib
import io
import json
import random
import resource
import subprocess
import sys
import time
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent.parent))

from bench.common import VAR, cpu_seconds, setup_django, timed

ROWS = 100_000
TARGET = 1.5  # CPU, against openpyxl's read-only read of the same file
MEMORY_TARGET_MB = 600
SHEETS = {"mixed": "a third of its rows persons on record", "new": "every row a new person"}
HEADER = ["No.", "Name", "Name in Latin letters", "Sex", "Year of birth", "Organisation"]
HEADER += ["Phone", "Email", "Role"]
SEX_WORDS = {"woman": "F", "man": "M", "other": "Other", "not_recorded": ""}


class Rollback(Exception):
    pass


def sheet_rows(rows: int, seed: int, sheet: str = "mixed") -> list[list]:
    """Rows of a big Cambodian sign-in sheet: with `mixed`, a third known persons, the rest
    new; with `new`, every row a new person."""
    from bench import dedup_data
    from bench.generate import mobile
    from pathways.activities.models import Person

    rng = random.Random(seed)
    known = list(
        Person.objects.filter(country__code="KH", birth_year__isnull=False)
        .order_by("pk")
        .values_list("full_name", "latin_name", "sex", "birth_year", "phone")[: rows // 3]
    )
    if sheet == "new":
        known, rng = [], random.Random(seed + 1000)  # names and phones the mixed sheet lacks
    out = []
    for i in range(rows):
        if i % 3 == 0 and known:
            full, latin, sex, year, phone = known.pop()
        else:
            name = dedup_data.make_name(rng, "khmer")
            full, latin = name.written, name.latin
            sex = rng.choice(("woman", "man", "man", "not_recorded"))
            year, phone = rng.randint(1960, 2004), "0" + mobile(rng, "KH")[4:]
        role = "Participant" if rng.random() < 0.9 else "Facilitator"
        org = rng.choice(("Ministry of Justice", "LSCW", "Cambodian National Police", ""))
        out.append([i + 1, full, latin, SEX_WORDS[sex], year, org, phone, "", role])
    return out


def workbook_path(rows: int, seed: int, sheet: str = "mixed") -> Path:
    """The sheet as XLSX, cached in var/bench (writing it is not what is measured)."""
    from openpyxl import Workbook

    path = VAR / f"import-{rows}-seed{seed}-{sheet}.xlsx"
    if path.exists():
        return path
    book = Workbook(write_only=True)
    worksheet = book.create_sheet("Attendance")
    worksheet.append(["Sign-in sheet: synthetic data for the import benchmark"])
    worksheet.append(HEADER)
    for row in sheet_rows(rows, seed, sheet):
        worksheet.append(row)
    buffer = io.BytesIO()
    book.save(buffer)
    VAR.mkdir(parents=True, exist_ok=True)
    path.write_bytes(buffer.getvalue())
    return path


def plain_read(data: bytes) -> int:
    """The baseline: every row of the file read with openpyxl in read-only mode."""
    from openpyxl import load_workbook

    book = load_workbook(io.BytesIO(data), read_only=True)
    count = sum(1 for _ in book.worksheets[0].iter_rows(values_only=True))
    book.close()
    return count


def calamine_read(data: bytes) -> int:
    """Every row of the file read with python-calamine, the reader the import uses, as
    plainly: the cells as Python values, nothing else."""
    from python_calamine import CalamineWorkbook

    book = CalamineWorkbook.from_filelike(io.BytesIO(data))
    return len(book.get_sheet_by_index(0).to_python(skip_empty_area=False))


def bench_event():
    from pathways.activities.models import Event
    from pathways.programs.models import Country, Organisation

    country = Country.objects.get(code="KH")
    return Event.objects.create(
        title="Import benchmark training (synthetic)",
        event_type=Event.Type.TRAINING,
        start_date="2025-03-03",
        end_date="2025-03-05",
        country=country,
        lead_organisation=Organisation.objects.filter(country=country).order_by("pk").first(),
        is_synthetic=True,
    )


def timed_stages() -> dict[str, float]:
    """Seconds spent in each stage of the import, summed over calls: the pipeline's own
    functions wrapped in place where they are called (the import runs the same code, with a
    clock around it)."""
    from pathways.activities.importing import service, writing

    stages: dict[str, float] = {}
    for module, attribute, label in (
        (service, "parse_file", "read, map and normalise"),
        (service, "plan_rows", "match against persons on record"),
        (writing, "queue_candidates", "queue possible duplicates"),
    ):
        original = getattr(module, attribute)

        def wrapper(*args, _original=original, _label=label, **kwargs):
            began = cpu_seconds()
            try:
                return _original(*args, **kwargs)
            finally:
                stages[_label] = stages.get(_label, 0.0) + cpu_seconds() - began

        setattr(module, attribute, wrapper)
    return stages


def summary(report: dict) -> dict:
    """The import report's numbers (the pairs and skips counted, three errors at most)."""
    return report | {
        "skipped": len(report["skipped"]),
        "errors": report["errors"][:3],
        "possible_duplicates": report["possible_duplicates"]["count"],
    }


@contextlib.contextmanager
def rolled_back():
    """A transaction rolled back at the end. On PostgreSQL the foreign keys it defers to
    commit are checked before it ends, as a real import pays for them: call `check()` inside
    the clock. After it, outside the clock, the rolled-back rows are vacuumed away so the
    next run meets the data as generated."""
    from django.db import connection, transaction

    def check() -> None:
        if connection.vendor == "postgresql":
            with connection.cursor() as cursor:
                cursor.execute("SET CONSTRAINTS ALL IMMEDIATE")

    try:
        with transaction.atomic():
            yield check
            raise Rollback
    except Rollback:
        pass
    if connection.vendor == "postgresql":
        with connection.cursor() as cursor:
            cursor.execute("VACUUM ANALYZE")


def full_import(data: bytes) -> tuple[tuple[float, float], dict, dict[str, float]]:
    from pathways.activities.importing.service import import_file
    from pathways.audit.models import AuditEvent

    stages = timed_stages()
    cpu_seconds()  # the connection is open before the clocks start
    started, cpu = time.perf_counter(), cpu_seconds()
    with rolled_back() as check:
        result = import_file(
            actor=None,
            event=bench_event(),
            data=data,
            file_name="benchmark-100k.xlsx",
            source=AuditEvent.Source.COMMAND,
        )
        check()
        seconds = time.perf_counter() - started
        cpu = cpu_seconds() - cpu
    stages["write persons, attendances, batch and audit"] = cpu - sum(stages.values())
    return (seconds, cpu), summary(result.report()), stages


def in_process(rows: int, sheet: str) -> dict:
    from pathways.activities.models import Person

    data = workbook_path(rows, seed=1, sheet=sheet).read_bytes()
    plain, read_rows = timed(lambda: plain_read(data))
    calamine, _ = timed(lambda: calamine_read(data))
    (seconds, cpu), report, stages = full_import(data)
    return {
        "rows": rows,
        "sheet": sheet,
        "mode": "in-process",
        "persons_on_record": Person.objects.count(),
        "plain_read_seconds": plain.wall,
        "plain_read_cpu": plain.cpu,
        "plain_read_rows": read_rows,
        "calamine_read_seconds": calamine.wall,
        "calamine_read_cpu": calamine.cpu,
        "import_seconds": seconds,
        "import_cpu": cpu,
        "report": report,
        "stages": stages,
        "peak_rss_mb": resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024,
    }


# --- as a user runs it: fresh processes -------------------------------------------------


def _fresh(args: list[str], env: dict[str, str] | None = None) -> dict:
    """A fresh process of this script; its answer (the last line it prints, JSON), with the
    wall-clock seconds from its start to when it said it was done."""
    started = time.time()
    child = subprocess.run(
        [sys.executable, __file__, *args],
        capture_output=True,
        text=True,
        env=env,
        cwd=Path(__file__).resolve().parent.parent,
    )
    if child.returncode != 0:
        raise RuntimeError(child.stderr.strip().splitlines()[-1] if child.stderr else "no output")
    answer = json.loads(child.stdout.strip().splitlines()[-1])
    return answer | {"seconds": answer.pop("done_at") - started}


def _process_cpu_so_far() -> float:
    """This process's CPU since the interpreter started, and its children's that ended."""
    children = resource.getrusage(resource.RUSAGE_CHILDREN)
    return time.process_time() + children.ru_utime + children.ru_stime


def as_command(rows: int, sheet: str) -> dict:
    """The import as the command runs it and the openpyxl read, each in a fresh process."""
    setup_django()
    from pathways.activities.models import Person

    path = workbook_path(rows, seed=1, sheet=sheet)
    on_record = Person.objects.count()
    read = _fresh(["--read-file", str(path)])
    command = _fresh(["--run-command", str(path)])
    return {
        "rows": rows,
        "sheet": sheet,
        "mode": "command",
        "persons_on_record": on_record,
        "plain_read_seconds": read["seconds"],
        "plain_read_cpu": read["cpu"],
        "plain_read_rows": read["rows"],
        "calamine_read_seconds": read["calamine_seconds"],
        "calamine_read_cpu": read["calamine_cpu"],
        "import_seconds": command["seconds"],
        "import_cpu": command["cpu"],
        "report": command["report"],
        "stages": command["stages"],
        "peak_rss_mb": command["peak_rss_mb"],
        "reader_peak_rss_mb": command["reader_peak_rss_mb"],
    }


def read_file(path: str) -> None:
    """In a fresh process: the openpyxl read, its CPU counted from the interpreter's start;
    then, in a fresh child of its own, the python-calamine read counted the same way."""
    data = Path(path).read_bytes()
    count = plain_read(data)
    cpu, done_at = _process_cpu_so_far(), time.time()
    calamine = _fresh(["--read-calamine", path])
    answer = {"rows": count, "cpu": cpu, "done_at": done_at}
    print(
        json.dumps(
            answer | {"calamine_cpu": calamine["cpu"]} | {"calamine_seconds": calamine["seconds"]}
        )
    )


def read_calamine(path: str) -> None:
    calamine_read(Path(path).read_bytes())
    print(json.dumps({"cpu": _process_cpu_so_far(), "done_at": time.time()}))


def run_command(path: str) -> None:
    """In a fresh process: `manage.py import_attendance FILE --event ID --json`, as a user
    runs it (the command's parsing and handling), in a transaction rolled back (the event it
    imports into is made in the same transaction). CPU from the interpreter's start, and
    the PostgreSQL server process's."""
    setup_django()
    from django.core.management import call_command

    stages = timed_stages()
    startup = cpu_seconds()
    output = io.StringIO()
    with rolled_back() as check:
        # The command's own argument parsing and handle(); run_from_argv would also close
        # the connection at the end, before the transaction is rolled back.
        event = str(bench_event().pk)
        call_command("import_attendance", path, "--event", event, "--json", stdout=output)
        check()
        cpu, done_at = cpu_seconds(), time.time()
    report = json.loads(output.getvalue())
    stages = {"start-up (interpreter, Django)": startup, **stages}
    stages["write persons, attendances, batch and audit"] = cpu - sum(stages.values())
    children = resource.getrusage(resource.RUSAGE_CHILDREN).ru_maxrss / 1024
    answer = {
        "cpu": cpu,
        "done_at": done_at,
        "report": summary(report),
        "stages": stages,
        "peak_rss_mb": resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024,
        "reader_peak_rss_mb": children,
    }
    print(json.dumps(answer))


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("rows", nargs="?", type=int, default=ROWS)
    parser.add_argument("--sheet", choices=list(SHEETS), default="mixed")
    parser.add_argument("--command", action="store_true")
    parser.add_argument("--read-file", help=argparse.SUPPRESS)
    parser.add_argument("--read-calamine", help=argparse.SUPPRESS)
    parser.add_argument("--run-command", help=argparse.SUPPRESS)
    args = parser.parse_args()
    if args.read_file:
        return read_file(args.read_file)
    if args.read_calamine:
        return read_calamine(args.read_calamine)
    if args.run_command:
        return run_command(args.run_command)
    if args.command:
        print(json.dumps(as_command(args.rows, args.sheet)))
        return None
    setup_django()
    print(json.dumps(in_process(args.rows, args.sheet)))
    return None


if __name__ == "__main__":
    main()
