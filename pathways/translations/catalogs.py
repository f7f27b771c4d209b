"""The .po catalogs as the running app reads them: parsed with polib once per process and
again only when a file changes (its mtime), so a status page costs no parse per request."""

from __future__ import annotations

import re
import threading
from dataclasses import dataclass
from functools import cached_property
from pathlib import Path

import polib
from django.conf import settings
from django.http import Http404

from pathways.accounts.models import translation_languages

# gettext's separator between a message's context and its id in a compiled catalog.
CONTEXT_SEPARATOR = "\x04"


def catalog_id(context: str, msgid: str) -> str:
    """The id Django's loaded catalog keys a message by."""
    return f"{context}{CONTEXT_SEPARATOR}{msgid}" if context else msgid


@dataclass(frozen=True)
class Entry:
    context: str
    msgid: str
    msgid_plural: str
    msgstr: tuple[str, ...]
    fuzzy: bool
    occurrences: tuple[str, ...]

    @property
    def key(self) -> tuple[str, str]:
        """What a review is stored under: (context, msgid)."""
        return (self.context, self.msgid)

    @property
    def is_reviewed_in_catalog(self) -> bool:
        """A native speaker checked it and it was committed: not fuzzy, not empty."""
        return not self.fuzzy and all(self.msgstr)


@dataclass(frozen=True)
class Catalog:
    language: str
    path: Path
    nplurals: int
    entries: tuple[Entry, ...]

    def get(self, context: str, msgid: str) -> Entry | None:
        return self._by_key.get((context, msgid))

    @cached_property
    def _by_key(self) -> dict[tuple[str, str], Entry]:
        return {e.key: e for e in self.entries}


_lock = threading.Lock()
_parsed: dict[Path, tuple[int, Catalog]] = {}


def language_name(language: str) -> str:
    return dict(translation_languages())[language]


def require_language(language: str) -> str:
    """The language code if the interface is translated into it, else 404."""
    if language not in dict(translation_languages()):
        raise Http404("The interface is not translated into this language.")
    return language


def po_path(language: str) -> Path:
    return Path(settings.LOCALE_PATHS[0]) / language / "LC_MESSAGES" / "django.po"


def load_pofile(language: str) -> polib.POFile:
    # polib's default line wrapping is gettext's: an export differs from the committed file
    # only in the entries reviewed.
    return polib.pofile(str(po_path(language)))


def catalog(language: str) -> Catalog:
    path = po_path(language)
    mtime = path.stat().st_mtime_ns
    with _lock:
        cached = _parsed.get(path)
        if cached is not None and cached[0] == mtime:
            return cached[1]
    parsed = _parse(language, path)
    with _lock:
        _parsed[path] = (mtime, parsed)
    return parsed


def nplurals_of(po: polib.POFile) -> int:
    match = re.search(r"nplurals\s*=\s*(\d+)", po.metadata.get("Plural-Forms", ""))
    return int(match.group(1)) if match else 2


def entry_texts(entry: polib.POEntry, nplurals: int) -> tuple[str, ...]:
    if entry.msgid_plural:
        return tuple(entry.msgstr_plural.get(i, "") for i in range(nplurals))
    return (entry.msgstr,)


def _parse(language: str, path: Path) -> Catalog:
    po = polib.pofile(str(path))
    nplurals = nplurals_of(po)
    entries = tuple(
        Entry(
            context=e.msgctxt or "",
            msgid=e.msgid,
            msgid_plural=e.msgid_plural or "",
            msgstr=entry_texts(e, nplurals),
            fuzzy=e.fuzzy,
            occurrences=tuple(f"{file}:{line}" if line else file for file, line in e.occurrences),
        )
        for e in po
        if not e.obsolete and e.msgid
    )
    return Catalog(language=language, path=path, nplurals=nplurals, entries=entries)
