"""The mass intake benchmark's roster is what docs/performance.md says it is, reads without a
problem, and the run writes its section with the targets judged from its figures."""

from __future__ import annotations

import argparse
import datetime as dt
import unicodedata
from collections import Counter

from bench import roster_bench, roster_pages, run
from bench.load import Response
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


def _pages(p95: float) -> dict:
    return {
        "screeners": 50,
        "workers": 5,
        "requests": 1000,
        "per_second": 18.0,
        "p50_ms": 30.0,
        "p95_ms": p95,
        "p99_ms": p95 + 40,
        "answers_p95_ms": p95 + 5,
        "answers": 2000,
        "interviews": 99,
        "errors": 0,
        "error_samples": [],
        "think_s": 5.0,
        "by_page": {"answers post": {"requests": 500, "p50_ms": 31.0, "p95_ms": 59.0}},
    }


def _imported(seconds: float) -> dict:
    return {
        "seconds": seconds,
        "screenings": 7000,
        "possibly_registered": 300,
        "duplicates_in_roster": 70,
        "peak_rss_mb": 160.0,
        "rss_before_mb": 100.0,
        "nationalities": 28,
        "chinese": 4700,
    }


def test_the_section_judges_each_target_from_the_figures():
    prepared = {"people": 7000, "registered": 300}
    results = {
        "postgresql": {
            "prepared": prepared,
            "import": _imported(12.0),
            "answers": {5.0: _pages(55.0), 0.0: _pages(900.0)},
        },
        "sqlite": {"prepared": prepared, "import": _imported(75.0), "answers": {}},
    }
    args = argparse.Namespace(screeners=50, seconds=90.0, think=5.0)
    text = roster_bench.section(results, args)
    assert text.startswith(roster_bench.START) and text.rstrip().endswith(roster_bench.END)
    assert "| SQLite | 75.0 | 7,000 | 300 | 70 | 160 (100) | **missed** |" in text
    assert " | 12.0 | 7,000 | 300 | 70 | 160 (100) | **met** |" in text
    assert (
        "| 5 s between pages | 1,000 | 18.0 | 99 | 2,000 | 30 | 55 | 95 | 60 | 0 | **met** |"
        in text
    )
    assert (
        "| no pause | 1,000 | 18.0 | 99 | 2,000 | 30 | 900 | 940 | 905 | 0 | (capacity) |" in text
    )
    assert "| answers post | 500 | 31 | 59 |" in text
    assert "synthetic" in text and "authenticator code" in text


def test_a_missed_page_target_says_missed():
    prepared = {"people": 7000, "registered": 300}
    results = {
        "postgresql": {
            "prepared": prepared,
            "import": _imported(12.0),
            "answers": {5.0: _pages(450.0), 0.0: _pages(900.0)},
        }
    }
    args = argparse.Namespace(screeners=50, seconds=90.0, think=5.0)
    text = roster_bench.section(results, args)
    assert "| 450 | 490 | 455 | 0 | **missed** |" in text


def test_the_interviewer_reads_the_version_and_the_questions_of_a_page():
    html = (
        '<form><input type="hidden" name="version" value="7" id="id_version">'
        '<input type="radio" name="fc-1" value="yes" id="a"><input type="radio" name="fc-1" '
        'value="no" id="b"><input type="radio" name="fc-2" value="yes" id="c"></form>'
    )
    page = Response(200, {}, html.encode())
    assert roster_pages._version(page) == "7"
    assert list(dict.fromkeys(roster_pages.RADIO.findall(html))) == ["fc-1", "fc-2"]


def test_make_bench_runs_the_roster_benchmark():
    assert run.OWN_RUNS["roster"][1] == "roster_bench.py"
