"""Recognising a person already on record: name normalisation and sure matches.

The importer asks `find_sure_matches` for its rows; the finder builds on the same
normalisation (`match_key`) to find uncertain pairs for review.
"""

from __future__ import annotations

import re
import unicodedata
from collections.abc import Sequence, Set
from dataclasses import dataclass
from functools import lru_cache
from typing import NamedTuple

from django.db.models import Q

from pathways.activities.models import Person
from pathways.lib.honorifics import without_honorific
from pathways.lib.text import key_text
from pathways.lib.transliterate import phonetic_key
from pathways.programs.models import Country

_PUNCTUATION = re.compile(r"[\W_]+", re.UNICODE)


def normalise_name(name: str) -> str:
    """Case-folded, accent-stable, punctuation and extra spaces removed; an invisible
    character (a zero-width space, a control character) joins rather than splits words."""
    text = unicodedata.normalize("NFKC", key_text(name or "")).casefold()
    return " ".join(_PUNCTUATION.sub(" ", text).split())


# A sheet names the same people again and again, and matching asks for each name's keys
# several times: cached, an import works each out once.
@lru_cache(maxsize=1 << 16)
def name_key(name: str) -> str:
    """Order-insensitive key without honorifics: 'Sok Dara', 'DARA, sok' and 'Mr Sok Dara'
    share one key."""
    return " ".join(sorted(normalise_name(without_honorific(name)).split()))


@lru_cache(maxsize=1 << 16)
def match_key(full_name: str, latin_name: str = "") -> str:
    """Phonetic keys of the name as written and in Latin letters, '|'-joined, for
    recognising one person written in two scripts ('សុខ ដារ៉ា' and 'Sok Dara')."""
    names = (without_honorific(full_name), without_honorific(latin_name))
    keys = {phonetic_key(names[0]), phonetic_key(names[1])} - {""}
    return "|".join(sorted(keys))


def assign_keys(person: Person) -> Person:
    """Set a person's derived matching keys from its names; services call it before saving."""
    person.name_key = name_key(person.full_name)
    person.match_key = match_key(person.full_name, person.latin_name)
    return person


@dataclass(frozen=True)
class PersonFacts:
    """What a sheet row tells about a person, normalised."""

    full_name: str
    latin_name: str = ""
    phone: str = ""
    email: str = ""
    birth_year: int | None = None


class _Candidate(NamedTuple):
    """The facts of a person on record that deciding a sure match reads."""

    pk: int
    full_name: str
    latin_name: str
    name_key: str
    phone: str
    email: str
    birth_year: int | None


class SureMatch(NamedTuple):
    """Whom a row surely is: `person`, a person the importer may see; or, when every person
    the row surely is lies outside what the importer may see, none, and `hidden` is one of
    those persons' keys, for the country's data officers only (never shown to the importer)."""

    person: Person | None = None
    hidden: int | None = None


# Rows per query of candidates; a sheet with more rows than this share of its country's
# persons reads the whole country once instead (its names reach most of it anyway).
CHUNK = 2000
WHOLE_COUNTRY_SHARE = 1 / 4


def find_sure_matches(
    *, country: Country, facts: Sequence[PersonFacts], visible: Set[int] | None = None
) -> list[SureMatch]:
    """`find_sure_match` for many rows at once, in a few queries whatever the number of rows.

    `visible`: the keys of the persons the importer may see, or None for all of the country.
    A row is only ever matched to a person the importer may see; a row that surely is only
    persons outside it gets the key of one of them as `hidden`.

    Candidates (many, when names are common) are read as plain rows; only the persons
    matched are loaded as model instances."""
    persons = Person.objects.filter(country=country)
    if len(facts) > CHUNK and len(facts) >= WHOLE_COUNTRY_SHARE * persons.count():
        found = _sure_in(persons, facts, visible)
    else:
        found = []
        for start in range(0, len(facts), CHUNK):
            chunk = facts[start : start + CHUNK]
            phones = {f.phone for f in chunk if f.phone}
            emails = {f.email.lower() for f in chunk if f.email}
            keys = {k for f in chunk for k in _keys(f)}
            candidates = persons.filter(
                Q(phone__in=phones) | Q(email__in=emails) | Q(name_key__in=keys)
            )
            found += _sure_in(candidates, chunk, visible)
    matched = Person.objects.in_bulk({c.pk for c, _ in found if c is not None})
    return [SureMatch(matched[c.pk]) if c is not None else SureMatch(hidden=h) for c, h in found]


_Found = tuple[_Candidate | None, int | None]


def _sure_in(candidates, facts: Sequence[PersonFacts], visible: Set[int] | None) -> list[_Found]:
    by_phone: dict[str, list[_Candidate]] = {}
    by_email: dict[str, list[_Candidate]] = {}
    by_key: dict[str, list[_Candidate]] = {}
    rows = candidates.order_by("pk").values_list(*_Candidate._fields)
    for row in rows.iterator(chunk_size=5000):
        person = _Candidate(*row)
        if person.phone:
            by_phone.setdefault(person.phone, []).append(person)
        if person.email:
            by_email.setdefault(person.email.lower(), []).append(person)
        by_key.setdefault(person.name_key, []).append(person)
    return [_sure(f, by_phone, by_email, by_key, visible) for f in facts]


def _keys(facts: PersonFacts) -> set[str]:
    return {k for k in (name_key(facts.full_name), name_key(facts.latin_name)) if k}


def _sounds(full_name: str, latin_name: str) -> set[str]:
    names = (without_honorific(full_name), without_honorific(latin_name))
    return {phonetic_key(names[0]), phonetic_key(names[1])} - {""}


def _same_name(facts: PersonFacts, person: _Candidate) -> bool:
    """The same name, allowing another script or romanisation, for rows sharing a contact."""
    if _keys(facts) & {person.name_key, name_key(person.latin_name)}:
        return True
    return bool(
        _sounds(facts.full_name, facts.latin_name) & _sounds(person.full_name, person.latin_name)
    )


def _sure(
    facts: PersonFacts,
    by_phone: dict[str, list[_Candidate]],
    by_email: dict[str, list[_Candidate]],
    by_key: dict[str, list[_Candidate]],
    visible: Set[int] | None,
) -> _Found:
    """The likeliest person the row surely is among those in `visible` (None: everyone);
    failing that, none, and the key of the likeliest one outside it."""
    hidden = None
    contact = by_phone.get(facts.phone, []) + by_email.get(facts.email.lower(), [])
    for person in contact:
        if _same_name(facts, person):
            if visible is None or person.pk in visible:
                return person, None
            hidden = hidden or person.pk
    if facts.birth_year:
        for key in sorted(_keys(facts)):
            for person in by_key.get(key, []):
                if person.birth_year == facts.birth_year:
                    if visible is None or person.pk in visible:
                        return person, None
                    hidden = hidden or person.pk
    return None, hidden


def find_sure_match(*, country: Country, facts: PersonFacts) -> Person | None:
    """A person of the same country who is certainly the one described, or None.

    Sure means: the same phone or email and a compatible name (the same words in any order,
    or the same phonetic key, so a name in Khmer script matches its Latin spelling), or the
    same name key and the same birth year.
    """
    return find_sure_matches(country=country, facts=[facts])[0].person
