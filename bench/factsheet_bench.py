"""Factsheet PDF: one country's factsheet for one financial year, from the records to the PDF
bytes (`build_factsheet` then `render_factsheet_pdf`, what the PDF download does)."""

from __future__ import annotations

import datetime as dt
import time

from bench.common import Outcome, best_of
from bench.figures_bench import COUNTRY, FY_START

TARGET_SECONDS = 2.0


def run(database: str, *, repeat: int = 3) -> list[Outcome]:
    from pathways.activities.universe import universe_of_all
    from pathways.programs.models import Country
    from pathways.reports.factsheet import build_factsheet
    from pathways.reports.rendering import render_factsheet_pdf

    country = Country.objects.get(code=COUNTRY)
    start, end = dt.date(FY_START, 7, 1), dt.date(FY_START + 1, 6, 30)

    def pdf() -> bytes:
        factsheet = build_factsheet(universe=universe_of_all(country), start=start, end=end)
        return render_factsheet_pdf(factsheet, language="en")

    started = time.perf_counter()
    pdf()
    first = time.perf_counter() - started
    seconds, data = best_of(pdf, repeat=repeat)
    ok = data.startswith(b"%PDF") and seconds < TARGET_SECONDS
    return [
        Outcome(
            name=f"factsheet PDF: {country.name}, {FY_START}–{(FY_START + 1) % 100:02d}",
            database=database,
            measured=f"{seconds:.2f} s ({len(data) / 1024:.0f} KiB); first in the process "
            f"{first:.2f} s (fonts loaded)",
            baseline="",
            ratio=None,
            target=f"< {TARGET_SECONDS:.0f} s",
            met=ok,
        )
    ]
