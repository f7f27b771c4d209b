"""Assessment domain sets as data (casework.md §2.8): reading a set's file, checking it and
loading it as a new version, the way indicator sets are (`indicators.py`).

One set per UTF-8 JSON file in `domain_sets/` (the format is in `docs/casework.md`): a code
and version, a title and source, a reviewer's sign-off (empty until a national counterpart
signs), a four-point scale with whether a higher score is better, and the domains, each with a
written definition of every score. A file with any problem is refused whole, each problem
named, and nothing is written; a set already loaded at its (code, version) is left as it is:
assessments keep the version they used.
"""

from __future__ import annotations

import hashlib
import json
from dataclasses import dataclass
from pathlib import Path
from typing import Any

from django.db import transaction
from django.utils.translation import get_language

from pathways.audit.models import AuditEvent
from pathways.audit.services import audit_record_without_values
from pathways.casework.indicators import LANGUAGES, SLUG, _Checker, _is_date
from pathways.casework.models import AssessmentDomainSet

FOLDER = Path(__file__).resolve().parent / "domain_sets"
SCORES = ("1", "2", "3", "4")


class DomainSetError(ValueError):
    """A file that cannot be loaded; `problems` lists each one, in file order."""

    def __init__(self, filename: str, problems: list[str]) -> None:
        self.filename = filename
        self.problems = problems
        super().__init__(f"{filename}: " + "; ".join(problems))


def check(data: Any) -> list[str]:
    """Every problem of a set's content (empty when it can be loaded)."""
    c = _Checker()
    if not c.need(isinstance(data, dict), "file", "one JSON object"):
        return c.problems
    c.need(
        isinstance(data.get("code"), str) and bool(SLUG.match(data.get("code") or "")),
        "code",
        "a slug of lower-case letters, digits, - and _",
        data.get("code"),
    )
    c.need(
        isinstance(data.get("version"), str) and bool(data.get("version")),
        "version",
        "a non-empty text",
        data.get("version"),
    )
    c.text(data.get("title"), "title")
    c.need(
        isinstance(data.get("source"), str) and bool(data.get("source")),
        "source",
        "where the set was drawn from",
    )
    c.need(isinstance(data.get("reviewed_by"), str), "reviewed_by", 'a text ("" until signed off)')
    reviewed_on = data.get("reviewed_on")
    c.need(reviewed_on is None or _is_date(reviewed_on), "reviewed_on", "null or YYYY-MM-DD")
    c.need(isinstance(data.get("higher_is_better"), bool), "higher_is_better", "true or false")
    scale = data.get("scale")
    if c.need(
        isinstance(scale, dict) and sorted(scale) == list(SCORES),
        "scale",
        "an object with the scores 1, 2, 3 and 4",
        scale,
    ):
        for score in SCORES:
            c.text(scale[score], f"scale.{score}")
    _check_domains(c, data.get("domains"))
    return c.problems


def _check_domains(c: _Checker, domains: Any) -> None:
    if not c.need(isinstance(domains, list) and bool(domains), "domains", "a non-empty list"):
        return
    seen: set[str] = set()
    for i, domain in enumerate(domains):
        where = f"domains[{i}]"
        if not c.need(isinstance(domain, dict), where, "an object"):
            continue
        code = domain.get("code")
        if c.need(
            isinstance(code, str) and bool(SLUG.match(code or "")), f"{where}.code", "a slug", code
        ):
            c.need(code not in seen, f"{where}.code", "a code not used before in the set", code)
            seen.add(code)
            where = f"domain {code}"
        c.text(domain.get("title"), f"{where}.title")
        c.text(domain.get("group"), f"{where}.group")
        levels = domain.get("levels")
        if c.need(
            isinstance(levels, dict) and sorted(levels) == list(SCORES),
            f"{where}.levels",
            "a definition of each score 1, 2, 3 and 4",
            levels,
        ):
            for score in SCORES:
                c.text(levels[score], f"{where}.levels.{score}")


def read_file(path: Path) -> tuple[dict[str, Any], str]:
    """The set in `path` and the SHA-256 of its bytes; DomainSetError naming each problem."""
    try:
        raw = path.read_bytes()
        data = json.loads(raw.decode("utf-8"))
    except (OSError, UnicodeDecodeError, json.JSONDecodeError) as error:
        raise DomainSetError(path.name, [f"cannot be read as UTF-8 JSON ({error})"]) from None
    problems = check(data)
    if problems:
        raise DomainSetError(path.name, problems)
    return data, hashlib.sha256(raw).hexdigest()


@dataclass(frozen=True)
class LoadResult:
    domain_set: AssessmentDomainSet
    created: bool
    changed_since_loaded: bool


def load_file(
    path: Path, *, actor: Any = None, source: str = AuditEvent.Source.COMMAND
) -> LoadResult:
    """Load the set of `path` as a new version, or find it loaded already at its version
    (`changed_since_loaded` when the file's bytes differ from those loaded)."""
    data, digest = read_file(path)
    with transaction.atomic():
        found = AssessmentDomainSet.objects.filter(
            code=data["code"], version=data["version"]
        ).first()
        if found is not None:
            return LoadResult(found, False, found.content_sha256 != digest)
        domain_set = AssessmentDomainSet(
            code=data["code"],
            version=data["version"],
            title=data["title"],
            source=data["source"],
            reviewed_by=data["reviewed_by"],
            reviewed_on=data["reviewed_on"],
            scale=data["scale"],
            higher_is_better=data["higher_is_better"],
            domains=data["domains"],
            content_sha256=digest,
        )
        domain_set.full_clean()
        domain_set.save()
        audit_record_without_values(
            actor=actor,
            action=AuditEvent.Action.CREATE,
            instance=domain_set,
            fields=["code", "version", "domains", "scale"],
            source=source,
        )
    return LoadResult(domain_set, True, False)


def shipped_files() -> list[Path]:
    return sorted(FOLDER.glob("*.json"))


def current_sets() -> list[AssessmentDomainSet]:
    """The latest loaded version of each set, by code."""
    latest: dict[str, AssessmentDomainSet] = {}
    for domain_set in AssessmentDomainSet.objects.order_by("code", "-loaded_at", "-id"):
        latest.setdefault(domain_set.code, domain_set)
    return list(latest.values())


def text_in(value: dict[str, str], language: str | None = None) -> str:
    """A translatable text of a set in the reader's language, else English."""
    language = (language or get_language() or "en").split("-")[0]
    if language not in LANGUAGES:
        language = "en"
    return value.get(language) or value.get("en", "")
