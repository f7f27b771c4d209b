"""What every benchmark shares: Django set-up, timing, the machine, result rows."""

from __future__ import annotations

import os
import platform
import resource
import statistics
import subprocess
import sys
import time
from collections.abc import Callable
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

ROOT = Path(__file__).resolve().parent.parent
VAR = ROOT / "var" / "bench"
# BENCH_PG_URL names another database, so two checkouts can run benchmarks side by side.
PG_URL = os.environ.get("BENCH_PG_URL", "postgres://postgres@127.0.0.1:5432/pw_bench")
SQLITE_URL = f"sqlite:///{VAR / 'bench.sqlite3'}"


def setup_django() -> None:
    sys.path.insert(0, str(ROOT))
    os.environ.setdefault("DJANGO_SETTINGS_MODULE", "pathways.settings")
    os.environ.setdefault("PATHWAYS_LOG_LEVEL", "WARNING")
    import django

    django.setup()


def best_of(fn: Callable[[], Any], *, repeat: int = 5) -> tuple[float, Any]:
    """Median seconds over `repeat` runs (after one warm-up run) and the last result."""
    result = fn()
    times = []
    for _ in range(repeat):
        started = time.perf_counter()
        result = fn()
        times.append(time.perf_counter() - started)
    return statistics.median(times), result


# --- CPU time ---------------------------------------------------------------------------
# On a machine shared with other work, wall-clock time depends on what the others do at
# that moment; CPU time is the work itself. Ratio targets are judged on CPU time: this
# process's (every thread, so DuckDB's too) plus, on PostgreSQL, that of the server process
# serving this connection, with parallel query workers turned off for the session so no
# work hides in another process.

_TICKS = os.sysconf("SC_CLK_TCK") if hasattr(os, "sysconf") else 100
_backend: dict[int, int] = {}


def _backend_pid() -> int | None:
    from django.db import connection

    if connection.vendor != "postgresql":
        return None
    connection.ensure_connection()
    key = id(connection.connection)
    if key not in _backend:
        with connection.cursor() as cursor:
            cursor.execute("SET max_parallel_workers_per_gather = 0")
            cursor.execute("SELECT pg_backend_pid()")
            _backend[key] = cursor.fetchone()[0]
    return _backend[key]


def process_cpu(pid: int) -> float:
    fields = Path(f"/proc/{pid}/stat").read_text().rsplit(")", 1)[1].split()
    return (int(fields[11]) + int(fields[12])) / _TICKS  # utime, stime


def cpu_seconds() -> float:
    """CPU seconds so far of this process, of its children that have ended (the workbook
    reader runs in one), and of its PostgreSQL backend, if any."""
    children = resource.getrusage(resource.RUSAGE_CHILDREN)
    seconds = time.process_time() + children.ru_utime + children.ru_stime
    pid = _backend_pid()
    if pid is not None:
        seconds += process_cpu(pid)
    return seconds


@dataclass
class Timing:
    wall: float
    cpu: float

    def __str__(self) -> str:
        return f"{_short(self.cpu)} CPU, {_short(self.wall)} wall"


def _short(seconds: float) -> str:
    return f"{seconds * 1000:.0f} ms" if seconds < 10 else f"{seconds:.1f} s"


def timed(fn: Callable[[], Any]) -> tuple[Timing, Any]:
    cpu_seconds()  # opens the connection first, so that is not timed
    wall, cpu = time.perf_counter(), cpu_seconds()
    result = fn()
    return Timing(time.perf_counter() - wall, cpu_seconds() - cpu), result


def median_of(fn: Callable[[], Any], *, repeat: int = 5) -> tuple[Timing, Any]:
    """Median wall and CPU seconds over `repeat` runs after one warm-up run; the last result."""
    result = fn()
    timings = []
    for _ in range(repeat):
        timing, result = timed(fn)
        timings.append(timing)
    wall = statistics.median(t.wall for t in timings)
    return Timing(wall, statistics.median(t.cpu for t in timings)), result


@dataclass
class Outcome:
    """One benchmark's line in docs/performance.md."""

    name: str
    database: str
    measured: str  # what Pathways did, in words and numbers
    baseline: str  # what it is compared with
    ratio: float | None  # measured / baseline, when the target is a ratio
    target: str
    met: bool
    notes: list[str] = field(default_factory=list)


def peak_rss_mb_of_children() -> float:
    import resource

    return resource.getrusage(resource.RUSAGE_CHILDREN).ru_maxrss / 1024


def vm_hwm_mb(pid: int) -> float | None:
    """Peak resident memory of a running process, from /proc."""
    try:
        for line in Path(f"/proc/{pid}/status").read_text().splitlines():
            if line.startswith("VmHWM:"):
                return int(line.split()[1]) / 1024
    except OSError:
        return None
    return None


def machine() -> dict[str, str]:
    cpu = platform.processor() or platform.machine()
    try:
        for line in Path("/proc/cpuinfo").read_text().splitlines():
            if line.startswith("model name"):
                cpu = line.split(":", 1)[1].strip()
                break
    except OSError:
        pass
    ram = ""
    try:
        kb = int(Path("/proc/meminfo").read_text().split()[1])
        ram = f"{kb / 1024 / 1024:.1f} GiB"
    except (OSError, ValueError, IndexError):
        pass
    return {
        "cpu": cpu,
        "cores": str(os.cpu_count()),
        "ram": ram,
        "os": platform.platform(),
        "python": platform.python_version(),
    }


def database_versions() -> dict[str, str]:
    import sqlite3

    out = {"sqlite": sqlite3.sqlite_version}
    try:
        pg = subprocess.run(
            ["psql", PG_URL.rsplit("/", 1)[0] + "/postgres", "-Atc", "show server_version"],
            capture_output=True,
            text=True,
            timeout=10,
        )
        if pg.returncode == 0:
            out["postgresql"] = pg.stdout.strip()
    except (OSError, subprocess.SubprocessError):
        pass
    try:
        import duckdb

        out["duckdb"] = duckdb.__version__
    except ImportError:
        pass
    return out


def replace_section(path: Path, section: str, start: str, end: str) -> None:
    """Put `section` (which begins with `start` and ends with `end`) between those markers
    of the page at `path`, keeping everything else; at the end of the page the first time."""
    text = path.read_text() if path.exists() else ""
    if start in text and end in text:
        before, rest = text.split(start, 1)
        after = rest.split(end, 1)[1].lstrip("\n")
        text = before + section + ("\n" + after if after else "")
    else:
        text = text.rstrip("\n") + ("\n\n" if text.strip() else "") + section
    path.parent.mkdir(parents=True, exist_ok=True)
    path.write_text(text)
