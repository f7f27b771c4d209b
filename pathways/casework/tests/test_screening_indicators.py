"""Indicator set files: checked (every problem named, nothing written), loaded as versions
never changed in place, by the command; and the combination rule on small sets."""

from __future__ import annotations

import json
from pathlib import Path

import pytest
from django.core.management import CommandError, call_command

from pathways.casework import indicators
from pathways.casework.indicators import IndicatorSetError, evaluate_set, load_file
from pathways.casework.models import IndicatorSet, ScreeningIndicator
from pathways.casework.tests.screening_helpers import ADULT, CHILD, CONSENT, load_set


def _write(tmp_path: Path, name: str, data: dict) -> Path:
    path = tmp_path / name
    path.write_text(json.dumps(data, ensure_ascii=False), encoding="utf-8")
    return path


def _adult() -> dict:
    return json.loads(ADULT.read_text(encoding="utf-8"))


# --- loading ----------------------------------------------------------------------------------


def test_a_set_loads_with_its_indicators_in_order(db):
    loaded = load_set(ADULT)
    assert (loaded.code, loaded.version, loaded.kind) == (
        "test-adult-labour",
        "test-1",
        "indicators",
    )
    assert loaded.awaits_review
    assert list(loaded.indicators.values_list("code", flat=True))[:3] == ["dr-s", "dr-m1", "dr-m2"]
    assert loaded.indicators.get(code="dr-s").strength == "strong"
    consent = load_set(CONSENT)
    assert consent.country.code == "KH" and not consent.awaits_review
    assert [i["code"] for i in consent.consent_items] == list(indicators.CONSENT_ITEMS)


def test_a_loaded_version_is_never_changed(db, tmp_path):
    first = load_file(ADULT)
    changed = _adult()
    changed["indicators"][0]["strength"] = "weak"
    again = load_file(_write(tmp_path, "changed.json", changed))
    assert first.created and not again.created and again.differs
    assert again.indicator_set.pk == first.indicator_set.pk
    assert ScreeningIndicator.objects.get(code="dr-s").strength == "strong"
    changed["version"] = "test-2"
    newer = load_file(_write(tmp_path, "newer.json", changed))
    assert newer.created
    assert IndicatorSet.objects.filter(code="test-adult-labour").count() == 2


@pytest.mark.parametrize(
    ("change", "named"),
    [
        (lambda d: d["indicators"][1].update(strength="very"), "indicator dr-m1.strength"),
        (lambda d: d["indicators"][2].update(dimension="nowhere"), "indicator dr-m2.dimension"),
        (lambda d: d["indicators"][0]["question"].pop("en"), "indicator dr-s.question"),
        (lambda d: d["indicators"][3].update(code="dr-s"), "indicator dr-s"),
        (lambda d: d["rule"]["groups"].update(extra=["nowhere"]), "rule.groups.extra"),
        (lambda d: d["rule"]["victim_when"].append(["no_group"]), "rule.victim_when"),
        (lambda d: d.update(population="elderly"), "population"),
        (lambda d: d.update(reviewed_on="2025-02-30"), "reviewed_on"),
        (lambda d: d["title"].update(xx="?"), "title"),
    ],
)
def test_a_bad_file_is_refused_naming_file_indicator_and_expectation(db, tmp_path, change, named):
    data = _adult()
    change(data)
    path = _write(tmp_path, "bad-set.json", data)
    with pytest.raises(IndicatorSetError) as refused:
        load_file(path)
    assert "bad-set.json" in str(refused.value)
    assert any(p.startswith(named) and "expected" in p for p in refused.value.problems)
    assert not IndicatorSet.objects.exists() and not ScreeningIndicator.objects.exists()


def test_a_file_that_is_not_json_is_named(db, tmp_path):
    path = tmp_path / "broken.json"
    path.write_text("{ not json", encoding="utf-8")
    with pytest.raises(IndicatorSetError, match=r"broken\.json.*not UTF-8 JSON"):
        load_file(path)


def test_the_command_loads_nothing_when_one_file_is_bad(db, tmp_path):
    bad = _adult()
    bad["indicators"][0]["strength"] = "strongest"
    path = _write(tmp_path, "bad.json", bad)
    with pytest.raises(CommandError) as refused:
        call_command("casework_indicator_sets", "load", str(CHILD), str(path))
    assert "bad.json: indicator dr-s.strength" in str(refused.value)
    assert not IndicatorSet.objects.exists()


def test_the_command_loads_all_files_of_the_folder_once_and_lists_them(
    db, tmp_path, monkeypatch, capsys
):
    folder = tmp_path / "indicator_sets"
    folder.mkdir()
    for source in (ADULT, CONSENT):
        (folder / source.name).write_bytes(source.read_bytes())
    monkeypatch.setattr(indicators, "FOLDER", folder)
    call_command("casework_indicator_sets", "load", "--all")
    call_command("casework_indicator_sets", "load", "--all")
    out = capsys.readouterr().out
    assert out.count("loaded test-adult-labour test-1") == 1
    assert "test-adult-labour test-1 already loaded" in out
    assert "texts without a translation in km" in out
    call_command("casework_indicator_sets", "list")
    listed = capsys.readouterr().out
    assert "test-adult-labour\ttest-1\tindicators\tany country" in listed
    assert "9 indicators\tawaits national review" in listed
    assert "test-consent\ttest-1\tconsent\tKH" in listed and "reviewed by Test reviewer" in listed


def test_all_without_the_folder_says_there_is_nothing(db, tmp_path, monkeypatch):
    monkeypatch.setattr(indicators, "FOLDER", tmp_path / "absent")
    with pytest.raises(CommandError, match="Name the files"):
        call_command("casework_indicator_sets", "load", "--all")


# --- the rule ---------------------------------------------------------------------------------


def _yes(*codes: str, other: str = "yes") -> dict[str, str]:
    return dict.fromkeys(codes, other)


@pytest.mark.parametrize(
    ("answers", "met"),
    [
        (_yes("dr-s"), True),  # one strong
        (_yes("dr-m1"), False),
        (_yes("dr-m1", "dr-m2"), True),  # two medium
        (_yes("dr-m1", "dr-w1"), False),
        (_yes("dr-m1", "dr-w1", "dr-w2"), True),  # one medium and two weak
        (_yes("dr-w1", "dr-w2"), False),
        (_yes("dr-s", other="unknown"), False),
        (_yes("dr-s", other="refused"), False),
        ({**_yes("dr-m1"), **_yes("dr-m2", other="unknown")}, False),
    ],
)
def test_a_dimension_is_met_by_its_thresholds_and_only_yes_counts(db, answers, met):
    result = evaluate_set(load_set(ADULT), answers)
    assert ("deceptive_recruitment" in result.dimensions_met) is met


def test_unknown_and_refused_suggest_no_indicators(db):
    result = evaluate_set(load_set(ADULT), {"dr-s": "unknown", "ec-s": "refused", "cd-s": "no"})
    assert (result.outcome, result.yes_count, result.dimensions_met) == ("no_indicators", 0, ())


def test_an_adult_is_a_presumed_victim_with_recruitment_conditions_and_means(db):
    adult = load_set(ADULT)
    assert evaluate_set(adult, _yes("dr-s", "ec-s", "cd-s")).outcome == "presumed_victim"
    assert (
        evaluate_set(adult, _yes("cr-s", "ec-s", "av-m", "dr-m1")).outcome == "indicators_present"
    )
    without_means = evaluate_set(adult, _yes("dr-s", "ec-s"))
    assert without_means.outcome == "indicators_present"
    assert without_means.groups_met == ("any_recruitment", "exploitative_conditions")


def test_a_child_needs_no_means_element(db):
    child = load_set(CHILD)
    assert evaluate_set(child, _yes("dr-s", "ec-s")).outcome == "presumed_victim"
    assert evaluate_set(child, _yes("ec-s")).outcome == "indicators_present"
    assert evaluate_set(child, _yes("dr-s", "ec-s", other="unknown")).outcome == "no_indicators"


# --- the sets shipped with Pathways -----------------------------------------------------------


def test_every_shipped_set_loads_and_awaits_national_review(db):
    call_command("casework_indicator_sets", "load", "--all")
    shipped = {path.stem for path in indicators.shipped_files()}
    loaded = IndicatorSet.objects.filter(code__in=shipped)
    assert {s.code for s in loaded} == shipped
    assert all(s.awaits_review for s in loaded)


def test_a_scam_compound_returnee_is_suggested_as_a_presumed_victim(db):
    call_command("casework_indicator_sets", "load", "--all")
    scam = IndicatorSet.objects.get(code="scam-compound")
    # Offered a job online, the work was not what was offered, worked 12 hours a day to
    # quotas, passport taken, kept in a guarded compound; the rest not known or not said.
    answers = {"dr-01": "yes", "dr-03": "yes", "ec-01": "yes", "cd-01": "yes", "cd-02": "yes"}
    answers |= {"cd-07": "refused", "av-02": "unknown"}
    result = evaluate_set(scam, answers)
    assert result.outcome == "presumed_victim"
    assert set(result.dimensions_met) == {
        "deceptive_recruitment",
        "exploitative_conditions",
        "coercion_at_destination",
    }
    # Without the recruitment element the same answers only show indicators.
    without = {k: v for k, v in answers.items() if not k.startswith("dr-")}
    assert evaluate_set(scam, without).outcome == "indicators_present"
