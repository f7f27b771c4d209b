"""The indicator set files (`pathways/casework/indicator_sets/*.json`) follow the agreed format.

Read with `json` alone, without the models or the loader, so that a file a national reviewer
edits by hand is checked before anything loads it. `format_problems` lists what is wrong with one
file; the last tests feed it broken copies to show it notices each kind of mistake.
"""

from __future__ import annotations

import copy
import json
import re
from pathlib import Path

import pytest

from pathways.translations.placeholders import markers

SETS_DIR = Path(__file__).resolve().parents[1] / "indicator_sets"
FILES = sorted(SETS_DIR.glob("*.json"))

LANGUAGES = ("en", "km", "th", "vi", "id", "fil", "my", "lo", "zh")
# A text in one of these languages must be written in its own script (never left in English).
SCRIPTS = {
    "km": re.compile("[\u1780-\u17ff]"),
    "th": re.compile("[\u0e00-\u0e7f]"),
    "lo": re.compile("[\u0e80-\u0eff]"),
    "my": re.compile("[\u1000-\u109f]"),
    "zh": re.compile("[\u4e00-\u9fff]"),
}
VIETNAMESE_MARKS = re.compile(
    "[àáảãạăắằẳẵặâấầẩẫậđèéẻẽẹêếềểễệìíỉĩịòóỏõọôốồổỗộơớờởỡợùúủũụưứừửữựỳýỷỹỵ]", re.I
)
# Zawgyi puts the vowel sign E (U+1031) before its consonant; Unicode Burmese never starts a
# word with it.
ZAWGYI_ORDER = re.compile("(^|[^\u1000-\u109f])\u1031")

KINDS = {"indicators", "consent"}
POPULATIONS = {"adult", "child", "any"}
EXPLOITATIONS = {"labour", "sexual", "criminality", "any"}
STRENGTHS = {"strong", "medium", "weak"}
CONSENT_ITEMS = [
    "purpose",
    "data_use",
    "research_use",
    "access_own_data",
    "retention",
    "withdrawal",
]
ILO_DIMENSIONS = [
    "deceptive_recruitment",
    "coercive_recruitment",
    "recruitment_abuse_of_vulnerability",
    "exploitative_conditions",
    "coercion_at_destination",
    "abuse_of_vulnerability_at_destination",
]
COMMON_KEYS = {
    "code",
    "version",
    "kind",
    "country",
    "population",
    "exploitation",
    "title",
    "source",
    "reviewed_by",
    "reviewed_on",
    "translation_reviews",
}
KIND_KEYS = {"indicators": {"dimensions", "rule", "indicators"}, "consent": {"script", "items"}}
DATE = re.compile(r"\d{4}-\d{2}-\d{2}")


def load(path: Path) -> dict:
    return json.loads(path.read_text(encoding="utf-8"))


def text_problems(where: str, text: object, *, optional: bool = False) -> list[str]:
    """A translatable text: every language present, non-empty, translated, same placeholders."""
    if optional and text == {}:
        return []
    if not isinstance(text, dict):
        return [f"{where}: not a dict of languages"]
    problems = []
    missing = [lang for lang in LANGUAGES if not str(text.get(lang) or "").strip()]
    if missing:
        problems.append(f"{where}: empty or missing in {', '.join(missing)}")
    extra = sorted(set(text) - set(LANGUAGES))
    if extra:
        problems.append(f"{where}: unknown languages {', '.join(extra)}")
    english = str(text.get("en") or "")
    for lang in LANGUAGES[1:]:
        value = str(text.get(lang) or "")
        if not value:
            continue
        problems += translation_problems(f"{where}[{lang}]", lang, value, english)
    return problems


def translation_problems(where: str, lang: str, value: str, english: str) -> list[str]:
    problems = []
    if value.strip() == english.strip() and (lang in SCRIPTS or len(english.split()) > 3):
        problems.append(f"{where}: identical to the English, left untranslated")
    if lang in SCRIPTS and not SCRIPTS[lang].search(value):
        problems.append(f"{where}: not written in the {lang} script")
    mixed = sorted(
        other for other, script in SCRIPTS.items() if other != lang and script.search(value)
    )
    if mixed:
        problems.append(f"{where}: contains letters of the {', '.join(mixed)} script")
    if lang == "vi" and not VIETNAMESE_MARKS.search(value):
        problems.append(f"{where}: Vietnamese without diacritics")
    if lang == "my" and ZAWGYI_ORDER.search(value):
        problems.append(f"{where}: looks like Zawgyi, not Unicode Burmese")
    if markers(value) != markers(english):
        problems.append(f"{where}: placeholders differ from the English")
    return problems


def review_problems(where: str, reviewed_by: object, reviewed_on: object) -> list[str]:
    if not isinstance(reviewed_by, str):
        return [f"{where}: reviewed_by is not text"]
    if reviewed_by and not (isinstance(reviewed_on, str) and DATE.fullmatch(reviewed_on)):
        return [f"{where}: reviewed_by without a YYYY-MM-DD reviewed_on"]
    if not reviewed_by and reviewed_on is not None:
        return [f"{where}: reviewed_on without reviewed_by"]
    return []


def header_problems(data: dict) -> list[str]:
    problems = []
    kind = data.get("kind")
    if kind not in KINDS:
        return [f"kind {kind!r} is not one of {sorted(KINDS)}"]
    missing = sorted((COMMON_KEYS | KIND_KEYS[kind]) - set(data))
    if missing:
        return [f"missing keys: {', '.join(missing)}"]
    if not re.fullmatch(r"[a-z0-9]+(-[a-z0-9]+)*", str(data["code"])):
        problems.append(f"code {data['code']!r} is not a slug")
    if not str(data["version"]).strip():
        problems.append("version is empty")
    if data["country"] is not None and not re.fullmatch(r"[A-Z]{2}", str(data["country"])):
        problems.append(f"country {data['country']!r} is neither null nor a two-letter code")
    if data["population"] not in POPULATIONS:
        problems.append(f"population {data['population']!r} is not one of {sorted(POPULATIONS)}")
    if data["exploitation"] not in EXPLOITATIONS:
        problems.append(
            f"exploitation {data['exploitation']!r} is not one of {sorted(EXPLOITATIONS)}"
        )
    if not str(data["source"]).strip():
        problems.append("source is empty")
    problems += text_problems("title", data["title"])
    problems += review_problems("set", data["reviewed_by"], data["reviewed_on"])
    reviews = data["translation_reviews"]
    if not isinstance(reviews, dict) or sorted(reviews) != sorted(LANGUAGES[1:]):
        problems.append("translation_reviews must have one entry per language other than en")
    else:
        for lang, review in reviews.items():
            problems += review_problems(
                f"translation_reviews[{lang}]", review.get("reviewed_by"), review.get("reviewed_on")
            )
    return problems


def rule_problems(rule: dict, dimensions: set[str]) -> list[str]:
    problems = []
    for clause in rule.get("dimension_met") or [None]:
        if not isinstance(clause, dict) or not clause or not set(clause) <= STRENGTHS:
            problems.append(f"rule.dimension_met: {clause!r} is not a count per strength")
        elif not all(isinstance(n, int) and n > 0 for n in clause.values()):
            problems.append(f"rule.dimension_met: {clause!r} needs positive whole counts")
    groups = rule.get("groups") or {}
    for name, members in groups.items():
        unknown = sorted(set(members) - dimensions) if members else ["(none)"]
        if unknown:
            problems.append(f"rule.groups[{name}]: not dimensions of the set: {', '.join(unknown)}")
    for combination in rule.get("victim_when") or [None]:
        if not combination or not set(combination) <= set(groups):
            problems.append(f"rule.victim_when: {combination!r} names a group that does not exist")
    present = rule.get("indicators_present_when")
    if not (isinstance(present, dict) and isinstance(present.get("any_yes"), int)):
        problems.append("rule.indicators_present_when must give any_yes as a whole number")
    return problems


def can_be_met(strengths: list[str], clauses: list[dict]) -> bool:
    counts = {s: strengths.count(s) for s in STRENGTHS}
    return any(all(counts.get(s, 0) >= n for s, n in clause.items()) for clause in clauses)


def indicator_problems(data: dict) -> list[str]:
    dimension_codes = [d.get("code") for d in data["dimensions"]]
    problems = [
        f"dimension {c!r} appears twice"
        for c in set(dimension_codes)
        if dimension_codes.count(c) > 1
    ]
    for dimension in data["dimensions"]:
        problems += text_problems(
            f"dimension {dimension.get('code')} title", dimension.get("title")
        )
    problems += rule_problems(data["rule"], set(dimension_codes))
    codes = [i.get("code") for i in data["indicators"]]
    problems += [
        f"indicator code {c!r} appears twice"
        for c in sorted(set(codes), key=str)
        if codes.count(c) > 1
    ]
    by_dimension: dict[str, list[str]] = {code: [] for code in dimension_codes}
    for indicator in data["indicators"]:
        where = f"indicator {indicator.get('code')}"
        if indicator.get("dimension") not in by_dimension:
            problems.append(f"{where}: dimension {indicator.get('dimension')!r} is not in the set")
        else:
            by_dimension[indicator["dimension"]].append(indicator.get("strength"))
        if indicator.get("strength") not in STRENGTHS:
            problems.append(
                f"{where}: strength {indicator.get('strength')!r} is not one of {sorted(STRENGTHS)}"
            )
        problems += text_problems(f"{where} question", indicator.get("question"))
        problems += text_problems(f"{where} help", indicator.get("help"), optional=True)
        problems += text_problems(
            f"{where} child_wording", indicator.get("child_wording"), optional=True
        )
    clauses = [c for c in data["rule"].get("dimension_met") or [] if isinstance(c, dict)]
    for dimension, strengths in by_dimension.items():
        if not can_be_met(strengths, clauses):
            problems.append(f"dimension {dimension}: its indicators can never meet the rule")
    return problems


def consent_problems(data: dict) -> list[str]:
    problems = text_problems("script", data["script"])
    codes = [item.get("code") for item in data["items"]]
    if codes != CONSENT_ITEMS:
        problems.append(f"consent items are {codes}, not the six HTCDS items {CONSENT_ITEMS}")
    for item in data["items"]:
        problems += text_problems(f"item {item.get('code')}", item.get("text"))
    return problems


def format_problems(data: dict) -> list[str]:
    problems = header_problems(data)
    if problems and problems[0].startswith(("kind", "missing keys")):
        return problems
    if data["kind"] == "indicators":
        return problems + indicator_problems(data)
    return problems + consent_problems(data)


def test_the_shipped_sets_are_there():
    codes = {path.stem for path in FILES}
    assert {
        "ilo-adult-labour",
        "ilo-adult-sexual",
        "ilo-child-labour",
        "ilo-child-sexual",
        "scam-compound",
        "consent-interview",
    } <= codes


@pytest.mark.parametrize("path", FILES, ids=lambda p: p.stem)
def test_each_file_follows_the_format(path):
    assert format_problems(load(path)) == []


@pytest.mark.parametrize("path", FILES, ids=lambda p: p.stem)
def test_each_file_is_named_after_its_code(path):
    assert load(path)["code"] == path.stem


def test_code_and_version_are_unique_across_files():
    pairs = [(load(p)["code"], load(p)["version"]) for p in FILES]
    assert len(pairs) == len(set(pairs))


@pytest.mark.parametrize(
    "code", ["ilo-adult-labour", "ilo-adult-sexual", "ilo-child-labour", "ilo-child-sexual"]
)
def test_ilo_sets_ask_over_the_six_dimensions_in_interview_order(code):
    data = load(SETS_DIR / f"{code}.json")
    assert [d["code"] for d in data["dimensions"]] == ILO_DIMENSIONS
    assert {i["dimension"] for i in data["indicators"]} == set(ILO_DIMENSIONS)


def test_adult_labour_keeps_the_brochure_counts_per_dimension():
    data = load(SETS_DIR / "ilo-adult-labour.json")
    counts = [sum(i["dimension"] == d for i in data["indicators"]) for d in ILO_DIMENSIONS]
    assert counts == [10, 10, 16, 9, 15, 7]


@pytest.mark.parametrize("code", ["ilo-child-labour", "ilo-child-sexual"])
def test_for_a_child_the_means_at_destination_are_not_required(code):
    rule = load(SETS_DIR / f"{code}.json")["rule"]
    for combination in rule["victim_when"]:
        required = {d for group in combination for d in rule["groups"][group]}
        assert not required & {"coercion_at_destination", "abuse_of_vulnerability_at_destination"}


@pytest.mark.parametrize("code", ["ilo-adult-labour", "ilo-adult-sexual", "scam-compound"])
def test_for_an_adult_every_combination_needs_recruitment_exploitation_and_means(code):
    rule = load(SETS_DIR / f"{code}.json")["rule"]
    for combination in rule["victim_when"]:
        required = [set(rule["groups"][group]) for group in combination]
        assert {"exploitative_conditions"} in required
        assert any(g <= set(ILO_DIMENSIONS[:3]) for g in required)
        assert any(g <= set(ILO_DIMENSIONS[4:]) for g in required)


@pytest.mark.parametrize("code", ["ilo-child-labour", "ilo-child-sexual"])
def test_child_sets_give_child_wording(code):
    indicators = load(SETS_DIR / f"{code}.json")["indicators"]
    assert all(
        i["child_wording"]
        for i in indicators
        if i["dimension"] != "recruitment_abuse_of_vulnerability"
    )


def test_the_scam_module_covers_forced_criminality_and_never_asks_about_committing_a_crime():
    data = load(SETS_DIR / "scam-compound.json")
    assert (data["exploitation"], data["population"]) == ("criminality", "any")
    questions = [i["question"]["en"].lower() for i in data["indicators"]]
    assert not [q for q in questions if re.search(r"did you (commit|do) (a|any) crime", q)]
    forced = [i for i in data["indicators"] if "forced to deceive" in i["question"]["en"]]
    assert [i["dimension"] for i in forced] == ["coercion_at_destination"]


def test_unreviewed_sets_say_so_in_their_source():
    for path in FILES:
        data = load(path)
        if not data["reviewed_by"]:
            assert "review" in data["source"].lower(), path.stem


# The checker notices each kind of mistake.


@pytest.fixture
def adult_labour() -> dict:
    return load(SETS_DIR / "ilo-adult-labour.json")


@pytest.fixture
def consent() -> dict:
    return load(SETS_DIR / "consent-interview.json")


def test_a_missing_translation_is_reported(adult_labour):
    del adult_labour["indicators"][0]["question"]["lo"]
    assert format_problems(adult_labour) == ["indicator dr-01 question: empty or missing in lo"]


def test_english_left_in_a_non_latin_language_is_reported(adult_labour):
    question = adult_labour["indicators"][3]["question"]
    question["th"] = question["en"]
    assert any("[th]: identical to the English" in p for p in format_problems(adult_labour))


def test_a_placeholder_changed_in_translation_is_reported(consent):
    consent["script"]["vi"] = consent["script"]["vi"].replace("{agency}", "{agence}")
    assert format_problems(consent) == ["script[vi]: placeholders differ from the English"]


def test_thai_letters_in_a_lao_text_are_reported(adult_labour):
    adult_labour["indicators"][0]["question"]["lo"] += " ไหม"
    assert format_problems(adult_labour) == [
        "indicator dr-01 question[lo]: contains letters of the th script"
    ]


def test_zawgyi_burmese_is_reported(adult_labour):
    adult_labour["title"]["my"] = "\u1031\u1000\u102c\u1004\u103a\u1038"
    assert any("Zawgyi" in p for p in format_problems(adult_labour))


def test_a_duplicate_code_an_unknown_dimension_and_a_bad_strength_are_reported(adult_labour):
    broken = copy.deepcopy(adult_labour)
    broken["indicators"][1]["code"] = broken["indicators"][0]["code"]
    broken["indicators"][2]["dimension"] = "exploitation"
    broken["indicators"][3]["strength"] = "very strong"
    problems = format_problems(broken)
    assert "indicator code 'dr-01' appears twice" in problems
    assert any("dimension 'exploitation' is not in the set" in p for p in problems)
    assert any("strength 'very strong'" in p for p in problems)


def test_a_rule_naming_a_missing_dimension_or_group_is_reported(adult_labour):
    adult_labour["rule"]["groups"]["any_recruitment"].append("forced_marriage")
    adult_labour["rule"]["victim_when"].append(["any_exploitation"])
    problems = format_problems(adult_labour)
    assert any("rule.groups[any_recruitment]" in p for p in problems)
    assert any("rule.victim_when" in p for p in problems)


def test_a_dimension_its_indicators_cannot_meet_is_reported(adult_labour):
    adult_labour["indicators"] = [
        i for i in adult_labour["indicators"] if i["dimension"] != "coercive_recruitment"
    ]
    assert (
        "dimension coercive_recruitment: its indicators can never meet the rule"
        in format_problems(adult_labour)
    )


def test_consent_items_other_than_the_six_are_reported(consent):
    consent["items"] = consent["items"][:5]
    assert any("not the six HTCDS items" in p for p in format_problems(consent))


def test_wrong_kind_population_and_missing_keys_are_reported(adult_labour, consent):
    assert format_problems({**consent, "kind": "form"})[0].startswith("kind 'form'")
    del adult_labour["rule"]
    assert format_problems(adult_labour) == ["missing keys: rule"]
    consent["population"] = "elderly"
    assert any("population 'elderly'" in p for p in format_problems(consent))
