"""Reading a workbook in a child process: what it costs on a 100,000-row sign-in sheet.

    python bench/parse_bench.py [--rows 100000] [--rounds 3] [--no-write]

Workbooks are read by a native reader that aborts the process when an allocation fails, so
`read_sheets` checks the archive in Python and then reads it in a forked child with a memory
and a time limit (pathways/lib/sandbox.py). Each round runs two fresh processes on the same
file, so each one's peak resident memory is its own:

- in process: the checks, then the reader in the same process (`_read_workbook`), as before;
- in a child: `read_sheets` as the import calls it: the checks, then the reader in a child
  whose cells come back through a pipe.

CPU time counts the child's too. The figures go into docs/performance.md between
`<!-- parse:start -->` and `<!-- parse:end -->`; the rest of that file is left as it is.
Needs no database: the sheet is made of synthetic names (bench/dedup_data.py).
"""

from __future__ import annotations

import argparse
import datetime as dt
import io
import json
import os
import random
import resource
import statistics
import subprocess
import sys
import time
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent.parent))

from bench.common import ROOT, VAR, replace_section, setup_django

START, END = "<!-- parse:start -->", "<!-- parse:end -->"
PERFORMANCE_MD = ROOT / "docs" / "performance.md"
HEADER = ["No.", "Name", "Name in Latin letters", "Sex", "Year of birth", "Organisation"]
HEADER += ["Phone", "Email", "Role"]


def workbook(rows: int) -> Path:
    """A sign-in sheet of new persons, cached in var/bench (making it is not measured)."""
    path = VAR / f"parse-{rows}.xlsx"
    if path.exists():
        return path
    from openpyxl import Workbook

    from bench import dedup_data

    rng = random.Random(1)
    book = Workbook(write_only=True)
    sheet = book.create_sheet("Attendance")
    sheet.append(["Sign-in sheet: synthetic data for the parse benchmark"])
    sheet.append(HEADER)
    for number in range(rows):
        name = dedup_data.make_name(rng, "khmer")
        org = rng.choice(("Ministry of Justice", "LSCW", "Cambodian National Police", ""))
        phone = f"012{rng.randrange(10**6):06d}"
        year = rng.randint(1960, 2004)
        sex = rng.choice("FM")
        role = "Participant"
        sheet.append([number + 1, name.written, name.latin, sex, year, org, phone, "", role])
    buffer = io.BytesIO()
    book.save(buffer)
    VAR.mkdir(parents=True, exist_ok=True)
    path.write_bytes(buffer.getvalue())
    return path


def measure(variant: str, path: Path) -> dict:
    """One read of the file, in this process: seconds, CPU with children, peak memory."""
    setup_django()
    from pathways.lib import spreadsheets

    data = path.read_bytes()
    import python_calamine  # noqa: F401 - loaded before the clock in both variants

    started, cpu = time.perf_counter(), _cpu()
    if variant == "in-process":
        kind = spreadsheets._zip_kind(data)
        spreadsheets._check_archive(data, max_bytes=20 * 1024 * 1024, kind=kind)
        sheets = spreadsheets._read_workbook(data, kind=kind)
    else:
        sheets = spreadsheets.read_sheets(data, max_bytes=20 * 1024 * 1024)
    return {
        "seconds": time.perf_counter() - started,
        "cpu": _cpu() - cpu,
        "rows": len(sheets[0].rows),
        "peak_mb": resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024,
        "child_peak_mb": resource.getrusage(resource.RUSAGE_CHILDREN).ru_maxrss / 1024,
    }


def _cpu() -> float:
    own = resource.getrusage(resource.RUSAGE_SELF)
    children = resource.getrusage(resource.RUSAGE_CHILDREN)
    return own.ru_utime + own.ru_stime + children.ru_utime + children.ru_stime


def run(rows: int, rounds: int) -> dict:
    path = workbook(rows)
    load = os.getloadavg()[0]
    results: dict[str, list[dict]] = {"in-process": [], "child": []}
    for _ in range(rounds):
        for variant in results:
            output = subprocess.run(
                [sys.executable, __file__, "--measure", variant, str(path)],
                check=True,
                capture_output=True,
                text=True,
            ).stdout
            results[variant].append(json.loads(output.strip().splitlines()[-1]))
    return {
        "rows": rows,
        "file_mb": path.stat().st_size / 1e6,
        "load": (load, os.getloadavg()[0]),
        "rounds": results,
    }


def section(outcome: dict, command: str) -> str:
    def median(variant: str, key: str) -> float:
        return statistics.median(r[key] for r in outcome["rounds"][variant])

    inside, child = "in-process", "child"
    extra_cpu = median(child, "cpu") - median(inside, "cpu")
    when = dt.datetime.now(dt.UTC).strftime("%Y-%m-%d %H:%M")
    rounds = len(outcome["rounds"][inside])
    return "\n".join(
        [
            START,
            "## Reading workbooks in a child process",
            "",
            f"`{command}` (`bench/parse_bench.py`), {when} UTC: a {outcome['rows']:,}-row "
            f"sign-in sheet ({outcome['file_mb']:.1f} MB XLSX, 9 columns), read {rounds} "
            "times each way, each read in a fresh process; medians. Load average "
            f"{outcome['load'][0]:.1f} at the start and {outcome['load'][1]:.1f} at the end on "
            f"{os.cpu_count()} cores (other work shares the machine).",
            "",
            "| read | wall | CPU (with the child's) | peak resident, importing process "
            "| peak resident, child |",
            "| --- | ---: | ---: | ---: | ---: |",
            f"| checks, then the reader in the same process | {median(inside, 'seconds'):.2f} s "
            f"| {median(inside, 'cpu'):.2f} s | {median(inside, 'peak_mb'):.0f} MB | |",
            f"| checks, then the reader in a child (`read_sheets`) "
            f"| {median(child, 'seconds'):.2f} s | {median(child, 'cpu'):.2f} s "
            f"| {median(child, 'peak_mb'):.0f} MB | {median(child, 'child_peak_mb'):.0f} MB |",
            "",
            f"Reading in a child costs {extra_cpu:+.2f} s of CPU on this sheet: the fork, and the "
            "cells sent back through a pipe as one string per sheet (sending them as JSON "
            "lists of strings cost twice as much, pickle more still). The child's peak counts "
            "the pages it shares with the importing process it was forked from. The child may "
            "use 1024 MB more than the importing process (`PATHWAYS_PARSE_MEMORY_MB`) and 120 "
            "seconds (`PATHWAYS_PARSE_SECONDS`); this sheet needs a fraction of either. The "
            "extra CPU is well under a per cent of what the import benchmark above spends on "
            "a sheet of as many rows, so its target still holds (that benchmark was not rerun "
            "for this section). The importing process itself peaks lower: the reader's grid "
            "of cells and its Python values live in the child.",
            END,
            "",
        ]
    )


def write_section(text: str, path: Path = PERFORMANCE_MD) -> None:
    replace_section(path, text, START, END)


def main() -> None:
    if len(sys.argv) == 4 and sys.argv[1] == "--measure":
        print(json.dumps(measure(sys.argv[2], Path(sys.argv[3]))))
        return
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--rows", type=int, default=100_000)
    parser.add_argument("--rounds", type=int, default=3)
    parser.add_argument("--no-write", action="store_true", help="print; leave the page alone")
    args = parser.parse_args()
    setup_django()
    outcome = run(args.rows, args.rounds)
    command = "python bench/parse_bench.py" + (
        f" --rows {args.rows}" if args.rows != 100_000 else ""
    )
    text = section(outcome, command)
    print(json.dumps(outcome, indent=2))
    print(text)
    if not args.no_write:
        write_section(text)


if __name__ == "__main__":
    main()
