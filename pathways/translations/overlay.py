"""Reviews shown at once, on every host: the reviewed texts are laid over Django's loaded
translations in memory, never written into the catalog files (each host has its own).

Each process asks the database at most every CHECK_EVERY seconds whether any language's
reviews changed (one small grouped query), and lays a changed language's reviews over its
catalog again, putting back first what it had replaced. The middleware does this for each
request; work outside requests that renders in a language (factsheets, exports in the
background) calls `apply_reviews()` itself.
"""

from __future__ import annotations

import threading
import time
from collections.abc import Callable
from dataclasses import dataclass, field
from typing import Any

from django.db.models import Count, Max
from django.http import HttpRequest, HttpResponse
from django.utils.translation import trans_real

from pathways.translations.catalogs import catalog_id
from pathways.translations.models import TranslationReview

CHECK_EVERY = 5.0  # seconds; how long another host's review may take to show here

_MISSING = object()


@dataclass
class _Applied:
    version: tuple[Any, ...]
    translation: Any  # the DjangoTranslation the reviews were laid over
    originals: dict[Any, Any] = field(default_factory=dict)


_lock = threading.Lock()
_applied: dict[str, _Applied] = {}
_checked_at: float | None = None


def forget() -> None:
    """Drop what this process knows, so the next check reads the database: after a review
    here, and in tests that stand for another process."""
    global _checked_at
    with _lock:
        _checked_at = None


def apply_reviews() -> None:
    """Bring every language's loaded translation up to date with the reviews, asking the
    database only when the last check is older than CHECK_EVERY seconds."""
    global _checked_at
    now = time.monotonic()
    if _checked_at is not None and now - _checked_at < CHECK_EVERY and _still_loaded():
        return
    versions = {
        language: (count, latest)
        for language, count, latest in TranslationReview.objects.values("language")
        .annotate(count=Count("pk"), latest=Max("reviewed_at"))
        .values_list("language", "count", "latest")
    }
    with _lock:
        for language in set(versions) | set(_applied):
            version = versions.get(language, (0, None))
            applied = _applied.get(language)
            if (
                applied is None
                or applied.version != version
                or applied.translation is not trans_real.translation(language)
            ):
                _lay_over(language, version)
        _checked_at = now


def _still_loaded() -> bool:
    # Django drops its loaded translations when the settings that shape them change (tests,
    # the development server's reload): reviews laid over the old ones must be laid again.
    return all(
        trans_real._translations.get(language) is applied.translation
        for language, applied in _applied.items()
    )


def _lay_over(language: str, version: tuple[Any, ...]) -> None:
    translation = trans_real.translation(language)
    applied = _applied.get(language)
    if applied is not None and applied.translation is translation:
        for key, value in applied.originals.items():
            _put(translation._catalog, key, value)
    if version == (0, None):
        # No reviews (any more): nothing laid over, nothing to watch for this language.
        _applied.pop(language, None)
        return
    applied = _Applied(version=version, translation=translation)
    for review in TranslationReview.objects.filter(language=language):
        for key, text in _catalog_items(review):
            if key not in applied.originals:
                applied.originals[key] = translation._catalog.get(key, _MISSING)
            _put(translation._catalog, key, text)
    _applied[language] = applied


def _catalog_items(review: TranslationReview) -> list[tuple[Any, str]]:
    msgid = catalog_id(review.context, review.msgid)
    if review.msgid_plural:
        return [((msgid, index), text) for index, text in enumerate(review.msgstr)]
    return [(msgid, review.msgstr[0])]


def _put(catalog: Any, key: Any, value: Any) -> None:
    # Django's TranslationCatalog merges several catalogs (Django's own, the project's); the
    # entry is changed in the one that holds it, where lookups find it first.
    for part in catalog._catalogs:
        if key in part:
            if value is _MISSING:
                del part[key]
            else:
                part[key] = value
            return
    if value is not _MISSING:
        catalog[key] = value


class ReviewedTranslationsMiddleware:
    """Lays the reviews over the translations before each request is handled; after the
    language middlewares, though the overlay covers every language at once."""

    def __init__(self, get_response: Callable[[HttpRequest], HttpResponse]) -> None:
        self.get_response = get_response

    def __call__(self, request: HttpRequest) -> HttpResponse:
        apply_reviews()
        return self.get_response(request)
