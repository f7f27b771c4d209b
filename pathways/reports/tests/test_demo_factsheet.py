"""The Cambodia factsheet for 1 July 2021 - 30 June 2022 from the lead's demo database
(load_demo plus the demo results): the seed's figures, partners, focal point, achievements."""

from __future__ import annotations

import io
import json

import pytest
from django.core.management import call_command
from django.urls import reverse

from pathways.demo.results import load_demo_results
from pathways.reports.tests.test_factsheet_pdf import embedded_fonts

SEED_ARGS = ["--country", "KH", "--start", "2021-07-01", "--end", "2022-06-30"]
SEED_PARTNERS = {"CNP", "LSCW", "MoJ", "MoI", "MoSVY", "NCCT", "RAJP"}


@pytest.fixture
def demo(demo_data, db):
    load_demo_results()


def factsheet_json(*args: str) -> dict:
    out = io.StringIO()
    call_command("factsheet", *args, stdout=out)
    return json.loads(out.getvalue())


def test_command_prints_the_seed_figures_partners_and_focal_point(demo):
    data = factsheet_json(*SEED_ARGS, "--format", "json")
    assert data["events"] == 35
    assert data["participants"] | {} == {
        "total": 1038,
        "women": 363,
        "men": 675,
        "other": 0,
        "not_recorded": 0,
        "pct_women": 35,
        "pct_men": 65,
        "pct_other": 0,
        "pct_not_recorded": 0,
    }
    assert data["capacity_development_events"] == 10
    trained = data["people_trained"]
    assert (trained["total"], trained["pct_women"], trained["pct_men"]) == (328, 34, 66)
    assert {p["acronym"] for p in data["partners"]} == SEED_PARTNERS
    assert data["focal_point"] == (
        "Director General of Prosecution and Criminal Affairs, Ministry of Justice"
    )


def test_command_lists_the_seed_achievements_by_outcome_area(demo):
    achievements = factsheet_json(*SEED_ARGS)["achievements"]
    areas = [a["outcome_area"] for a in achievements]
    assert areas == sorted(areas, key=["Justice outcomes", areas[4], "Partnerships"].index)
    texts = " ".join(a["text"] for a in achievements)
    assert "trained 22 prosecutors and investigating judges (7 women and 15 men)" in texts
    assert "trained 119 frontline officials (34 women and 85 men)" in texts
    assert "example of good practice in cross-agency cooperation" in texts


def test_khmer_pdf_has_the_khmer_text_and_font(demo, tmp_path):
    target = tmp_path / "kh-km.pdf"
    call_command("factsheet", *SEED_ARGS, "--format", "pdf", "--lang", "km", "-o", str(target))
    pdf = target.read_bytes()
    assert {"NotoSansKhmer", "NotoSansKhmerBold"} <= embedded_fonts(pdf)


def test_page_shows_the_good_practice_story_and_synthetic_note(client, kh_officer, demo):
    client.force_login(kh_officer)
    url = reverse("reports:factsheet", args=["KH"])
    page = client.get(url, {"start": "2021-07-01", "end": "2022-06-30"}).content.decode()
    assert "Example of good practice" in page
    assert "NCCT initiated a review of the guidelines on victim identification" in page
    assert "built to reproduce the figures of the published ASEAN-ACT Cambodia" in page
