"""Import: a 100,000-row XLSX attendance sheet end to end, against reading the same file with
openpyxl in read-only mode.

End to end is `import_file` as the upload page and the import_attendance command call it:
read, find the header and map the columns, normalise every value, match each row against
the persons already on record (200,000 at full scale), queue possible duplicates and write
persons, attendances, the batch and the audit event. A third of the rows are persons already
on record (same name and birth year: sure matches), the rest are new.

The import runs in a transaction that is rolled back, so the scale data stays as generated.
Run as a child process (`python bench/import_bench.py`) by bench/run.py so its peak
resident memory is its own.
"""

from __future__ import annotations

import io
import json
import random
import resource
import sys
import time
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent.parent))

from bench.common import VAR, cpu_seconds, setup_django, timed

ROWS = 100_000
TARGET = 3.0
HEADER = ["No.", "Name", "Name in Latin letters", "Sex", "Year of birth", "Organisation"]
HEADER += ["Phone", "Email", "Role"]
SEX_WORDS = {"woman": "F", "man": "M", "other": "Other", "not_recorded": ""}


class Rollback(Exception):
    pass


def sheet_rows(rows: int, seed: int) -> list[list]:
    """Rows of a big Cambodian sign-in sheet: a third known persons, the rest new."""
    from bench import dedup_data
    from bench.generate import mobile
    from pathways.activities.models import Person

    rng = random.Random(seed)
    known = list(
        Person.objects.filter(country__code="KH", birth_year__isnull=False)
        .order_by("pk")
        .values_list("full_name", "latin_name", "sex", "birth_year", "phone")[: rows // 3]
    )
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


def workbook_bytes(rows: int, seed: int) -> bytes:
    """The sheet as XLSX, cached in var/bench (writing it is not what is measured)."""
    from openpyxl import Workbook

    path = VAR / f"import-{rows}-seed{seed}.xlsx"
    if path.exists():
        return path.read_bytes()
    book = Workbook(write_only=True)
    sheet = book.create_sheet("Attendance")
    sheet.append(["Sign-in sheet: synthetic data for the import benchmark"])
    sheet.append(HEADER)
    for row in sheet_rows(rows, seed):
        sheet.append(row)
    buffer = io.BytesIO()
    book.save(buffer)
    VAR.mkdir(parents=True, exist_ok=True)
    path.write_bytes(buffer.getvalue())
    return buffer.getvalue()


def plain_read(data: bytes) -> int:
    from openpyxl import load_workbook

    book = load_workbook(io.BytesIO(data), read_only=True)
    count = sum(1 for _ in book.worksheets[0].iter_rows(values_only=True))
    book.close()
    return count


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


def full_import(data: bytes) -> tuple[tuple[float, float], dict, dict[str, float]]:
    from django.db import connection, transaction

    from pathways.activities.importing.service import import_file
    from pathways.audit.models import AuditEvent

    stages = timed_stages()
    cpu_seconds()  # the connection is open before the clocks start
    started, cpu = time.perf_counter(), cpu_seconds()
    try:
        with transaction.atomic():
            result = import_file(
                actor=None,
                event=bench_event(),
                data=data,
                file_name="benchmark-100k.xlsx",
                source=AuditEvent.Source.COMMAND,
            )
            if connection.vendor == "postgresql":
                # PostgreSQL checks foreign keys at commit, which a rolled-back run never
                # reaches: check them now, inside the clock, as a real import pays for them.
                with connection.cursor() as cursor:
                    cursor.execute("SET CONSTRAINTS ALL IMMEDIATE")
            seconds = time.perf_counter() - started
            cpu = cpu_seconds() - cpu
            raise Rollback
    except Rollback:
        pass
    if connection.vendor == "postgresql":
        # The rolled-back rows are still in PostgreSQL's tables and indexes until vacuumed:
        # clear them, outside the clock, so the next run meets the data as generated.
        with connection.cursor() as cursor:
            cursor.execute("VACUUM ANALYZE")
    report = result.report()
    report["skipped"], report["errors"] = len(report["skipped"]), report["errors"][:3]
    stages["write persons, attendances, batch and audit"] = cpu - sum(stages.values())
    return (seconds, cpu), report, stages


def main() -> None:
    setup_django()
    from pathways.activities.models import Person

    rows = int(sys.argv[1]) if len(sys.argv) > 1 else ROWS
    data = workbook_bytes(rows, seed=1)
    plain, read_rows = timed(lambda: plain_read(data))
    (seconds, cpu), report, stages = full_import(data)
    print(
        json.dumps(
            {
                "rows": rows,
                "persons_on_record": Person.objects.count(),
                "plain_read_seconds": plain.wall,
                "plain_read_cpu": plain.cpu,
                "plain_read_rows": read_rows,
                "import_seconds": seconds,
                "import_cpu": cpu,
                "report": report,
                "stages": stages,
                "peak_rss_mb": resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024,
            }
        )
    )


if __name__ == "__main__":
    main()
