"""Scale run: 20 imports of 10,000 rows queued at once, run by RQ workers through Redis, on
PostgreSQL; two workers against one.

    python bench/scale_run.py [--workers 1 2] [--imports 20] [--rows 10000] [--no-write]

The sheets go into events of five countries, four each, queued in turn (KH, LA, TH, MM, PH,
KH, ...). Imports within one country wait for each other by design: each takes its
country's row lock (FOR NO KEY UPDATE, `activities/importing/service.py`) so that it matches
against the persons the one before it created; imports in different countries run side by
side. For each number of workers, the run starts from the same database (a copy of a
template holding the countries, the importer and the events), starts the workers
(`manage.py rqworker default`, as docs/operations.md runs them), waits until they listen,
queues every import as the upload page does (`import_queue`), and watches:

- the time from queueing an import until its first progress is in the jobs cache, which
  its page shows (first for the first import queued; median and longest over all, which
  include the wait for a free worker),
- the time until every job has ended, and so rows written per second,
- that every row was written exactly once: each event holds one batch and as many
  attendances as its sheet has rows, no person twice in one event, every job done.

Its own database (BENCH_SCALE_PG_URL, default pw_bench_scale, and a template beside it) and
Redis (BENCH_REDIS_URL, default redis://127.0.0.1:6379/1, whose queue it empties). The
figures go into docs/performance.md between `<!-- scale:start -->` and `<!-- scale:end -->`.
"""

from __future__ import annotations

import argparse
import csv
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
from dataclasses import dataclass, field
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent.parent))

from bench.common import ROOT, VAR, machine, replace_section

PG_URL = os.environ.get("BENCH_SCALE_PG_URL", "postgres://postgres@127.0.0.1:5432/pw_bench_scale")
REDIS_URL = os.environ.get("BENCH_REDIS_URL", "redis://127.0.0.1:6379/1")
COUNTRIES = {"KH": "khmer", "LA": "lao", "TH": "thai", "MM": "latin", "PH": "latin"}
PERFORMANCE_MD = ROOT / "docs" / "performance.md"
START, END = "<!-- scale:start -->", "<!-- scale:end -->"
SCALE_VAR = VAR / "scale"

# Run once in the template database: what every round starts from.
TEMPLATE_SETUP = """
import datetime as dt
from pathways.accounts.models import Membership, Role, User
from pathways.activities.models import Event
from pathways.programs.models import Country
from pathways.programs.services import load_reference_data
load_reference_data()
importer = User.objects.create_user(username="scale-importer")
for code in {codes!r}:
    country = Country.objects.get(code=code)
    Membership.objects.create(user=importer, role=Role.DATA_OFFICER, country=country)
    for n in range({per_country}):
        Event.objects.create(
            title=f"Scale run {{code}} {{n + 1}}", event_type=Event.Type.TRAINING,
            start_date=dt.date(2026, 1, 5), end_date=dt.date(2026, 1, 6), country=country,
        )
"""


def environment() -> dict[str, str]:
    return os.environ | {
        "DATABASE_URL": PG_URL,
        "PATHWAYS_TASK_BACKEND": "redis",
        "PATHWAYS_REDIS_URL": REDIS_URL,
        "PATHWAYS_VAR_DIR": str(SCALE_VAR),
        "PATHWAYS_MEDIA_ROOT": str(SCALE_VAR / "uploads"),
        "PATHWAYS_LOG_LEVEL": "WARNING",
        "DJANGO_SETTINGS_MODULE": "pathways.settings",
    }


# --- databases ---------------------------------------------------------------------------


def _admin_connection():
    import dj_database_url
    import psycopg

    config = dj_database_url.parse(PG_URL)
    return psycopg.connect(
        host=config["HOST"] or "127.0.0.1",
        port=config["PORT"] or 5432,
        user=config["USER"],
        password=config["PASSWORD"] or None,
        dbname="postgres",
        autocommit=True,
    )


def _name() -> str:
    return PG_URL.rsplit("/", 1)[1]


def make_template(imports: int) -> None:
    template = f"{_name()}_template"
    with _admin_connection() as conn:
        conn.execute(f'DROP DATABASE IF EXISTS "{template}" WITH (FORCE)')
        conn.execute(f'CREATE DATABASE "{template}"')
    env = environment() | {"DATABASE_URL": PG_URL.rsplit("/", 1)[0] + "/" + template}
    manage = [sys.executable, "manage.py"]
    subprocess.run([*manage, "migrate", "--noinput", "-v0"], env=env, cwd=ROOT, check=True)
    setup = TEMPLATE_SETUP.format(codes=list(COUNTRIES), per_country=imports // len(COUNTRIES))
    subprocess.run([*manage, "shell", "-c", setup], env=env, cwd=ROOT, check=True)


def fresh_database() -> None:
    """The round's database, a copy of the template (no connection may hold either)."""
    from django.db import connections

    connections.close_all()
    with _admin_connection() as conn:
        conn.execute(f'DROP DATABASE IF EXISTS "{_name()}" WITH (FORCE)')
        conn.execute(f'CREATE DATABASE "{_name()}" TEMPLATE "{_name()}_template"')


# --- sheets ------------------------------------------------------------------------------


def sheet(rows: int, seed: int, style: str) -> bytes:
    """A sign-in sheet of `rows` different persons: no two rows share a name in any order,
    so each row is one attendance."""
    from bench.dedup_data import make_name

    rng = random.Random(seed)
    seen: set[tuple[str, ...]] = set()
    out = [["No.", "Name", "Sex", "Year of birth"]]
    for _ in range(rows * 20):
        if len(out) > rows:
            break
        name = make_name(rng, style)
        written = name.latin or name.written
        key = tuple(sorted(written.casefold().split()))
        if key in seen:
            continue
        seen.add(key)
        out.append([len(out), written, rng.choice("FM"), rng.randint(1960, 2004)])
    if len(out) <= rows:
        raise ValueError(f"{style} names give fewer than {rows:,} different persons")
    buffer = io.StringIO()
    csv.writer(buffer, lineterminator="\r\n").writerows(out)
    return buffer.getvalue().encode()


# --- a round -----------------------------------------------------------------------------


@dataclass
class Round:
    workers: int
    seconds: float = 0.0
    rows: int = 0
    first_progress: list[float] = field(default_factory=list)  # in queueing order
    ended: dict[str, int] = field(default_factory=dict)
    problems: list[str] = field(default_factory=list)
    load: tuple[float, float] = (0.0, 0.0)  # the machine's 1-minute load, start and end
    worker_cpu: float = 0.0  # CPU seconds of the workers and the processes running tasks

    @property
    def rows_per_second(self) -> float:
        return self.rows / self.seconds if self.seconds else 0.0


def start_workers(count: int) -> list[subprocess.Popen]:
    import redis
    from rq import Worker

    connection = redis.Redis.from_url(REDIS_URL)
    before = len(Worker.all(connection=connection))
    workers = [
        subprocess.Popen(
            [sys.executable, "manage.py", "rqworker", "default", "-v0"],
            env=environment(),
            cwd=ROOT,
        )
        for _ in range(count)
    ]
    deadline = time.monotonic() + 60
    while len(Worker.all(connection=connection)) < before + count:
        if time.monotonic() > deadline or any(w.poll() is not None for w in workers):
            stop_workers(workers)
            raise RuntimeError("the RQ workers did not start")
        time.sleep(0.1)
    return workers


def stop_workers(workers: list[subprocess.Popen]) -> None:
    for worker in workers:
        worker.terminate()  # idle now: RQ's warm shutdown ends at once
    for worker in workers:
        try:
            worker.wait(timeout=30)
        except subprocess.TimeoutExpired:
            worker.kill()


def run_round(workers: int, sheets: list[tuple[str, bytes]], rows: int) -> Round:
    import django_rq
    from django.db import connections

    from pathways.accounts.models import User
    from pathways.activities.importing.background import import_queue
    from pathways.activities.importing.uploads import upload_create
    from pathways.activities.models import Event
    from pathways.jobs.models import Job
    from pathways.jobs.progress import progress_read

    fresh_database()
    django_rq.get_queue("default").empty()
    importer = User.objects.get(username="scale-importer")
    events = {
        code: list(Event.objects.filter(country__code=code).order_by("pk")) for code in COUNTRIES
    }
    uploads = []
    for i, (code, data) in enumerate(sheets):
        event = events[code][i // len(COUNTRIES)]
        uploads.append(upload_create(owner=importer, event=event, data=data, file_name=f"{i}.csv"))
    connections.close_all()
    result = Round(workers=workers)
    cpu_before = _children_cpu()
    load_before = os.getloadavg()[0]
    running = start_workers(workers)
    try:
        queued_at, jobs = [], []
        began = time.perf_counter()
        for upload in uploads:
            jobs.append(import_queue(actor=importer, upload=upload).pk)
            queued_at.append(time.perf_counter())
        first: dict[int, float] = {}
        deadline = time.monotonic() + 3600
        while time.monotonic() < deadline:
            for job, at in zip(jobs, queued_at, strict=True):
                if job not in first and progress_read(job):
                    first[job] = time.perf_counter() - at
            open_jobs = Job.objects.filter(pk__in=jobs, status__in=["queued", "running"])
            if not open_jobs.exists():
                break
            time.sleep(0.05)
        result.seconds = time.perf_counter() - began
    finally:
        stop_workers(running)
    # The workers waited for the processes that ran their tasks, and this one for them.
    result.worker_cpu = _children_cpu() - cpu_before
    result.load = (load_before, os.getloadavg()[0])
    result.first_progress = [first.get(job, float("nan")) for job in jobs]
    check_written(result, jobs, rows)
    return result


def _children_cpu() -> float:
    usage = resource.getrusage(resource.RUSAGE_CHILDREN)
    return usage.ru_utime + usage.ru_stime


def check_written(result: Round, jobs: list[int], rows: int) -> None:
    """Every row written exactly once: one batch per event, an attendance per row, nobody
    twice in one event, every job done."""
    from django.db.models import Count

    from pathways.activities.models import Attendance, ImportBatch
    from pathways.jobs.models import Job

    for status in Job.objects.filter(pk__in=jobs).values_list("status", flat=True):
        result.ended[status] = result.ended.get(status, 0) + 1
    if result.ended != {"done": len(jobs)}:
        failed = Job.objects.filter(pk__in=jobs).exclude(status="done")
        result.problems += [f"job {j.pk}: {j.status}: {j.error[:200]}" for j in failed[:5]]
    events = Job.objects.filter(pk__in=jobs).values_list("params__event", flat=True)
    for event in events:
        attendances = Attendance.objects.filter(event_id=event)
        count = attendances.count()
        persons = attendances.values("person").distinct().count()
        batches = ImportBatch.objects.filter(event_id=event).count()
        if (count, persons, batches) != (rows, rows, 1):
            result.problems.append(
                f"event {event}: {count} attendances of {persons} persons in {batches} "
                f"batches, for {rows} rows"
            )
    twice = Attendance.objects.values("event", "person").annotate(n=Count("pk")).filter(n__gt=1)
    if twice.exists():
        result.problems.append(f"{twice.count()} persons attend one event twice")
    result.rows = Attendance.objects.filter(event_id__in=list(events)).count()


# --- the page ----------------------------------------------------------------------------


def markdown(rounds: list[Round], imports: int, rows: int, started: dt.datetime) -> str:
    m = machine()
    lines = [
        START,
        "## Scale run: imports queued at once, RQ workers through Redis",
        "",
        'Written by `make bench BENCH_ARGS="--only scale"` (`bench/scale_run.py`); do not '
        "edit by hand.",
        f"{imports} imports of {rows:,} rows (CSV, every row a new person) into {imports} "
        f"events of {len(COUNTRIES)} countries ({', '.join(COUNTRIES)}), queued one after "
        "the other as fast as the upload page queues them, on PostgreSQL with the Redis task "
        "backend; each number of workers starts from the same database. Imports within one "
        "country wait for each other by design (the country's row lock), so at most "
        f"{len(COUNTRIES)} run at once whatever the number of workers.",
        "",
        f"Measured {started.strftime('%Y-%m-%d %H:%M')} UTC on {m['cpu']}, {m['cores']} cores, "
        f"{m['ram']}; the database server, Redis, the workers and this driver share the "
        "machine, and so does other work: the load average beside each round says how busy "
        "the machine was. The rounds alternate, so a busy spell does not fall on one side "
        "only. First progress is the time from queueing an import until its page could show "
        "its first stage (the jobs cache); for later imports it includes the wait for a free "
        "worker.",
        "",
        "| workers | all imports ended | rows written | rows per second | first progress "
        "(first import queued) | first progress, median / longest over all | workers' CPU | "
        "load average (start, end) | every row once |",
        "| --- | --- | --- | --- | --- | --- | --- | --- | --- |",
    ]
    for r in rounds:
        seen = [s for s in r.first_progress if s == s]
        lines.append(
            f"| {r.workers} | {r.seconds:.1f} s | {r.rows:,} | {r.rows_per_second:,.0f} | "
            f"{r.first_progress[0]:.2f} s | "
            f"{statistics.median(seen):.1f} s / {max(seen):.1f} s | {r.worker_cpu:.0f} s | "
            f"{r.load[0]:.1f}, {r.load[1]:.1f} | {'yes' if not r.problems else 'NO'} |"
        )
    best = {}
    for r in rounds:
        if r.rows_per_second > best.get(r.workers, 0.0):
            best[r.workers] = r.rows_per_second
    if len(best) >= 2:
        fewest, most = min(best), max(best)
        lines += [
            "",
            f"{most} workers against {fewest}, the best round of each: "
            f"{best[most] / best[fewest]:.2f}× the rows per second "
            f"({best[most]:,.0f} against {best[fewest]:,.0f}).",
        ]
    problems = [p for r in rounds for p in r.problems]
    if problems:
        lines += ["", "Problems:", ""] + [f"- {p}" for p in problems[:20]]
    lines.append(END)
    return "\n".join(lines) + "\n"


def write_section(section: str, path: Path = PERFORMANCE_MD) -> None:
    replace_section(path, section, START, END)


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--workers", type=int, nargs="+", default=[1, 2, 1, 2])
    parser.add_argument("--imports", type=int, default=20)
    parser.add_argument("--rows", type=int, default=10_000)
    parser.add_argument("--no-write", action="store_true", help="print, do not write the page")
    args = parser.parse_args()
    if args.imports % len(COUNTRIES):
        parser.error(f"--imports must be a multiple of {len(COUNTRIES)}")
    import redis

    try:
        redis.Redis.from_url(REDIS_URL, socket_connect_timeout=2).ping()
    except redis.RedisError as error:
        sys.exit(f"the scale run needs Redis; none answers at {REDIS_URL}: {error}")
    os.environ.update(environment())
    SCALE_VAR.mkdir(parents=True, exist_ok=True)
    started = dt.datetime.now(dt.UTC)
    print("making the template database …", flush=True)
    make_template(args.imports)
    import django

    django.setup()
    codes = list(COUNTRIES)
    sheets = [
        (codes[i % len(codes)], sheet(args.rows, seed=i, style=COUNTRIES[codes[i % len(codes)]]))
        for i in range(args.imports)
    ]
    rounds = []
    for workers in args.workers:
        print(f"-- {workers} worker(s)", flush=True)
        got = run_round(workers, sheets, args.rows)
        print(json.dumps(got.__dict__ | {"rows_per_second": got.rows_per_second}), flush=True)
        rounds.append(got)
    section = markdown(rounds, args.imports, args.rows, started)
    print(section)
    if not args.no_write:
        write_section(section)
    sys.exit(1 if any(r.problems for r in rounds) else 0)


if __name__ == "__main__":
    main()
