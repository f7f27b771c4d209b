"""`make bench`'s own parts that a partial run relies on: `--only dedup` replaces the
de-duplication rows of a database and keeps the others' last results, saying when each ran;
and the de-duplication data holds what its measures count."""

from __future__ import annotations

import datetime as dt
import json
from collections import Counter

from bench import run
from bench.dedup_data import generate
from bench.dedup_evidence import shares_contact


def _outcome(name: str, measured: str) -> dict:
    return {
        "name": name,
        "database": "sqlite",
        "measured": measured,
        "baseline": "",
        "ratio": None,
        "target": "",
        "met": True,
        "notes": [],
    }


def test_a_partial_run_keeps_the_other_benchmarks_last_results(tmp_path, monkeypatch):
    monkeypatch.setattr(run, "results_path", lambda database: tmp_path / f"r-{database}.json")
    earlier = {
        "database": "sqlite",
        "started": "2026-12-01T10:00:00+00:00",
        "outcomes": [
            _outcome("import: 100,000-row XLSX sheet", "old import"),
            _outcome("memory: import process, peak resident", "old memory"),
            _outcome("de-duplication: time", "old time"),
            _outcome("de-duplication: quality", "old quality"),
        ],
    }
    run.results_path("sqlite").write_text(json.dumps(earlier))
    now = {
        "database": "sqlite",
        "started": "2026-12-06T22:00:00+00:00",
        "outcomes": [_outcome("de-duplication: time", "new time")],
    }
    got = run.with_earlier(now, ["de-duplication"])
    assert [o["measured"] for o in got["outcomes"]] == ["old import", "old memory", "new time"]
    assert got["earlier"] == "2026-12-01T10:00:00+00:00"
    machine = {"cpu": "x", "cores": 2, "ram": "1 GiB", "os": "Linux", "python": "3.11"}
    page = run.render(
        {
            "sqlite": got
            | {
                "counts": {"events": 1, "persons": 2, "attendances": 3},
                "seed": 1,
                "scale": 1.0,
                "generation": "skipped",
                "machine": machine,
                "versions": {},
            }
        }
    )
    assert "2026-12-06 22:00 (de-duplication only; the others 2026-12-01 10:00)" in page
    assert "old import" in page and "old quality" not in page


def test_a_partial_run_without_earlier_results_has_only_its_own():
    now = {"database": "nowhere", "started": "2026-12-06T22:00:00+00:00", "outcomes": []}
    assert run.with_earlier(now, ["de-duplication"]) == now | {"only": ["de-duplication"]}


def test_the_synthetic_data_gives_identity_numbers_to_a_minority_and_never_to_two_persons():
    persons, labels = generate(20_000, seed=3)
    by_pk = {p.pk: p for p in persons}
    numbers = Counter(p.id_number for p in persons if p.id_number)
    assert 0.1 < sum(numbers.values()) / len(persons) < 0.4
    # A number recorded twice is one person's: the two records are labelled duplicates.
    for number, times in numbers.items():
        if times > 1:
            holders = sorted(p.pk for p in persons if p.id_number == number)
            assert all((a, b) in labels for a in holders for b in holders if a < b)
    sharing_id = [(a, b) for a, b in labels if by_pk[a].id_number == by_pk[b].id_number != ""]
    assert 0 < len(sharing_id) < len(labels) / 4
    # Some duplicates are in another script than their original, sharing a contact or not.
    cross = [(a, b) for a, b in labels if by_pk[a].is_latin != by_pk[b].is_latin]
    assert any(shares_contact(by_pk[a], by_pk[b]) for a, b in cross)
    assert any(not shares_contact(by_pk[a], by_pk[b]) for a, b in cross)


def test_the_scale_runs_sheets_hold_a_different_person_on_every_row():
    import csv
    import io

    from bench.scale_run import COUNTRIES, sheet

    for style in set(COUNTRIES.values()):
        rows = list(csv.reader(io.StringIO(sheet(2000, seed=3, style=style).decode())))
        names = {tuple(sorted(r[1].casefold().split())) for r in rows[1:]}
        assert rows[0][1] == "Name" and len(rows) == 2001 and len(names) == 2000


def test_the_scale_run_writes_its_own_section_and_keeps_the_rest(tmp_path):
    from bench.scale_run import END, START, Round, markdown, write_section

    page = tmp_path / "performance.md"
    page.write_text("<!-- bench:start -->\nbench\n<!-- bench:end -->\n")
    one = Round(workers=1, seconds=20.0, rows=200_000, first_progress=[0.1, 5.0, 9.0])
    two = Round(workers=2, seconds=10.0, rows=200_000, first_progress=[0.1, 2.0, 4.0])
    write_section(markdown([one, two], 20, 10_000, dt.datetime(2026, 12, 7, tzinfo=dt.UTC)), page)
    write_section(markdown([one, two], 20, 10_000, dt.datetime(2026, 12, 7, tzinfo=dt.UTC)), page)
    text = page.read_text()
    assert text.startswith("<!-- bench:start -->\nbench\n<!-- bench:end -->\n")
    assert text.count(START) == 1 and text.count(END) == 1
    assert (
        "| 2 | 10.0 s | 200,000 | 20,000 | 0.10 s | 2.0 s / 4.0 s | 0 s | 0.0, 0.0 | yes |" in text
    )
    assert "2 workers against 1, the best round of each: 2.00× the rows per second" in text
