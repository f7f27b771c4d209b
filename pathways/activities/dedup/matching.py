"""Recognising a person already on record: name normalisation and sure matches.

The importer asks `find_sure_matches` for its rows; the finder builds on the same
normalisation (`match_key`) to find uncertain pairs for review.

The rule for linking a row without asking (docs/counting-rules.md, "One person, one
record") is `is_sure_link`: a shared phone, email or identity number, and names that agree
across scripts (`names_agree`). A name, however rare, with the same birth year, sex and
organisation is never enough on its own: such a pair waits for review.
"""

from __future__ import annotations

import re
import unicodedata
from collections.abc import Sequence, Set
from dataclasses import dataclass
from functools import lru_cache
from typing import Any, NamedTuple

from django.db.models import Q

from pathways.activities.models import Person
from pathways.lib.honorifics import without_honorific
from pathways.lib.text import key_text
from pathways.lib.transliterate import phonetic_key, phonetic_token, romanise
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
    id_number: str = ""
    sex: str = ""


class _Candidate(NamedTuple):
    """The facts of a person on record that deciding a sure match reads."""

    pk: int
    full_name: str
    latin_name: str
    name_key: str
    phone: str
    email: str
    birth_year: int | None
    id_number: str


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
            ids = {f.id_number for f in chunk if f.id_number}
            candidates = persons.filter(
                Q(phone__in=phones) | Q(email__in=emails) | Q(id_number__in=ids)
            )
            found += _sure_in(candidates, chunk, visible)
    matched = Person.objects.in_bulk({c.pk for c, _ in found if c is not None})
    return [SureMatch(matched[c.pk]) if c is not None else SureMatch(hidden=h) for c, h in found]


_Found = tuple[_Candidate | None, int | None]


def _sure_in(candidates, facts: Sequence[PersonFacts], visible: Set[int] | None) -> list[_Found]:
    by_contact: dict[tuple[str, str], list[_Candidate]] = {}
    rows = candidates.order_by("pk").values_list(*_Candidate._fields)
    for row in rows.iterator(chunk_size=5000):
        person = _Candidate(*row)
        for kind, value in _contacts(person.phone, person.email, person.id_number):
            by_contact.setdefault((kind, value), []).append(person)
    return [_sure(f, by_contact, visible) for f in facts]


def _contacts(phone: str, email: str, id_number: str) -> list[tuple[str, str]]:
    """What two records of one person share and two people do not: the normalised phone
    (E.164), the case-folded email and the normalised identity number."""
    pairs = [("phone", phone), ("email", email.casefold()), ("id_number", id_number)]
    return [(kind, value) for kind, value in pairs if value]


def _keys(facts: PersonFacts) -> set[str]:
    return {k for k in (name_key(facts.full_name), name_key(facts.latin_name)) if k}


def _sounds(name: str) -> list[str]:
    """A name's phonetic keys (`agreement_keys`): "p:" its words' skeletons in any order, and
    "j:" its words run together, in written and reversed order ('Sok Dara', 'SOKDARA' and
    'DaraSok' sound alike, spaces aside). The name is romanised once for both."""
    words = romanise(without_honorific(name)).split()
    if not words:
        return []
    tokens = sorted(t for t in map(phonetic_token, words) if t)
    keys = [f"p:{' '.join(tokens)}"] if tokens else []
    joined = {phonetic_token("".join(words)), phonetic_token("".join(reversed(words)))}
    return keys + [f"j:{k}" for k in joined if k]


# Called for every row an import links and every pair the duplicate finder may link: the
# same names come back again and again.
@lru_cache(maxsize=1 << 17)
def agreement_keys(full_name: str, latin_name: str) -> frozenset[str]:
    """The keys two names agree on (`names_agree`): each name's words in any order, each
    name's phonetic key, and each name's words run together. Persons can be indexed by
    them."""
    words = {f"w:{k}" for k in (name_key(full_name), name_key(latin_name)) if k}
    return frozenset(words.union(_sounds(full_name), _sounds(latin_name)))


def names_agree(full_name: str, latin_name: str, other_full: str, other_latin: str) -> bool:
    """Two persons' names agree across scripts: some name of each (as written, or its Latin
    spelling) has the same words in any order ('Sok Dara' and 'DARA, sok'), or the same
    phonetic key, so every word sounds alike in some order ('សុខ ដារ៉ា' and 'Sok Dara';
    'Nguyễn Văn An' and 'Nguyen Van An'), or sounds alike with its words run together, as
    a sheet may write them ('SokDara' and 'Sok Dara'). A name sharing only some of its words
    (a family name: 'Sok Dara' and 'Sok Channa') does not agree."""
    return bool(agreement_keys(full_name, latin_name) & agreement_keys(other_full, other_latin))


class SureReasons(NamedTuple):
    """Why a row is surely a person on record: what they share, and that names agree."""

    shared: tuple[str, ...]

    def labels(self) -> list[str]:
        return [*self.shared, "names_agree"]


def is_sure_link(facts: PersonFacts, person: Any) -> SureReasons | None:
    """The one rule for linking a row to a person on record without asking: they share a
    phone, an email or an identity number, and their names agree (`names_agree`). Returns
    what they share, or None. `person` is anything with the Person fields read here."""
    mine = set(_contacts(facts.phone, facts.email, facts.id_number))
    theirs = set(_contacts(person.phone, person.email, person.id_number))
    shared = tuple(kind for kind, _ in sorted(mine & theirs))
    if not shared:
        return None
    if not names_agree(facts.full_name, facts.latin_name, person.full_name, person.latin_name):
        return None
    return SureReasons(shared)


_NOT_RECORDED = {"", "not_recorded"}


def is_same_attendee(facts: PersonFacts, attendee: Any) -> bool:
    """A row is a person already attending the event it is imported into when their names
    agree across scripts (`names_agree`) and no fact both record differs (phone, email,
    identity number, birth year, sex): within one event, as within one sheet, a name that
    agrees is the same person unless something says otherwise."""
    if not names_agree(facts.full_name, facts.latin_name, attendee.full_name, attendee.latin_name):
        return False
    for name in ("phone", "email", "id_number", "birth_year"):
        mine, theirs = getattr(facts, name), getattr(attendee, name)
        if mine and theirs and str(mine).casefold() != str(theirs).casefold():
            return False
    return facts.sex in _NOT_RECORDED or attendee.sex in _NOT_RECORDED or facts.sex == attendee.sex


def _sure(
    facts: PersonFacts,
    by_contact: dict[tuple[str, str], list[_Candidate]],
    visible: Set[int] | None,
) -> _Found:
    """The first person (by key) the row surely is among those in `visible` (None:
    everyone); failing that, none, and the key of the first one outside it."""
    hidden = None
    seen: set[int] = set()
    for contact in _contacts(facts.phone, facts.email, facts.id_number):
        for person in by_contact.get(contact, []):
            if person.pk in seen or is_sure_link(facts, person) is None:
                continue
            seen.add(person.pk)
            if visible is None or person.pk in visible:
                return person, None
            hidden = hidden or person.pk
    return None, hidden


def find_sure_match(*, country: Country, facts: PersonFacts) -> Person | None:
    """A person of the same country who is certainly the one described, or None.

    Sure means `is_sure_link`: the same phone, email or identity number, and names that
    agree across scripts.
    """
    return find_sure_matches(country=country, facts=[facts])[0].person
