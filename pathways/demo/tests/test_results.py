from __future__ import annotations

import datetime as dt
import re
from pathlib import Path

import pytest

from pathways.activities.models import Event
from pathways.activities.universe import universe_of_all
from pathways.audit.models import AuditEvent
from pathways.demo.results import CAMBODIA, load_demo_results
from pathways.results.models import Achievement, Indicator, IndicatorTarget, ReportedValue
from pathways.results.progress import progress_for
from pathways.results.tests.factories import make_cambodia_like

pytestmark = pytest.mark.django_db
# Text of the published ASEAN-ACT Cambodia factsheet (1 July 2021 - 30 June 2022), as
# extracted from the PDF; the demo reproduces its figures and achievements.
SEED = Path(__file__).resolve().parent / "data" / "asean-act-cambodia-factsheet-2021-22.txt"


def normalise(text: str) -> str:
    return re.sub(r"\s+", " ", text.replace("-\n", "-")).strip()


def test_loading_twice_creates_everything_once():
    load_demo_results()
    counts = [m.objects.count() for m in (Indicator, IndicatorTarget, ReportedValue, Achievement)]
    audits = AuditEvent.objects.count()
    load_demo_results()
    assert [
        m.objects.count() for m in (Indicator, IndicatorTarget, ReportedValue, Achievement)
    ] == counts
    assert AuditEvent.objects.count() == audits
    assert counts[3] == len(CAMBODIA) + 4


def test_cambodia_achievements_are_verified_in_the_financial_year_grouped_by_outcome_area():
    load_demo_results()
    cambodia = Achievement.objects.filter(country__code="KH")
    assert {a.status for a in cambodia} == {Achievement.Status.VERIFIED}
    assert all(dt.date(2021, 7, 1) <= a.date <= dt.date(2022, 6, 30) for a in cambodia)
    by_area = {}
    for a in cambodia:
        by_area.setdefault(a.outcome_area.code, []).append(a)
    assert {k: len(v) for k, v in by_area.items()} == {
        "justice": 4,
        "victim-rights-gedsi": 3,
        "partnerships": 4,
    }
    good = cambodia.get(is_good_practice=True)
    assert good.outcome_area.code == "partnerships"
    assert "cross-agency cooperation" in good.text
    assert not any(a.is_synthetic for a in cambodia)
    others = Achievement.objects.exclude(country__code="KH")
    assert others.count() == 4 and all(a.is_synthetic for a in others)


def test_cambodia_texts_are_the_factsheets_verbatim():
    seed = normalise(SEED.read_text())
    load_demo_results()
    for a in Achievement.objects.filter(country__code="KH"):
        for paragraph in a.text.split("\n\n"):
            assert normalise(paragraph) in seed, paragraph


def test_demo_indicators_reproduce_the_seed_figures_against_targets():
    make_cambodia_like()
    load_demo_results()
    progress = progress_for(
        universe=universe_of_all(Event.objects.first().country),
        start=dt.date(2021, 7, 1),
        end=dt.date(2022, 6, 30),
    )
    values = {p.indicator.code: p.value for p in progress}
    assert values["PART-1"] == 35
    assert values["PART-2"] == 1038
    assert values["JUS-1"] == 10
    assert values["JUS-2"] == 328
    assert values["JUS-3"] == 112
    assert values["PART-3"] == 2
    assert {p.indicator.code: p.percent for p in progress}["JUS-1"] == 100
