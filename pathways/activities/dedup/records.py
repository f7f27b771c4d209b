"""What matching reads of a person: a record of its facts, its names' forms and its blocks.

A `PersonRecord` is built from a values_list row (or a saved person, or the field values an
import writes), never from a model instance loaded for the purpose: the finder reads a whole
country's persons. Each record knows the blocks it is in (`block_entries`), which the
finder groups in memory and `blocks` stores.
"""

from __future__ import annotations

import re
from collections.abc import Iterator, Mapping
from dataclasses import dataclass
from functools import lru_cache
from typing import Any, NamedTuple

from django.utils.functional import cached_property

from pathways.activities.dedup.matching import match_key
from pathways.activities.models import Person, Sex
from pathways.lib.honorifics import without_honorific
from pathways.lib.transliterate import phonetic_token, romanise

_NON_DIGITS = re.compile(r"\D+")

RECORD_FIELDS = (
    "pk",
    "country_id",
    "full_name",
    "latin_name",
    "sex",
    "birth_year",
    "organisation_id",
    "phone",
    "email",
    "id_number",
    "match_key",
)


def phone_key(phone: str) -> str:
    """The last eight digits: '+855 12 345 678', '012-345-678' and '85512345678' agree."""
    digits = _NON_DIGITS.sub("", phone or "")
    return digits[-8:] if len(digits) >= 8 else ""


class NameForms(NamedTuple):
    """What matching reads of a person's names; the same names give the same forms."""

    # The phonetic keys of the name and of its Latin spelling ('dr sk').
    phonetic_keys: frozenset[str]
    # Each name romanised, words sorted: 'dara sok'.
    spellings: tuple[str, ...]
    # Each name's letters run together, in written and reversed word order.
    run_together: frozenset[str]
    # The run-together spellings by their phonetic key: 'SokDara', 'Sok Dara' and 'DARA SOK'
    # meet. The key is taken of the whole run ('Usan Hyudew' and 'UsanHyudew' both lose the
    # inner 'h').
    joined: dict[str, str]
    joined_keys: frozenset[str]
    # The phonetic keys' words.
    tokens: frozenset[str]
    # The first phonetic key, which orders a block's members.
    first_key: str
    # The name's blocks, (kind, key) with the text that orders the block's members
    # (`_block_entries`), and each name word with that text.
    entries: tuple[tuple[tuple[str, str], str], ...]
    word_rests: tuple[tuple[str, str], ...]


@lru_cache(maxsize=1 << 17)
def name_forms(full_name: str, latin_name: str, stored_key: str = "") -> NameForms:
    """The forms of a pair of names, worked out once per process for names that repeat (a
    country's persons share many names, and an import compares each with its blocks)."""
    key = stored_key or match_key(full_name, latin_name)
    phonetic_keys = frozenset(k for k in key.split("|") if k)
    # Without honorifics, as the keys: 'Mr Sok Dara' is spelt as 'Sok Dara'.
    names = {romanise(without_honorific(n)) for n in (full_name, latin_name)} - {""}
    spellings = tuple(sorted(" ".join(sorted(n.split())) for n in names))
    run_together = frozenset(
        "".join(order) for n in names for order in (n.split(), n.split()[::-1])
    )
    joined = {phonetic_token(spelling): spelling for spelling in sorted(run_together)}
    joined_keys = frozenset(joined) - {""}
    tokens = frozenset(t for k in phonetic_keys for t in k.split())
    first = min(phonetic_keys, default="")
    # Within a block, neighbours should differ little: a name word's block is ordered by the
    # name's other words, a run-together name's by its spelling (a name and its variant
    # without spaces are spelt alike), and the others by the name's key.
    whole = _other_words(first, "")
    word_rests = tuple((token, _other_words(first, token)) for token in sorted(tokens))
    entries = (
        *((("name", key), whole) for key in sorted(phonetic_keys)),
        *((("joined", key), joined[key]) for key in sorted(joined_keys)),
        *((("word", token), rest) for token, rest in word_rests),
    )
    return NameForms(
        phonetic_keys=phonetic_keys,
        spellings=spellings,
        run_together=run_together,
        joined=joined,
        joined_keys=joined_keys,
        tokens=tokens,
        first_key=first,
        entries=entries,
        word_rests=word_rests,
    )


@dataclass(frozen=True)
class PersonRecord:
    """The facts about a person that matching uses; built from a values_list row."""

    pk: int
    country_id: int
    full_name: str
    latin_name: str = ""
    sex: str = Sex.NOT_RECORDED
    birth_year: int | None = None
    organisation_id: int | None = None
    phone: str = ""
    email: str = ""
    id_number: str = ""  # normalised (`lib.text.id_number`), as stored
    match_key: str = ""

    @classmethod
    def of(cls, pk: int, values: Mapping[str, Any]) -> PersonRecord:
        """The record of a person written from these field values (`lib.bulk.insert_rows`)."""
        return cls(pk, *(values[f] for f in RECORD_FIELDS[1:]))

    @classmethod
    def of_person(cls, person: Person) -> PersonRecord:
        return cls(*(getattr(person, f) for f in RECORD_FIELDS))

    @cached_property
    def names(self) -> NameForms:
        return name_forms(self.full_name, self.latin_name, self.match_key)

    @property
    def phonetic_keys(self) -> frozenset[str]:
        return self.names.phonetic_keys

    @property
    def joined(self) -> dict[str, str]:
        return self.names.joined

    @property
    def joined_keys(self) -> frozenset[str]:
        return self.names.joined_keys

    @property
    def tokens(self) -> frozenset[str]:
        return self.names.tokens

    @property
    def spellings(self) -> tuple[str, ...]:
        return self.names.spellings

    @property
    def run_together(self) -> frozenset[str]:
        return self.names.run_together

    @cached_property
    def phone_key(self) -> str:
        return phone_key(self.phone)

    @cached_property
    def block_entries(self) -> tuple[tuple[tuple[Any, ...], str], ...]:
        """The blocks the person is in, each once, with the person's place in the block's
        sorted order (`_block_entries`): worked out once per record."""
        return tuple(_block_entries(self))

    @property
    def first_phonetic_key(self) -> str:
        return self.names.first_key

    @cached_property
    def facts(self) -> tuple[str, str, int, int, str, str]:
        """Phone key, email, birth year, organisation, sex and identity number, each empty
        (or 0) when not recorded: what `scoring._facts_bound` reads for every pair compared."""
        sex = "" if self.sex == Sex.NOT_RECORDED else self.sex
        return (
            self.phone_key,
            self.email.lower(),
            self.birth_year or 0,
            self.organisation_id or 0,
            sex,
            self.id_number,
        )

    @property
    def is_latin(self) -> bool:
        return self.full_name.isascii()


def _block_entries(record: PersonRecord) -> Iterator[tuple[tuple[Any, ...], str]]:
    """Each block the person is in, with the text that orders the block's members before
    their birth year (`name_forms`): the phone's, the email's and the identity number's
    ordered by the name's key,
    those of the name, and each name word's with the birth year and with the organisation."""
    whole = _other_words(record.first_phonetic_key, "")
    if record.phone_key:
        yield ("phone", record.phone_key), whole
    if record.email:
        yield ("email", record.email.lower()), whole
    if record.id_number:
        yield ("id", record.id_number), whole
    yield from record.names.entries
    year, organisation = record.birth_year, record.organisation_id
    if year or organisation:
        for token, rest in record.names.word_rests:
            if year:
                yield ("word-year", token, year), rest
            if organisation:
                yield ("word-org", token, organisation), rest


@lru_cache(maxsize=1 << 16)
def _other_words(name_key: str, token: str) -> str:
    """The name key without the word `token` (once), for a word block's sorted order."""
    return name_key.replace(token, "", 1).strip() if name_key else ""


def person_records(persons) -> Iterator[PersonRecord]:
    """Records for a Person queryset, streamed without building model instances."""
    for row in persons.values_list(*RECORD_FIELDS).iterator(chunk_size=5000):
        yield PersonRecord(*row)
