"""Figures: a country dashboard for one financial year and the region for all years, against
DuckDB computing the same figures from the raw rows.

The dashboard's figures are `pathways.results.views.dashboard.dashboard_figures` (events by
type and by pathway, participants by quarter and sex, people trained by position and sex: four
aggregate queries). DuckDB gets copies of the four tables of raw rows it needs (events,
attendances, persons, pathways; loaded from CSV before timing, the participant tally not among
them) and answers the same four questions in SQL.

Pathways is timed twice against the same DuckDB figures: as users get them, participants read
from the per-event tally the database keeps; and counting the records as DuckDB does, inside
`figures.counting_records` (the code path of any figure the tally cannot give). Each row's
notes name the tables each side's queries read, taken from the SQL Pathways ran. Both sides'
numbers are compared row by row: a benchmark that returns different figures fails, however
fast it is.
"""

from __future__ import annotations

import csv
import datetime as dt
import re
import tempfile
import time
from collections.abc import Callable
from contextlib import AbstractContextManager, nullcontext
from pathlib import Path
from types import SimpleNamespace
from typing import Any

from bench.common import Outcome, median_of

# (label, target: at most this many times DuckDB's CPU time, whether the tally is read)
MODES = [
    ("as users get them", 2.0, True),
    ("counting the records", 5.0, False),
]
COUNTRY = "KH"
FY_START = 2024  # the financial year 2024–25

DUCK_TABLES = {
    "event": "SELECT id, country_id, event_type, start_date, pathway_id FROM activities_event",
    "attendance": "SELECT event_id, person_id, role FROM activities_attendance",
    "person": "SELECT id, sex, position FROM activities_person",
    "pathway": "SELECT id, code FROM programs_pathway",
}
DUCK_TYPES = {
    "event": "id BIGINT, country_id BIGINT, event_type VARCHAR, start_date DATE, pathway_id BIGINT",
    "attendance": "event_id BIGINT, person_id BIGINT, role VARCHAR",
    "person": "id BIGINT, sex VARCHAR, position VARCHAR",
    "pathway": "id BIGINT, code VARCHAR",
}


def load_duckdb():
    """An in-memory DuckDB holding the rows the dashboard counts, copied through CSV."""
    import duckdb
    from django.db import connection

    duck = duckdb.connect()
    with tempfile.TemporaryDirectory() as tmp:
        for name, sql in DUCK_TABLES.items():
            path = Path(tmp) / f"{name}.csv"
            with connection.cursor() as cursor, path.open("w", newline="") as out:
                cursor.execute(sql)
                writer = csv.writer(out)
                while rows := cursor.fetchmany(50_000):
                    writer.writerows(rows)
            columns = ", ".join(f"'{c.split()[0]}': '{c.split()[1]}'" for c in _cols(name))
            duck.execute(
                f"CREATE TABLE {name} AS SELECT * FROM read_csv('{path}', header=false, "
                f"columns={{{columns}}}, nullstr='')"
            )
    return duck


def _cols(name: str) -> list[str]:
    return [c.strip() for c in DUCK_TYPES[name].split(",")]


def duck_figures(duck, country_id: int | None, start: dt.date, end: dt.date) -> dict:
    """The dashboard's four breakdowns in DuckDB SQL, shaped like `_shape(dashboard_figures)`."""
    where = "e.start_date BETWEEN $start AND $end" + (
        " AND e.country_id = $country" if country_id else ""
    )
    params: dict[str, Any] = {"start": start, "end": end}
    if country_id:
        params["country"] = country_id
    by_type = duck.execute(
        f"SELECT e.event_type, count(*) FROM event e WHERE {where} GROUP BY 1", params
    ).fetchall()
    by_pathway = duck.execute(
        f"SELECT coalesce(p.code, 'not_recorded'), count(*) FROM event e "
        f"LEFT JOIN pathway p ON p.id = e.pathway_id WHERE {where} GROUP BY 1",
        params,
    ).fetchall()
    by_quarter = duck.execute(
        "SELECT CASE WHEN quarter(e.start_date) >= 3 THEN year(e.start_date) "
        "ELSE year(e.start_date) - 1 END || '-Q' || "
        "CASE WHEN quarter(e.start_date) >= 3 THEN quarter(e.start_date) - 2 "
        "ELSE quarter(e.start_date) + 2 END, pe.sex, count(*) "
        "FROM attendance a JOIN event e ON e.id = a.event_id JOIN person pe ON pe.id = a.person_id "
        f"WHERE a.role = 'participant' AND {where} GROUP BY 1, 2",
        params,
    ).fetchall()
    by_position = duck.execute(
        "SELECT coalesce(nullif(pe.position, ''), 'not_recorded'), pe.sex, "
        "count(DISTINCT a.person_id) FROM attendance a JOIN event e ON e.id = a.event_id "
        "JOIN person pe ON pe.id = a.person_id "
        f"WHERE a.role = 'participant' AND e.event_type = 'training' AND {where} GROUP BY 1, 2",
        params,
    ).fetchall()
    return {
        "by_type": {k: n for k, n in by_type},
        "by_pathway": {k: n for k, n in by_pathway},
        "by_quarter": _by_sex(by_quarter),
        "by_position": _by_sex(by_position),
    }


def _by_sex(rows) -> dict[str, dict[str, int]]:
    out: dict[str, dict[str, int]] = {}
    for key, sex, n in rows:
        out.setdefault(key, {})[sex] = out.setdefault(key, {}).get(sex, 0) + n
    return out


def _shape(f: dict) -> dict:
    """Pathways' dashboard figures in the comparison shape (women/men/... → sex codes)."""

    def sexes(s) -> dict[str, int]:
        counts = {"woman": s.women, "man": s.men, "other": s.other}
        counts["not_recorded"] = s.not_recorded
        return {k: v for k, v in counts.items() if v}

    return {
        "by_type": {r.key: r.count for r in f["by_type"].rows},
        "by_pathway": {r.key: r.count for r in f["by_pathway"].rows},
        "by_quarter": {r.key: sexes(r.sex) for r in f["by_quarter"].rows},
        "by_position": {r.key: sexes(r.sex) for r in f["by_position"].rows},
    }


def pathways_figures(country, start: dt.date, end: dt.date) -> dict:
    from pathways.activities.models import Event
    from pathways.activities.universe import Universe
    from pathways.results.figures import NO_FILTERS
    from pathways.results.periods import Period
    from pathways.results.views.dashboard import Board, Query, dashboard_figures

    events = Event.objects.all()
    if country is not None:
        events = events.filter(country=country)
    query = Query(Period(start, end), None, SimpleNamespace(filters=NO_FILTERS), [])
    return _shape(dashboard_figures(Board(Universe(country, events, False)), query))


def mode(tally: bool) -> Callable[[], AbstractContextManager]:
    """The figures as the dashboard reads them, or counting the records throughout."""
    from pathways.results import figures

    return nullcontext if tally else figures.counting_records


def query_profile(country, start: dt.date, end: dt.date) -> dict[str, tuple[float, list[str]]]:
    """Each of the dashboard's four aggregate queries, run once: its wall-clock seconds and
    the tables its SQL reads, in order of appearance."""
    from django.db import connection
    from django.test.utils import CaptureQueriesContext

    from pathways.activities.models import Event
    from pathways.results import figures
    from pathways.results.figures import Rule

    events = Event.objects.all()
    if country is not None:
        events = events.filter(country=country)
    out = {}
    for rule, by in (
        (Rule.EVENTS, "event_type"),
        (Rule.EVENTS, "pathway"),
        (Rule.PARTICIPANTS, "quarter"),
        (Rule.PEOPLE_TRAINED, "position"),
    ):
        with CaptureQueriesContext(connection) as ran:
            began = time.perf_counter()
            figures.breakdown(rule, by, events=events, start=start, end=end)
            seconds = time.perf_counter() - began
        sql = " ".join(q["sql"] for q in ran.captured_queries)
        out[f"{rule.value} by {by}".replace("_", " ")] = (seconds, tables_of(sql))
    return out


def tables_of(sql: str) -> list[str]:
    return list(dict.fromkeys(re.findall(r'(?:FROM|JOIN)\s+"?(\w+)"?', sql, re.IGNORECASE)))


def duck_reads() -> str:
    """What DuckDB's side reads: copies of these tables' raw rows, every row of each."""
    sources = ", ".join(tables_of(sql)[0] for sql in DUCK_TABLES.values())
    return (
        f"DuckDB reads in-memory copies of every row of {sources} (all roles: its queries keep "
        "the participants), not the participant tally"
    )


def run(database: str, *, repeat: int = 5) -> list[Outcome]:
    from pathways.programs.models import Country

    duck = load_duckdb()
    country = Country.objects.get(code=COUNTRY)
    cases = [
        (f"{country.name}, financial year {FY_START}–{(FY_START + 1) % 100:02d}", country,
         dt.date(FY_START, 7, 1), dt.date(FY_START + 1, 6, 30)),
        ("region, all years", None, dt.date(2000, 1, 1), dt.date(2100, 12, 31)),
    ]  # fmt: skip
    outcomes = []
    for label, c, start, end in cases:
        theirs, duck_result = median_of(
            lambda c=c, s=start, e=end: duck_figures(duck, c.pk if c else None, s, e),
            repeat=repeat,
        )
        for how, target, tally in MODES:
            within = mode(tally)
            with within():
                ours, mine = median_of(
                    lambda c=c, s=start, e=end: pathways_figures(c, s, e), repeat=repeat
                )
                profile = query_profile(c, start, end)
            outcomes.append(
                _outcome(
                    f"figures: {label}, {how}", database, (ours, mine), (theirs, duck_result),
                    target, profile,
                )
            )  # fmt: skip
    return outcomes


def _outcome(name, database, ours_mine, theirs_duck, target, profile) -> Outcome:
    (ours, mine), (theirs, duck_result) = ours_mine, theirs_duck
    agree = mine == duck_result
    ratio = ours.cpu / theirs.cpu
    participants = sum(sum(v.values()) for v in mine["by_quarter"].values())
    notes = [
        "Pathways reads: "
        + "; ".join(f"{k}: {', '.join(tables)}" for k, (_, tables) in profile.items()),
        duck_reads(),
        "Pathways by query (wall): "
        + ", ".join(f"{k} {seconds * 1000:.0f} ms" for k, (seconds, _) in profile.items()),
        f"wall-clock ratio {ours.wall / theirs.wall:.2f}×",
    ]
    if not agree:
        notes.append(f"numbers differ: {_difference(mine, duck_result)}")
    return Outcome(
        name=name,
        database=database,
        measured=f"{ours} ({sum(mine['by_type'].values()):,} events, "
        f"{participants:,} participants)",
        baseline=f"DuckDB {theirs}",
        ratio=ratio,
        target=f"≤ {target:g}× DuckDB (CPU), same numbers",
        met=agree and ratio <= target,
        notes=notes,
    )


def _difference(a: dict, b: dict) -> str:
    for key in a:
        if a[key] != b[key]:
            return f"{key}: pathways {a[key]} vs duckdb {b[key]}"
    return "?"
