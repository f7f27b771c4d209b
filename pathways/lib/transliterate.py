"""Latin matching keys for names written in Khmer, Lao, Thai, Myanmar or Vietnamese script.

A sign-in sheet may give "សុខ ដារ៉ា" where another gave "Sok Dara". Romanisation of these
scripts is not standardised (Sok / Sokh, Srey / Srei, Pov / Pau, Chan / Chann), so an exact
romanisation is neither possible nor needed: both sides are romanised with anyascii (which
carries per-script tables for Khmer, Lao, Thai, Myanmar and Vietnamese) and then reduced to
a consonant skeleton that forgets the spelling choices romanisers disagree on.

`romanise` keeps vowels (for fine scoring); `phonetic_token` and `phonetic_key` are lossy
and are meant for blocking and for confirming that two spellings sound alike.
"""

from __future__ import annotations

import re
import unicodedata
from functools import lru_cache

from anyascii import anyascii

from pathways.lib.text import key_text

_NON_LETTERS = re.compile(r"[^a-z]+")
# Digraphs first (longest first), then single letters that romanisers use interchangeably.
_DIGRAPHS = (
    ("chh", "c"),
    ("ch", "c"),
    ("kh", "k"),
    ("gh", "k"),
    ("ph", "p"),
    ("th", "t"),
    ("sh", "s"),
    ("ng", "n"),
    ("ny", "n"),
    ("gn", "n"),
)
_LETTERS = str.maketrans(
    {"j": "c", "q": "k", "g": "k", "b": "p", "f": "p", "d": "t"}
    | {
        "x": "s",
        "z": "s",
        "w": "v",
    }
)
# A subscript ro closing a Khmer word is written but not spoken: វិចិត្រ is "Vichet".
_KHMER_SILENT_RO = re.compile("\u17d2\u179a(?![\u1780-\u17d3])")
# A Thai letter under a thanthakhat (with its vowel) is silent: ศักดิ์ is "sak".
_THAI_SILENT = re.compile("[\u0e01-\u0e2e][\u0e34-\u0e39]?\u0e4c")
_VOWELS = re.compile(r"[aeiouy]+")
_REPEATS = re.compile(r"(.)\1+")


def romanise(text: str) -> str:
    """Lower-case ASCII words: 'សុខ ដារ៉ា' → 'sokh dara', 'Nguyễn Văn' → 'nguyen van'. An
    invisible character (a zero-width space, a control character) does not split a word."""
    return " ".join(filter(None, map(_romanise_word, key_text(text or "").split())))


@lru_cache(maxsize=1 << 16)
def _romanise_word(word: str) -> str:
    text = unicodedata.normalize("NFC", word)
    text = _THAI_SILENT.sub("", _KHMER_SILENT_RO.sub("", text))
    return " ".join(_NON_LETTERS.sub(" ", anyascii(text).lower()).split())


@lru_cache(maxsize=1 << 16)
def phonetic_token(word: str) -> str:
    """A consonant skeleton of one romanised word: 'sokh' and 'sok' → 'sk'."""
    token = _NON_LETTERS.sub("", word.lower())
    if not token:
        return ""
    for digraph, simple in _DIGRAPHS:
        token = token.replace(digraph, simple)
    token = token.translate(_LETTERS)
    token = token[0] + token[1:].replace("h", "")
    # A final v/w is a vowel glide in these romanisations: Pov, Pau and Peou are one name.
    token = token.rstrip("v") or token
    skeleton = _REPEATS.sub(r"\1", _VOWELS.sub("", token))
    return skeleton or token[0]


def phonetic_tokens(text: str) -> list[str]:
    """The skeletons of a name's words, in written order, from any of the supported scripts."""
    return [t for t in (phonetic_token(w) for w in romanise(text).split()) if t]


def phonetic_key(text: str) -> str:
    """Order-insensitive phonetic key: 'សុខ ដារ៉ា', 'Sok Dara' and 'DARA Sokh' share one."""
    return " ".join(sorted(phonetic_tokens(text)))
