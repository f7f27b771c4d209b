"""Import benchmark: a 100,000-row XLSX attendance sheet end to end, against a plain
openpyxl read-only read of the same file, side by side in the same run (target: at most 3x).

    DATABASE_URL=... python bench/import_bench.py [--rows 100000] [--existing 200000]

The existing persons (synthetic) are created once in the target database if fewer exist;
the import itself runs in a transaction that is rolled back, so runs repeat.
"""

from __future__ import annotations

import argparse
import io
import os
import random
import sys
import time
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent.parent))
os.environ.setdefault("DJANGO_SETTINGS_MODULE", "pathways.settings")

import django

django.setup()

from django.core.management import call_command  # noqa: E402
from django.db import transaction  # noqa: E402
from openpyxl import Workbook, load_workbook  # noqa: E402

from pathways.activities.importing import import_file  # noqa: E402
from pathways.activities.matching import name_key  # noqa: E402
from pathways.activities.models import Event, Person  # noqa: E402
from pathways.audit.models import AuditEvent  # noqa: E402
from pathways.programs.models import Country  # noqa: E402
from pathways.programs.services import load_reference_data  # noqa: E402

GIVEN = ["Dara", "Sreymom", "Vanna", "Sopheak", "Bopha", "Chenda", "Rithy", "Sokha", "Vibol"]
FAMILY = ["Sok", "Chan", "Keo", "Heng", "Ly", "Meas", "Chea", "Pich", "Nhem", "Ouk"]
POSITIONS = ["Police officer", "Prosecutor", "Judge", "Social worker", "Director", "Clerk"]


def _name(i: int) -> str:
    return f"{FAMILY[i % len(FAMILY)]} {GIVEN[(i // len(FAMILY)) % len(GIVEN)]} {i:06d}"


def _phone(i: int) -> str:
    return f"+85512{i:06d}"


def ensure_existing(country: Country, count: int) -> None:
    have = Person.objects.filter(country=country, is_synthetic=True).count()
    rnd = random.Random(7)
    batch = []
    for i in range(have, count):
        name = _name(i)
        batch.append(
            Person(
                full_name=name,
                latin_name=name,
                name_key=name_key(name),
                phone=_phone(i),
                sex=rnd.choice(["woman", "man"]),
                country=country,
                is_synthetic=True,
            )
        )
        if len(batch) == 5000:
            Person.objects.bulk_create(batch)
            batch = []
    Person.objects.bulk_create(batch)


def sheet_bytes(rows: int, existing: int) -> bytes:
    """A sheet in which about a third of the people are already on record."""
    rnd = random.Random(11)
    workbook = Workbook(write_only=True)
    sheet = workbook.create_sheet("Attendance")
    sheet.append(["Synthetic benchmark sheet"])
    sheet.append(
        [
            "No.",
            "Name",
            "Sex",
            "Year of birth",
            "Position",
            "Organisation",
            "Phone",
            "Email",
            "Signature",
        ]
    )
    for i in range(rows):
        n = rnd.randrange(existing) if existing and i % 3 == 0 else existing + i
        name, phone = _name(n), _phone(n)
        sheet.append(
            [
                i + 1,
                name,
                rnd.choice("FM"),
                rnd.randint(1960, 2002),
                rnd.choice(POSITIONS),
                "MoJ",
                phone,
                f"p{n}@example.org",
                "",
            ]
        )
    out = io.BytesIO()
    workbook.save(out)
    return out.getvalue()


def openpyxl_read(data: bytes) -> float:
    start = time.perf_counter()
    workbook = load_workbook(io.BytesIO(data), read_only=True)
    for _ in workbook.active.iter_rows(values_only=True):
        pass
    return time.perf_counter() - start


def pathways_import(data: bytes, event: Event) -> tuple[float, dict]:
    start = time.perf_counter()
    with transaction.atomic():
        result = import_file(
            actor=None,
            event=event,
            data=data,
            file_name="bench.xlsx",
            source=AuditEvent.Source.COMMAND,
        )
        elapsed = time.perf_counter() - start
        transaction.set_rollback(True)
    return elapsed, result.report()


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__)
    parser.add_argument("--rows", type=int, default=100_000)
    parser.add_argument("--existing", type=int, default=200_000)
    args = parser.parse_args()
    call_command("migrate", verbosity=0)
    load_reference_data()
    country = Country.objects.get(code="KH")
    ensure_existing(country, args.existing)
    event, _ = Event.objects.get_or_create(
        title="Import benchmark (synthetic)",
        country=country,
        event_type="training",
        start_date="2022-03-01",
        end_date="2022-03-02",
        is_synthetic=True,
    )
    data = sheet_bytes(args.rows, args.existing)
    base = openpyxl_read(data)
    elapsed, report = pathways_import(data, event)
    print(f"rows {args.rows:,}, existing persons {args.existing:,}, file {len(data) / 1e6:.1f} MB")
    print(f"openpyxl read-only read: {base:.2f} s")
    print(f"pathways import end to end: {elapsed:.2f} s  ({elapsed / base:.2f}x, target <= 3x)")
    print(
        f"added {report['attendances_added']:,}, created {report['persons_created']:,}, "
        f"matched {report['persons_matched']:,}, errors {len(report['errors'])}"
    )


if __name__ == "__main__":
    main()
