"""English interface strings left on a page rendered in another language.

The list comes from the language's catalog (locale/<lang>/LC_MESSAGES/django.po): every
English string whose translation differs from it and which is long enough not to be
mistaken for something else (two words or more, or a word of eight letters or more, not
counting placeholders). A string with placeholders (`%(n)d events`) is looked for as a
pattern, each placeholder standing for a short run of anything. Found in the page's visible
text, such a string was left in English: a template string not wrapped in {% translate %},
a Python string not marked, or a catalog entry not yet translated.

What the users wrote or loaded is not interface: elements marked `translate="no"` (names,
titles, free text) and elements in a language of their own (`lang` other than the page's,
such as an English original shown beside its translation) are left out of the text read.
"""

from __future__ import annotations

import re
from dataclasses import dataclass
from functools import cache
from pathlib import Path

import polib
from playwright.sync_api import Page

LOCALE = Path(__file__).resolve().parents[2] / "locale"
PLACEHOLDER = re.compile(r"%\([^)]*\)[-#0 +]*\d*(?:\.\d+)?[sdifr]|%[sdif]|\{[^{}]*\}")
TAG = re.compile(r"<[^<>]+>")
LETTERS = re.compile(r"[A-Za-z]")
# Strings the interface keeps in English on purpose in every language.
KEPT = {"Pathways"}


@dataclass(frozen=True)
class Entry:
    english: str
    pattern: re.Pattern[str]


def _entries(po: Path) -> list[tuple[list[str], list[str]]]:
    """(English strings, translations) of each live entry: msgid and msgid_plural, msgstr
    or msgstr[n]. The header and obsolete entries (#~) are left out."""
    return [
        (
            [e.msgid, e.msgid_plural] if e.msgid_plural else [e.msgid],
            list(e.msgstr_plural.values()) if e.msgid_plural else [e.msgstr],
        )
        for e in polib.pofile(str(po))
        if not e.obsolete
    ]


def _pattern(english: str) -> re.Pattern[str] | None:
    """The string as it shows in a page's text, or None when it is too short to tell."""
    text = " ".join(TAG.sub(" ", english).split())
    parts = [p.replace("%%", "%") for p in PLACEHOLDER.split(text)]
    literal = " ".join(" ".join(parts).split())
    words = [w for w in literal.split() if LETTERS.search(w)]
    if not words or not (len(words) >= 2 or len(literal) >= 8) or text in KEPT:
        return None
    # A word in lower case alone ("participants") is too common in data to say anything.
    if len(words) == 1 and len(parts) == 1 and literal.islower():
        return None
    body = r".{1,80}?".join(r"\s+".join(map(re.escape, p.split())) for p in parts)
    body = body.strip()
    if not body:
        return None
    # Whole words only: "Events" is not found inside "Synthetic events".
    return re.compile(rf"(?<![\w]){body}(?![\w])")


@cache
def catalog(language: str) -> tuple[Entry, ...]:
    """The English strings of the language's catalog that it translates differently."""
    po = LOCALE / language / "LC_MESSAGES" / "django.po"
    entries: dict[str, Entry] = {}
    for ids, translations in _entries(po):
        if not ids[0]:
            continue  # the catalog's header
        for english in ids:
            if english in translations or not any(translations):
                continue
            pattern = _pattern(english)
            if pattern is not None:
                entries.setdefault(english, Entry(english, pattern))
    return tuple(entries.values())


@cache
def _translations(language: str) -> dict[str, str]:
    po = LOCALE / language / "LC_MESSAGES" / "django.po"
    return {ids[0]: found[0] for ids, found in _entries(po) if ids[0] and found and found[0]}


def translation(language: str, english: str) -> str:
    """The catalog's translation of a string without plural or context."""
    return _translations(language)[english]


_VISIBLE_TEXT = """() => {
    const lang = document.documentElement.lang;
    const left = Array.from(document.body.querySelectorAll('[translate="no"], [lang]'))
        .filter(el => el.getAttribute('translate') === 'no' || el.lang !== lang);
    const styles = left.map(el => el.getAttribute('style'));
    left.forEach(el => el.style.setProperty('display', 'none', 'important'));
    const text = document.body.innerText;
    left.forEach((el, i) => styles[i] === null ? el.removeAttribute('style')
                                                : el.setAttribute('style', styles[i]));
    return text;
}"""


def interface_text(page: Page) -> str:
    """The page's visible text without what users wrote (see the module's docstring)."""
    return " ".join(page.evaluate(_VISIBLE_TEXT).split())


def english_in(text: str, language: str) -> list[str]:
    """The catalog's English strings found in a text (a page's, a PDF's)."""
    flat = " ".join(text.split())
    return sorted(e.english for e in catalog(language) if e.pattern.search(flat))


def english_left(page: Page, language: str) -> list[str]:
    """The catalog's English strings found in the page's visible interface text."""
    return english_in(interface_text(page), language)


def expect_translated(page: Page, language: str = "km") -> None:
    """Fails with the English strings still on the page, naming the page."""
    lang = page.evaluate("document.documentElement.lang")
    assert lang == language, f"{page.url} is in {lang!r}, not {language!r}"
    found = english_left(page, language)
    assert not found, f"{page.url} shows English interface strings: {found}"
