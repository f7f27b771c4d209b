"""How far each language's review has come, and the entries behind the figures: one rule
for the status page, the review page's filter and the tests.

An entry is reviewed when the committed catalog has it neither fuzzy nor empty, or when a
review of it is in the database; one that is both counts once.
"""

from __future__ import annotations

from collections import defaultdict
from dataclasses import dataclass

from pathways.accounts.models import translation_languages
from pathways.lib.rounding import percent_half_up
from pathways.translations.catalogs import Entry, catalog, language_name
from pathways.translations.models import TranslationReview

AWAITING, REVIEWED, ALL = "awaiting", "reviewed", "all"


@dataclass(frozen=True)
class LanguageStatus:
    language: str
    name: str
    total: int
    reviewed: int

    @property
    def awaiting(self) -> int:
        return self.total - self.reviewed

    @property
    def percent(self) -> int:
        return percent_half_up(self.reviewed, self.total) if self.total else 100


@dataclass(frozen=True)
class Row:
    """One catalog entry as the review page shows it."""

    entry: Entry
    review: TranslationReview | None

    @property
    def texts(self) -> tuple[str, ...]:
        """The translation shown now: the database review's, else the catalog's."""
        return tuple(self.review.msgstr) if self.review else self.entry.msgstr

    @property
    def reviewed(self) -> bool:
        return self.review is not None or self.entry.is_reviewed_in_catalog


def language_statuses() -> list[LanguageStatus]:
    reviewed_keys: dict[str, set[tuple[str, str]]] = defaultdict(set)
    for language, context, msgid in TranslationReview.objects.values_list(
        "language", "context", "msgid"
    ):
        reviewed_keys[language].add((context, msgid))
    return [
        _status(language, name, reviewed_keys[language])
        for language, name in translation_languages()
    ]


def language_status(language: str) -> LanguageStatus:
    keys = set(TranslationReview.objects.filter(language=language).values_list("context", "msgid"))
    return _status(language, language_name(language), keys)


def _status(language: str, name: str, reviewed_keys: set[tuple[str, str]]) -> LanguageStatus:
    entries = catalog(language).entries
    reviewed = sum(1 for e in entries if e.is_reviewed_in_catalog or e.key in reviewed_keys)
    return LanguageStatus(language, name, total=len(entries), reviewed=reviewed)


def rows(language: str, *, show: str = AWAITING, query: str = "") -> list[Row]:
    """The language's entries in catalog order, those the filter and the search keep."""
    reviews = {
        (r.context, r.msgid): r
        for r in TranslationReview.objects.filter(language=language).select_related("reviewed_by")
    }
    found = [Row(entry=e, review=reviews.get(e.key)) for e in catalog(language).entries]
    if show == AWAITING:
        found = [r for r in found if not r.reviewed]
    elif show == REVIEWED:
        found = [r for r in found if r.reviewed]
    needle = query.strip().casefold()
    if needle:
        found = [r for r in found if needle in _haystack(r)]
    return found


def _haystack(row: Row) -> str:
    e = row.entry
    return "\n".join((e.context, e.msgid, e.msgid_plural, *row.texts)).casefold()
