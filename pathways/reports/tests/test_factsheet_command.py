from __future__ import annotations

import datetime as dt
import io
import json

import pytest
from django.core.management import CommandError, call_command

from pathways.programs.models import Country, OutcomeArea
from pathways.reports.tests.factories import make_event, make_seed_cambodia
from pathways.results.models import Achievement

JSON_KEYS = {
    "country",
    "start",
    "end",
    "events",
    "participants",
    "capacity_development_events",
    "people_trained",
    "partners",
    "focal_point",
    "achievements",
    "partial",
    "counted",
}
BREAKDOWN_KEYS = {
    "total",
    "women",
    "men",
    "other",
    "not_recorded",
    "pct_women",
    "pct_men",
    "pct_other",
    "pct_not_recorded",
}
SEED_ARGS = ["--country", "KH", "--start", "2021-07-01", "--end", "2022-06-30"]


def run(*args: str) -> str:
    out = io.StringIO()
    call_command("factsheet", *args, stdout=out, stderr=io.StringIO())
    return out.getvalue()


@pytest.mark.django_db
def test_json_has_exactly_the_documented_keys():
    data = json.loads(run(*SEED_ARGS, "--format", "json"))
    assert set(data) == JSON_KEYS
    assert set(data["participants"]) == BREAKDOWN_KEYS
    assert set(data["people_trained"]) == BREAKDOWN_KEYS
    assert all(set(p) == {"name", "acronym", "type"} for p in data["partners"])


@pytest.mark.django_db
def test_json_prints_the_seed_cambodia_figures():
    make_seed_cambodia()
    data = json.loads(run(*SEED_ARGS))
    assert (data["country"], data["start"], data["end"]) == ("KH", "2021-07-01", "2022-06-30")
    assert data["events"] == 35
    assert data["participants"]["total"] == 1038
    assert (data["participants"]["pct_women"], data["participants"]["pct_men"]) == (35, 65)
    assert data["capacity_development_events"] == 10
    assert data["people_trained"]["total"] == 328
    assert (data["people_trained"]["pct_women"], data["people_trained"]["pct_men"]) == (34, 66)
    assert data["participants"]["not_recorded"] == 0
    assert data["focal_point"].startswith("Director General of Prosecution")
    acronyms = {p["acronym"] for p in data["partners"]}
    assert {"CNP", "LSCW", "MoJ", "MoI", "MoSVY", "NCCT", "RAJP"} == acronyms


@pytest.mark.django_db
def test_region_is_the_default_and_counts_every_country():
    make_event(country="KH")
    make_event(country="LA")
    data = json.loads(run("--start", "2021-07-01", "--end", "2022-06-30"))
    assert data["country"] is None
    assert data["events"] == 2
    assert data["focal_point"] == ""


@pytest.mark.django_db
def test_html_goes_to_stdout_in_the_chosen_language():
    make_seed_cambodia()
    html = run(*SEED_ARGS, "--format", "html", "--lang", "km")
    assert html.startswith("<!doctype html>")
    assert 'lang="km"' in html
    # Khmer groups thousands with a no-break space, never a point read as a decimal.
    assert "1\xa0038" in html and "1.038" not in html


@pytest.mark.django_db
def test_output_file_is_written(tmp_path):
    target = tmp_path / "kh.json"
    assert run(*SEED_ARGS, "-o", str(target)) == ""
    assert json.loads(target.read_text())["country"] == "KH"


@pytest.mark.parametrize(
    ("args", "message"),
    [
        (["--country", "XX", "--start", "2021-07-01", "--end", "2022-06-30"], "Unknown country"),
        (["--country", "KH", "--start", "2021-13-01", "--end", "2022-06-30"], "Invalid date"),
        (["--country", "KH", "--start", "2022-07-01", "--end", "2022-06-30"], "before the start"),
        ([*SEED_ARGS, "--format", "pdf"], "A PDF is binary"),
    ],
)
@pytest.mark.django_db
def test_bad_input_is_a_clear_error(args, message):
    with pytest.raises(CommandError, match=message):
        run(*args)


@pytest.mark.django_db
def test_stored_control_characters_print_escaped_and_json_stays_json():
    Country.objects.filter(code="KH").update(focal_point="Focal\x1b]0;owned\x07 point\u202e")
    Achievement.objects.create(
        title="Verified\x9b\x1b[2J result",
        text="Synthetic text.",
        date=dt.date(2022, 3, 1),
        country=Country.objects.get(code="KH"),
        outcome_area=OutcomeArea.objects.get(code="justice"),
        status=Achievement.Status.VERIFIED,
    )
    for fmt in ("json", "html"):
        printed = run(*SEED_ARGS, "--format", fmt)
        assert not any(ch in printed for ch in "\x1b\x07\x9b\u202e"), fmt
    data = json.loads(run(*SEED_ARGS, "--format", "json"))
    assert data["focal_point"] == "Focal\x1b]0;owned\x07 point\u202e"
    assert data["achievements"][0]["title"] == "Verified\x9b\x1b[2J result"
