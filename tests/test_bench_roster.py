"""The mass intake benchmark's roster is what docs/performance.md says it is, reads without a
problem, and the run writes its section with the targets judged from its figures."""

from __future__ import annotations

import argparse
import datetime as dt
import unicodedata
from collections import Counter

from bench import roster_bench, run
from pathways.casework.services.roster_reading import read_roster


def _scripts(text: str) -> set[str]:
    return {unicodedata.name(ch, "?").split()[0] for ch in text if ch.isalpha()}


def test_the_synthetic_roster_has_the_shape_described():
    rows = roster_bench.roster_rows(7000)
    nationalities = Counter(row[2] for row in rows)
    assert len(rows) == 7000
    assert len(nationalities) == 28
    assert nationalities.most_common(1)[0][0] == "CN"
    assert nationalities["CN"] > 0.6 * len(rows)
    scripts = set().union(*(_scripts(row[0] + row[1]) for row in rows))
    assert {"LATIN", "CJK", "THAI", "MYANMAR"} <= scripts
    assert any("ễ" in row[0] or "ầ" in row[0] or "ạ" in row[0] for row in rows)


def test_the_synthetic_roster_reads_without_a_problem(db):
    rows = roster_bench.roster_rows(500)
    roster = read_roster(
        roster_bench.roster_csv(rows), location_type="border_checkpoint", today=dt.date.today()
    )
    assert len(roster.people) == 500


def test_the_section_judges_each_target_from_the_figures():
    answers = {
        "answers": 10,
        "per_second": 1.0,
        "p50_ms": 40.0,
        "p95_ms": 120.0,
        "p99_ms": 200.0,
        "errors": 0,
        "error_samples": [],
    }
    saturated = answers | {"p95_ms": 900.0}
    result = {
        "prepared": {"people": 7000, "registered": 300},
        "import": {
            "seconds": 75.0,
            "screenings": 7000,
            "possibly_registered": 300,
            "duplicates_in_roster": 70,
            "peak_rss_mb": 160.0,
            "rss_before_mb": 100.0,
            "nationalities": 28,
            "chinese": 4700,
        },
        "answers": {5.0: answers, 0.0: saturated},
    }
    args = argparse.Namespace(screeners=50, seconds=30.0, think=5.0)
    text = roster_bench.section({"sqlite": result}, args)
    assert text.startswith(roster_bench.START) and text.rstrip().endswith(roster_bench.END)
    assert "| SQLite | 75.0 | 7,000 | 300 | 70 | 160 (100) | **missed** |" in text
    assert "| SQLite | 5 s between answers | 10 | 1 | 40 | 120 | 200 | 0 | **met** |" in text
    assert "no pause" in text and "(capacity)" in text
    assert "synthetic" in text


def test_make_bench_runs_the_roster_benchmark():
    assert run.OWN_RUNS["roster"][1] == "roster_bench.py"
