"""Indicator sets as data (casework.md §4): reading a set's file, checking it, loading it as
a new version, and the combination rule that suggests a screening's outcome.

The file format is the one agreed for issue 20 (`docs/casework.md`): one set per UTF-8 JSON
file. A file with any problem is refused whole, every problem named (the file, the indicator
and what was expected), and nothing is written. A set already loaded at its (code, version)
is left as it is: screenings keep pointing at the version they used.

The rule (`evaluate`): a dimension is met when the "yes" answers to its indicators reach any
of the rule's thresholds (counted per strength); a presumed victim when, for any of the
rule's combinations, every group named is met (a group: any of its dimensions); otherwise
"indicators present" from a number of "yes" answers; otherwise no indicators. "unknown" and
"refused" never count.
"""

from __future__ import annotations

import datetime as dt
import hashlib
import json
import re
from collections.abc import Iterable, Mapping
from dataclasses import dataclass
from pathlib import Path
from typing import Any

from django.db import transaction

from pathways.audit.models import AuditEvent
from pathways.audit.services import audit_record_without_values
from pathways.casework.models import IndicatorSet, Screening, ScreeningIndicator
from pathways.programs.models import Country

FOLDER = Path(__file__).resolve().parent / "indicator_sets"
LANGUAGES = ("en", "km", "th", "vi", "id", "fil", "my", "lo", "zh")
ANSWERS = ("yes", "no", "unknown", "refused")
STRENGTHS = tuple(ScreeningIndicator.Strength.values)
CONSENT_ITEMS = (
    "purpose",
    "data_use",
    "research_use",
    "access_own_data",
    "retention",
    "withdrawal",
)
SLUG = re.compile(r"^[a-z0-9][a-z0-9_-]*$")


class IndicatorSetError(ValueError):
    """A file that cannot be loaded; `problems` lists each one, in file order."""

    def __init__(self, filename: str, problems: list[str]) -> None:
        self.filename = filename
        self.problems = problems
        super().__init__(f"{filename}: " + "; ".join(problems))


# --- checking a file -----------------------------------------------------------------------------


class _Checker:
    """Collects the problems of one set, each prefixed with where it is."""

    def __init__(self) -> None:
        self.problems: list[str] = []

    def need(self, ok: bool, where: str, expected: str, got: Any = None) -> bool:
        if not ok:
            shown = "" if got is None else f", got {json.dumps(got, ensure_ascii=False)[:60]}"
            self.problems.append(f"{where}: expected {expected}{shown}")
        return ok

    def text(self, value: Any, where: str, *, required: bool = True) -> None:
        """A translatable text: {language: text}, English required unless it may be {}."""
        if not self.need(isinstance(value, dict), where, "an object of language -> text", value):
            return
        if not required and not value:
            return
        self.need(bool(value.get("en")), where, 'an English text ("en")')
        unknown = sorted(set(value) - set(LANGUAGES))
        self.need(not unknown, where, f"languages among {', '.join(LANGUAGES)}", unknown or None)
        for language, text in value.items():
            self.need(isinstance(text, str), f"{where}.{language}", "a string", text)


def check(data: Any) -> list[str]:
    """The problems of a set's content (empty when it can be loaded)."""
    c = _Checker()
    if not c.need(isinstance(data, dict), "the file", "one JSON object"):
        return c.problems
    c.need(
        isinstance(data.get("code"), str) and bool(SLUG.match(data["code"])),
        "code",
        "a slug (lower-case letters, digits, - and _)",
        data.get("code"),
    )
    c.need(
        isinstance(data.get("version"), str) and bool(data.get("version", "").strip()),
        "version",
        "a non-empty string",
        data.get("version"),
    )
    kind = data.get("kind")
    c.need(kind in IndicatorSet.Kind.values, "kind", '"indicators" or "consent"', kind)
    country = data.get("country")
    c.need(
        country is None or (isinstance(country, str) and bool(re.fullmatch(r"[A-Z]{2}", country))),
        "country",
        'null or a two-letter country code such as "KH"',
        country,
    )
    c.need(
        data.get("population") in IndicatorSet.Population.values,
        "population",
        '"adult", "child" or "any"',
        data.get("population"),
    )
    c.need(
        data.get("exploitation") in IndicatorSet.Exploitation.values,
        "exploitation",
        '"labour", "sexual", "criminality" or "any"',
        data.get("exploitation"),
    )
    c.text(data.get("title"), "title")
    c.need(
        isinstance(data.get("source"), str) and bool(data.get("source", "").strip()),
        "source",
        "the citation of what the set was drawn from",
    )
    _check_review(c, data)
    if kind == IndicatorSet.Kind.INDICATORS:
        _check_indicators(c, data)
    elif kind == IndicatorSet.Kind.CONSENT:
        _check_consent(c, data)
    return c.problems


def _check_review(c: _Checker, data: dict) -> None:
    reviewed_by = data.get("reviewed_by", "")
    c.need(isinstance(reviewed_by, str), "reviewed_by", "a string (empty until signed off)")
    reviewed_on = data.get("reviewed_on")
    if reviewed_on is not None and c.need(
        isinstance(reviewed_on, str), "reviewed_on", "null or a date YYYY-MM-DD", reviewed_on
    ):
        c.need(_is_date(reviewed_on), "reviewed_on", "a date YYYY-MM-DD", reviewed_on)
    c.need(
        bool(reviewed_by) == (reviewed_on is not None),
        "reviewed_on",
        "a date together with reviewed_by, and only then",
    )
    reviews = data.get("translation_reviews", {})
    if c.need(isinstance(reviews, dict), "translation_reviews", "an object per language", reviews):
        for language, review in reviews.items():
            where = f"translation_reviews.{language}"
            c.need(language in LANGUAGES[1:], where, "a language other than en")
            if c.need(isinstance(review, dict), where, "{reviewed_by, reviewed_on}", review):
                on = review.get("reviewed_on")
                c.need(on is None or _is_date(on), f"{where}.reviewed_on", "null or a date", on)


def _is_date(value: Any) -> bool:
    try:
        dt.date.fromisoformat(value)
    except (TypeError, ValueError):
        return False
    return True


def _check_indicators(c: _Checker, data: dict) -> None:
    dimensions = data.get("dimensions")
    codes: list[str] = []
    if c.need(
        isinstance(dimensions, list) and bool(dimensions),
        "dimensions",
        "a non-empty list of {code, title}",
    ):
        for i, dimension in enumerate(dimensions):
            where = f"dimension {i + 1}"
            if c.need(isinstance(dimension, dict), where, "an object {code, title}", dimension):
                code = dimension.get("code")
                c.need(isinstance(code, str) and bool(code), f"{where}.code", "a code", code)
                c.need(code not in codes, f"dimension {code}", "a code used once")
                codes.append(code)
                c.text(dimension.get("title"), f"dimension {code}.title")
    indicators = data.get("indicators")
    if c.need(isinstance(indicators, list) and bool(indicators), "indicators", "a non-empty list"):
        seen: set[str] = set()
        for i, indicator in enumerate(indicators):
            _check_indicator(c, indicator, i, codes, seen)
    _check_rule(c, data.get("rule"), codes)
    c.need(
        "script" not in data and "items" not in data,
        "script/items",
        "no consent script in a set of indicators",
    )


def _check_indicator(c: _Checker, indicator: Any, i: int, dimensions: list[str], seen: set) -> None:
    if not c.need(isinstance(indicator, dict), f"indicator {i + 1}", "an object", indicator):
        return
    code = indicator.get("code")
    where = f"indicator {code}" if isinstance(code, str) and code else f"indicator {i + 1}"
    c.need(
        isinstance(code, str) and bool(code) and len(code) <= 40,
        f"{where}.code",
        "a code of at most 40 characters",
        code,
    )
    c.need(code not in seen, where, "a code used once in the set")
    seen.add(code)
    c.need(
        indicator.get("dimension") in dimensions,
        f"{where}.dimension",
        f"one of the set's dimensions ({', '.join(dimensions)})",
        indicator.get("dimension"),
    )
    c.need(
        indicator.get("strength") in STRENGTHS,
        f"{where}.strength",
        '"strong", "medium" or "weak"',
        indicator.get("strength"),
    )
    c.text(indicator.get("question"), f"{where}.question")
    c.text(indicator.get("help", {}), f"{where}.help", required=False)
    c.text(indicator.get("child_wording", {}), f"{where}.child_wording", required=False)


def _check_rule(c: _Checker, rule: Any, dimensions: list[str]) -> None:
    if not c.need(isinstance(rule, dict), "rule", "an object"):
        return
    thresholds = rule.get("dimension_met")
    if c.need(
        isinstance(thresholds, list) and bool(thresholds),
        "rule.dimension_met",
        "a non-empty list of {strength: count}",
    ):
        for threshold in thresholds:
            c.need(
                isinstance(threshold, dict)
                and bool(threshold)
                and set(threshold) <= set(STRENGTHS)
                and all(isinstance(n, int) and n >= 1 for n in threshold.values()),
                "rule.dimension_met",
                "objects of strong/medium/weak -> count of at least 1",
                threshold,
            )
    groups = rule.get("groups")
    if c.need(
        isinstance(groups, dict) and bool(groups), "rule.groups", "an object of group -> dimensions"
    ):
        for name, members in groups.items():
            c.need(
                isinstance(members, list)
                and bool(members)
                and all(m in dimensions for m in members),
                f"rule.groups.{name}",
                "a list of the set's dimensions",
                members,
            )
    else:
        groups = {}
    combinations = rule.get("victim_when")
    if c.need(
        isinstance(combinations, list) and bool(combinations),
        "rule.victim_when",
        "a non-empty list of lists of groups",
    ):
        for combination in combinations:
            c.need(
                isinstance(combination, list)
                and bool(combination)
                and all(g in groups for g in combination),
                "rule.victim_when",
                "lists of the rule's groups",
                combination,
            )
    present = rule.get("indicators_present_when")
    c.need(
        isinstance(present, dict)
        and isinstance(present.get("any_yes"), int)
        and present["any_yes"] >= 1,
        "rule.indicators_present_when",
        '{"any_yes": a count of at least 1}',
        present,
    )


def _check_consent(c: _Checker, data: dict) -> None:
    c.text(data.get("script"), "script")
    items = data.get("items")
    if not c.need(isinstance(items, list), "items", "the six HTCDS consent items"):
        return
    codes = [item.get("code") if isinstance(item, dict) else None for item in items]
    c.need(
        sorted(codes, key=str) == sorted(CONSENT_ITEMS),
        "items",
        f"each of {', '.join(CONSENT_ITEMS)} once",
        codes,
    )
    for item in items:
        if isinstance(item, dict):
            c.text(item.get("text"), f"item {item.get('code')}.text")
    c.need(
        "indicators" not in data and "rule" not in data,
        "indicators/rule",
        "no indicators in a consent script",
    )


def missing_translations(data: Mapping[str, Any]) -> dict[str, int]:
    """Language -> how many texts of the set lack it (a shipped set has them all)."""
    texts: list[Mapping[str, str]] = [data.get("title", {})]
    texts += [d.get("title", {}) for d in data.get("dimensions", [])]
    for indicator in data.get("indicators", []):
        texts += [indicator.get("question", {})]
        texts += [t for t in (indicator.get("help"), indicator.get("child_wording")) if t]
    texts += [data["script"]] if data.get("script") else []
    texts += [item.get("text", {}) for item in data.get("items", [])]
    missing = {lang: sum(1 for t in texts if not t.get(lang)) for lang in LANGUAGES}
    return {lang: n for lang, n in missing.items() if n}


# --- loading --------------------------------------------------------------------------------------


@dataclass(frozen=True)
class LoadResult:
    indicator_set: IndicatorSet
    created: bool
    # Loaded before from a file of other content under the same (code, version).
    differs: bool


def read_file(path: Path) -> tuple[dict[str, Any], str]:
    """The set's content and the SHA-256 of its bytes; IndicatorSetError naming the file when
    it cannot be read as a set."""
    try:
        raw = path.read_bytes()
        data = json.loads(raw.decode("utf-8"))
    except OSError as error:
        raise IndicatorSetError(str(path), [f"cannot be read ({error.strerror})"]) from None
    except (UnicodeDecodeError, json.JSONDecodeError) as error:
        raise IndicatorSetError(str(path), [f"is not UTF-8 JSON ({error})"]) from None
    problems = check(data)
    country = None if problems else data["country"]
    if country is not None and not Country.objects.filter(code=country).exists():
        problems.append(f"country: expected a country of Pathways, got {data['country']}")
    if problems:
        raise IndicatorSetError(str(path), problems)
    return data, hashlib.sha256(raw).hexdigest()


def load_file(
    path: Path, *, actor: Any = None, source: str = AuditEvent.Source.COMMAND
) -> LoadResult:
    """Load one file as a new version of its set; an existing (code, version) is left as it
    is (and reported as differing when the file's content changed since)."""
    data, digest = read_file(path)
    with transaction.atomic():
        existing = IndicatorSet.objects.filter(code=data["code"], version=data["version"]).first()
        if existing is not None:
            return LoadResult(existing, created=False, differs=existing.content_sha256 != digest)
        indicator_set = _create(data, digest)
        audit_record_without_values(
            actor=actor,
            action=AuditEvent.Action.CREATE,
            instance=indicator_set,
            fields=[*_SET_FIELDS, "indicators" if data["kind"] == "indicators" else "items"],
            source=source,
        )
    return LoadResult(indicator_set, created=True, differs=False)


_SET_FIELDS = ("code", "version", "kind", "country", "population", "exploitation", "title")


def _create(data: dict[str, Any], digest: str) -> IndicatorSet:
    country = Country.objects.get(code=data["country"]) if data["country"] else None
    indicator_set = IndicatorSet.objects.create(
        code=data["code"],
        version=data["version"],
        kind=data["kind"],
        country=country,
        population=data["population"],
        exploitation=data["exploitation"],
        title=data["title"],
        source=data["source"],
        reviewed_by=data.get("reviewed_by", ""),
        reviewed_on=dt.date.fromisoformat(data["reviewed_on"]) if data.get("reviewed_on") else None,
        translation_reviews=data.get("translation_reviews", {}),
        dimensions=data.get("dimensions", []),
        rule=data.get("rule", {}),
        script=data.get("script", {}),
        consent_items=data.get("items", []),
        content_sha256=digest,
    )
    ScreeningIndicator.objects.bulk_create(
        ScreeningIndicator(
            indicator_set=indicator_set,
            code=item["code"],
            dimension=item["dimension"],
            strength=item["strength"],
            question=item["question"],
            help=item.get("help", {}),
            child_wording=item.get("child_wording", {}),
            order=order,
        )
        for order, item in enumerate(data.get("indicators", []), start=1)
    )
    return indicator_set


def shipped_files() -> list[Path]:
    """The set files shipped with Pathways (none when the folder does not exist)."""
    return sorted(FOLDER.glob("*.json")) if FOLDER.is_dir() else []


# --- the rule ------------------------------------------------------------------------------------


@dataclass(frozen=True)
class RuleResult:
    dimensions_met: tuple[str, ...]
    groups_met: tuple[str, ...]
    yes_count: int
    outcome: str  # a Screening.Outcome value


def evaluate(
    rule: Mapping[str, Any],
    indicators: Iterable[tuple[str, str, str]],
    answers: Mapping[str, str],
) -> RuleResult:
    """The rule's suggestion for `answers` (indicator code -> yes/no/unknown/refused) to
    `indicators` (code, dimension, strength). Only "yes" counts."""
    counts: dict[str, dict[str, int]] = {}
    dimensions: list[str] = []
    yes = 0
    for code, dimension, strength in indicators:
        if dimension not in dimensions:
            dimensions.append(dimension)
        if answers.get(code) == "yes":
            yes += 1
            per_strength = counts.setdefault(dimension, {})
            per_strength[strength] = per_strength.get(strength, 0) + 1
    met = tuple(d for d in dimensions if _dimension_met(rule["dimension_met"], counts.get(d, {})))
    groups = tuple(
        name for name, members in rule["groups"].items() if any(m in met for m in members)
    )
    if any(all(g in groups for g in combination) for combination in rule["victim_when"]):
        outcome = Screening.Outcome.PRESUMED_VICTIM
    elif yes >= rule["indicators_present_when"]["any_yes"]:
        outcome = Screening.Outcome.INDICATORS_PRESENT
    else:
        outcome = Screening.Outcome.NO_INDICATORS
    return RuleResult(met, groups, yes, outcome)


def _dimension_met(thresholds: Iterable[Mapping[str, int]], counts: Mapping[str, int]) -> bool:
    return any(
        all(counts.get(strength, 0) >= n for strength, n in threshold.items())
        for threshold in thresholds
    )


def evaluate_set(indicator_set: IndicatorSet, answers: Mapping[str, str]) -> RuleResult:
    rows = indicator_set.indicators.values_list("code", "dimension", "strength")
    return evaluate(indicator_set.rule, list(rows), answers)
