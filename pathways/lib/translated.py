"""Reference data in the reader's language: translations written by people beside the
English a row is recorded in.

A translatable row keeps its English in its own columns (what imports match, exports and the
API send) and its other languages in one `translations` mapping shaped
{language: {field: text}}. The text shown is the active language's translation, else the
catalogs' translation of the English (how the program's reference data was first
translated), else the English itself.
"""

from __future__ import annotations

from collections.abc import Mapping, Sequence
from typing import Any

from django.conf import settings
from django.core.exceptions import ValidationError
from django.utils import translation
from django.utils.translation import gettext
from django.utils.translation import gettext_lazy as _

ENGLISH = "en"


def other_languages() -> list[tuple[str, str]]:
    """(code, name) of the site's languages a row may be translated into: all but English."""
    return [(code, name) for code, name in settings.LANGUAGES if code != ENGLISH]


def translated_text(translations: Mapping[str, Any] | None, field: str, english: object) -> str:
    """`field` in the active language: its translation, the catalogs', or the English."""
    language = translation.get_language() or ENGLISH
    if language != ENGLISH:
        entry = (translations or {}).get(language) or {}
        own = entry.get(field) if isinstance(entry, Mapping) else None
        if own:
            return str(own)
    return catalog_text(english)


def catalog_text(value: object) -> str:
    """A stored string in the active language when the catalogs translate it, otherwise as
    recorded; nothing for nothing (gettext("") is the catalog header)."""
    text = "" if value is None else str(value)
    return gettext(text) if text else ""


def missing_translations(
    translations: Mapping[str, Any] | None, values: Mapping[str, object]
) -> list[tuple[str, str]]:
    """(language, field) of every non-empty English value in `values` without a translation."""
    stored = translations or {}
    return [
        (code, field)
        for code, _name in other_languages()
        for field, english in values.items()
        if english and not (stored.get(code) or {}).get(field)
    ]


def clean_field_translations(
    value: Any, limits: Mapping[str, int | None], labels: Mapping[str, str] | None = None
) -> dict[str, dict[str, str]]:
    """`value` as {language: {field: text}} over the site's other languages and the fields
    in `limits` (field -> longest text, None for no limit), blanks dropped; or a
    ValidationError naming the first thing wrong (fields named by `labels`)."""
    labels = labels or {}
    languages = dict(other_languages())
    if not isinstance(value, Mapping):
        raise ValidationError({"translations": _("Translations must be a mapping of languages.")})
    cleaned: dict[str, dict[str, str]] = {}
    for code, entry in value.items():
        if code not in languages:
            raise ValidationError(
                {"translations": _("%(code)s is not a language of the site.") % {"code": code}}
            )
        if not isinstance(entry, Mapping):
            raise ValidationError(
                {"translations": _("Translations must be a mapping of languages.")}
            )
        texts = {}
        for field, text in entry.items():
            if field not in limits:
                raise ValidationError(
                    {"translations": _("%(field)s cannot be translated.") % {"field": field}}
                )
            text = "" if text is None else str(text).strip()
            limit = limits[field]
            if limit is not None and len(text) > limit:
                raise ValidationError(
                    {
                        "translations": _(
                            "The %(language)s %(field)s is longer than %(limit)s characters."
                        )
                        % {
                            "language": languages[code],
                            "field": labels.get(field, field),
                            "limit": limit,
                        }
                    }
                )
            if text:
                texts[field] = text
        if texts:
            cleaned[code] = texts
    return cleaned


def with_seed(
    stored: Mapping[str, Any] | None,
    values: Mapping[str, object],
    texts: Mapping[str, Sequence[str]],
    languages: Sequence[str],
) -> dict[str, dict[str, str]]:
    """`stored` with its gaps filled from seed `texts` (English -> a text per language of
    `languages`) for the English `values` (field -> English): what a person wrote stays."""
    result = {code: dict(entry) for code, entry in (stored or {}).items()}
    for field, english in values.items():
        row = texts.get(str(english or ""))
        if not row:
            continue
        for code, text in zip(languages, row, strict=True):
            entry = result.setdefault(code, {})
            if not entry.get(field):
                entry[field] = text
    return result
