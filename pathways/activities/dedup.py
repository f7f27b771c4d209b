"""Finding persons recorded twice: blocking, scoring, and the review queue.

`find_candidates` is pure (records in, scored pairs out) so a benchmark can time it and
measure precision and recall on labelled duplicates. It never compares all pairs: each
person is put in a few blocks (phone, email, phonetic name key, the name's letters run
together, a name word with the birth year or the organisation, a name word alone), and only
persons sharing a block are scored. A block too large to compare fully is sorted and
compared within a sliding window, so the work grows linearly with the number of persons.
The pairs are first ruled out on everything but the names on arrays, all blocks at once
(`dedup_arrays`); the names are compared only for the pairs left.

A score adds the name's similarity (weighed by how far the spellings are apart and by how
many persons of the country share the name's key) and the other facts: a shared phone or
email makes a pair with close names sure; a shared birth year, sex or organisation adds a
little; a differing one weighs more against the pair than a common name alone weighs for
it. The weights come from the labelled synthetic duplicates (bench/dedup_data.py).

Sure pairs are merged automatically by `run_duplicate_finder` (audited, undoable); uncertain
ones become DuplicateCandidate rows waiting for a data officer. Pairs never cross countries.
"""

from __future__ import annotations

import math
import re
from collections import defaultdict
from collections.abc import Iterable, Iterator, Mapping, Sequence
from dataclasses import dataclass, field
from functools import lru_cache
from typing import Any, NamedTuple

import numpy as np
from django.core.exceptions import ValidationError
from django.db import connection, transaction
from django.db.models import Exists, OuterRef, QuerySet
from django.utils import timezone
from django.utils.functional import cached_property
from django.utils.translation import gettext as _
from rapidfuzz import fuzz

from pathways.activities import dedup_arrays
from pathways.activities.matching import match_key
from pathways.activities.models import (
    DuplicateCandidate,
    Person,
    PersonBlock,
    PersonMerge,
    Sex,
)
from pathways.audit.models import AuditEvent
from pathways.audit.services import audit_record
from pathways.lib.collector import paused_collector
from pathways.lib.transliterate import phonetic_token, romanise

SURE_SCORE = 0.92
REVIEW_SCORE = 0.60
# The reason of a pair an import could not link: its row surely was a person on record whom
# the importer (a partner) may not see. Only a data officer of the country may merge it.
OUTSIDE_SCOPE = "outside_importer_scope"
# The name's share of a score: its similarity (at most 1) times this.
NAME_WEIGHT = 0.7
# How fast a name's similarity falls with its spelling's (rapidfuzz ratio): one letter in
# ten differing leaves 0.86; in another script, where romanisations differ anyway, 0.93.
SPELLING_SLOPE = 1.4
OTHER_SCRIPT_SLOPE = 0.7
# The name's rarity: RARE_NAME for a key two persons share, COMMON_NAME_STEP less for each
# doubling of the persons sharing it; NO_SHARED_KEY for names that share no key at all.
# Set from the labelled synthetic duplicates (bench/dedup_bench.py and dedup_scale.py): a
# name and nothing else stops being worth a review past about forty persons sharing it, a
# name and the same birth year past some three hundred.
RARE_NAME = 0.08
COMMON_NAME_STEP = 0.033
COMMON_NAME = -0.05
NO_SHARED_KEY = -0.08
# The other facts, (same, differs), counted when both persons have them. A phone weighs
# least against: people change numbers.
PHONE = (0.45, -0.15)
EMAIL = (0.4, -0.2)
ORGANISATION = (0.02, -0.2)
SEX = (0.03, -0.25)
# The birth year: the same, one year apart (an age given instead of a year), further apart.
BIRTH_YEAR = (0.1, -0.05, -0.25)
# Blocks up to this size are compared pair by pair; larger ones through a sorted window.
BLOCK_LIMIT = 8
WINDOW = 4
WORD_WINDOW = 2

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
    names = {romanise(full_name), romanise(latin_name)} - {""}
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
    def facts(self) -> tuple[str, str, int, int, str]:
        """Phone key, email, birth year, organisation and sex, each empty (or 0) when not
        recorded: what `_facts_bound` reads for every pair compared."""
        sex = "" if self.sex == Sex.NOT_RECORDED else self.sex
        return (
            self.phone_key,
            self.email.lower(),
            self.birth_year or 0,
            self.organisation_id or 0,
            sex,
        )

    @property
    def is_latin(self) -> bool:
        return self.full_name.isascii()


@dataclass(frozen=True)
class Pair:
    a: int
    b: int
    score: float
    reasons: tuple[str, ...] = field(default=())

    @property
    def is_sure(self) -> bool:
        return self.score >= SURE_SCORE


# --- blocking ------------------------------------------------------------------------


def _block_entries(record: PersonRecord) -> Iterator[tuple[tuple[Any, ...], str]]:
    """Each block the person is in, with the text that orders the block's members before
    their birth year (`name_forms`): the phone's and the email's ordered by the name's key,
    those of the name, and each name word's with the birth year and with the organisation."""
    whole = _other_words(record.first_phonetic_key, "")
    if record.phone_key:
        yield ("phone", record.phone_key), whole
    if record.email:
        yield ("email", record.email.lower()), whole
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


# A person's place in a block, (rest, year, position): the block's sorted order is these
# values' order, and ties keep the order the persons were given in (their position). Plain
# tuples, as are the block keys, (country, key): an import makes one per person and block.
Place = tuple[str, int, int]


def _blocks(records: Sequence[PersonRecord]) -> dict[tuple[int, tuple[Any, ...]], list[Place]]:
    """The places of `records` by (country, block key), each person once in each of its
    blocks, in the order given."""
    blocks: dict[tuple[int, tuple[Any, ...]], list[Place]] = defaultdict(list)
    for i, record in enumerate(records):
        country, year = record.country_id, record.birth_year or 0
        for key, rest in record.block_entries:
            blocks[(country, key)].append((rest, year, i))
    return blocks


def _window(kind: str, size: int) -> int:
    """How far apart in a block's sorted order two persons may be to be compared."""
    if size <= BLOCK_LIMIT:
        return size
    # A name word alone is the widest block: a narrower window keeps the work linear.
    return WORD_WINDOW if kind == "word" else WINDOW


def _in_block_order(places: list[Place]) -> list[int]:
    """A block's members (positions) in the order its window walks: a block too large to
    compare fully is sorted (the database paths give persons by primary key, so ties keep
    that order, which the focused finder relies on)."""
    if len(places) > BLOCK_LIMIT:
        places = sorted(places)
    return [position for _, _, position in places]


def _name_counts(blocks: dict[tuple[int, tuple[Any, ...]], list[Place]]) -> dict[Any, int]:
    """Persons by (country, phonetic name key)."""
    return {(country, key[1]): len(m) for (country, key), m in blocks.items() if key[0] == "name"}


def _score(
    a: PersonRecord, b: PersonRecord, name_counts: dict[Any, int], country: Any, threshold: float
) -> Pair | None:
    """The pair scored, or None when it cannot reach `threshold` even with identical names
    (the name weighs at most NAME_WEIGHT, so the cheap parts decide that first)."""
    # Most pairs a large block offers differ in a phone, a birth year or sex: ruled out
    # here, at a fraction of what working out their reasons costs. (Scores are clamped at
    # 0, so a threshold of 0 or below rules nothing out.)
    bound = _facts_bound(a.facts, b.facts)
    if threshold > 0 and bound + _BEST_RARITY + _ROUNDING < threshold:
        return None
    return _score_within(a, b, name_counts, country, threshold, bound)


def _score_within(
    a: PersonRecord,
    b: PersonRecord,
    name_counts: dict[Any, int],
    country: Any,
    threshold: float,
    bound: float,
) -> Pair | None:
    """`_score` for a pair whose `_facts_bound` is `bound`: the name's rarity is added to it
    before the reasons are worked out, and the names compared last."""
    shared = a.phonetic_keys & b.phonetic_keys
    count = max((name_counts[(country, k)] for k in shared), default=0)
    if threshold > 0:
        facts_a, facts_b = a.facts, b.facts
        shared_contact = (facts_a[0] and facts_a[0] == facts_b[0]) or (
            facts_a[1] and facts_a[1] == facts_b[1]
        )
        rarity, _ = _rarity(count, shared_key=bool(shared), shared_contact=bool(shared_contact))
        if bound + rarity + _ROUNDING < threshold:
            return None
    parts = _other_parts(a, b, count)
    if _clamped(NAME_WEIGHT + sum(w for w, _ in parts)) < threshold:
        return None
    return _scored(a, b, parts)


# `_facts_bound`'s weights, for its array form (dedup_arrays.facts_bounds).
_BOUND_WEIGHTS = {
    "name_weight": NAME_WEIGHT,
    "phone": PHONE,
    "email": EMAIL,
    "birth_year": BIRTH_YEAR,
    "organisation": ORGANISATION,
    "sex": SEX,
}
# `_rarity`'s weights, for its array form (dedup_arrays.rarities).
_RARITY_WEIGHTS = {
    "rare_name": RARE_NAME,
    "common_name_step": COMMON_NAME_STEP,
    "no_shared_key": NO_SHARED_KEY,
}
# The largest rarity `_rarity` can give, and a margin for the rounding of `_clamped`.
_BEST_RARITY = max(RARE_NAME - COMMON_NAME_STEP, 0.0)
_ROUNDING = 0.001


def _facts_bound(
    facts_a: tuple[str, str, int, int, str], facts_b: tuple[str, str, int, int, str]
) -> float:
    """NAME_WEIGHT and the weights of `_other_parts` for the facts both persons have
    (`PersonRecord.facts`). With _BEST_RARITY added, the most the pair could score
    (identical names of the rarest kind): never below the score `_scored` gives, which a
    test holds it to."""
    phone_a, email_a, year_a, org_a, sex_a = facts_a
    phone_b, email_b, year_b, org_b, sex_b = facts_b
    best = NAME_WEIGHT
    if phone_a and phone_b:
        best += PHONE[phone_a != phone_b]
    if email_a and email_b:
        best += EMAIL[email_a != email_b]
    if year_a and year_b:
        best += BIRTH_YEAR[min(abs(year_a - year_b), 2)]
    if org_a and org_b:
        best += ORGANISATION[org_a != org_b]
    if sex_a and sex_b:
        best += SEX[sex_a != sex_b]
    return best


def find_candidates(
    persons: Iterable[PersonRecord],
    *,
    focus: set[int] | None = None,
    threshold: float = REVIEW_SCORE,
) -> list[Pair]:
    """Scored pairs of persons that may be one, within each country, best first.

    With `focus`, only pairs involving at least one of those persons are scored, in the
    blocks those persons are in.
    """
    # Blocks, records' name forms and pairs are millions of small objects, none in a cycle.
    with paused_collector():
        return _find_candidates(persons, focus=focus, threshold=threshold)


def _laid_out_blocks(
    persons: list[PersonRecord], counts: list[bool], focused: bool
) -> tuple[dedup_arrays.Blocks, dict[tuple[int, str], int]]:
    """The blocks of `persons` with two or more members, in window order, laid end to end
    (with `focused`, only those with a person that counts); and the persons sharing each
    name key. The blocks themselves, several small objects per person, are let go here."""
    blocks = _blocks(persons)
    if focused:
        blocks = {k: m for k, m in blocks.items() if any(counts[p[2]] for p in m)}
    laid = dedup_arrays.laid_out(
        [
            (_in_block_order(members), _window(key[0], len(members)))
            for (_, key), members in blocks.items()
            if len(members) > 1
        ]
    )
    return laid, _name_counts(blocks)


def _find_candidates(
    persons: Iterable[PersonRecord], *, focus: set[int] | None, threshold: float
) -> list[Pair]:
    persons = list(persons)
    counts = [focus is None or r.pk in focus for r in persons]
    laid, name_counts = _laid_out_blocks(persons, counts, focus is not None)
    # Every pair of every block's window, as positions in `persons`, ruled out on
    # `_facts_bound` (as `_score` would) before any is scored, each pair kept once.
    facts = dedup_arrays.facts_arrays([r.facts for r in persons])
    limit = threshold - _BEST_RARITY - _ROUNDING if threshold > 0 else -math.inf
    counted = np.array(counts, dtype=bool)

    def plausible(first: np.ndarray, second: np.ndarray) -> np.ndarray:
        kept = dedup_arrays.facts_bounds(facts, first, second, **_BOUND_WEIGHTS) >= limit
        return kept if focus is None else kept & (counted[first] | counted[second])

    low, high = dedup_arrays.unique_pairs(
        *dedup_arrays.window_pairs(laid, where=plausible), len(persons)
    )
    bounds = dedup_arrays.facts_bounds(facts, low, high, **_BOUND_WEIGHTS)
    # And on the name's rarity, as `_score_within` does first; then each pair left on the
    # names' similarity, the only part of the score not known by now, before its reasons
    # are worked out.
    names = dedup_arrays.name_keys(
        [[(r.country_id, k) for k in r.phonetic_keys] for r in persons], name_counts
    )
    rarity = dedup_arrays.rarities(names, facts, low, high, **_RARITY_WEIGHTS)
    others = bounds - NAME_WEIGHT + rarity  # the score but the name's similarity
    if threshold > 0:
        keep = NAME_WEIGHT + others + _ROUNDING >= threshold
        low, high, bounds, others = low[keep], high[keep], bounds[keep], others[keep]
    pairs: list[Pair] = []
    for a, b, bound, other in zip(
        low.tolist(), high.tolist(), bounds.tolist(), others.tolist(), strict=True
    ):
        a_record, b_record = persons[a], persons[b]
        if threshold > 0:
            name, _ = _name_similarity(a_record, b_record)
            if NAME_WEIGHT * name + other + _ROUNDING < threshold:
                continue
        pair = _score_within(a_record, b_record, name_counts, a_record.country_id, threshold, bound)
        if pair is not None and pair.score >= threshold:
            pairs.append(pair)
    pairs.sort(key=lambda p: (-p.score, p.a, p.b))
    return pairs


# --- scoring -------------------------------------------------------------------------


def _name_similarity(a: PersonRecord, b: PersonRecord) -> tuple[float, str]:
    best = max(fuzz.ratio(x, y) for x in a.spellings for y in b.spellings)
    if best < 100:
        best = max(best, max(fuzz.ratio(x, y) for x in a.run_together for y in b.run_together))
    best /= 100
    if best >= 0.999:
        return 1.0, _exact_reason(a, b)
    # Romanisations of one name in another script differ in vowels and doubled letters;
    # with the same consonant skeleton a spelling difference says less there, and only there.
    if a.is_latin != b.is_latin and a.joined_keys & b.joined_keys:
        return 1 - OTHER_SCRIPT_SLOPE * (1 - best), "other_script"
    return max(0.0, 1 - SPELLING_SLOPE * (1 - best)), "similar_name"


def _exact_reason(a: PersonRecord, b: PersonRecord) -> str:
    if a.is_latin != b.is_latin:
        return "other_script"
    if romanise(a.full_name) == romanise(b.full_name):
        return "same_name"
    return "name_order" if a.spellings == b.spellings else "spacing"


def _agreement(a: Any, b: Any, same: float, differ: float, label: str) -> tuple[float, str]:
    if not a or not b:
        return 0.0, ""
    return (same, f"same_{label}") if a == b else (differ, f"{label}_differs")


def _birth_year(a: PersonRecord, b: PersonRecord) -> tuple[float, str]:
    if not a.birth_year or not b.birth_year:
        return 0.0, ""
    gap = min(abs(a.birth_year - b.birth_year), 2)
    # An age given instead of a year is often one off; further apart, two persons.
    reason = ("same_birth_year", "birth_year_close", "birth_year_differs")[gap]
    return BIRTH_YEAR[gap], reason


def _sex(a: PersonRecord, b: PersonRecord) -> tuple[float, str]:
    if Sex.NOT_RECORDED in (a.sex, b.sex):
        return 0.0, ""
    return (SEX[0], "") if a.sex == b.sex else (SEX[1], "sex_differs")


def _rarity(name_count: int, *, shared_key: bool, shared_contact: bool) -> tuple[float, str]:
    """What the name itself is worth. Two persons sharing a name key few others in the
    country have are likely one; each doubling of the key's persons makes a chance meeting
    likelier (a Vietnamese name can be shared by dozens). Names sharing no key (a typo,
    spaces, another romanisation) start lower. A shared phone or email outweighs a common
    name, so a common name then costs nothing."""
    if not shared_key:
        return NO_SHARED_KEY, ""
    weight = RARE_NAME - COMMON_NAME_STEP * math.log2(max(name_count, 2))
    if shared_contact:
        weight = max(weight, 0.0)
    if name_count == 2:
        return weight, "rare_name"
    return weight, "common_name" if weight <= COMMON_NAME else ""


def score_pair(a: PersonRecord, b: PersonRecord, *, name_count: int = 0) -> Pair:
    """A score in [0, 1] and the reasons behind it, from the names and the other facts.

    `name_count` is how many persons of the country share the pair's phonetic name key
    (0: not known, counted as rare).
    """
    return _scored(a, b, _other_parts(a, b, name_count))


def _other_parts(a: PersonRecord, b: PersonRecord, name_count: int) -> list[tuple[float, str]]:
    """Every weighted reason but the name's: cheap, so computed first.

    A fact both persons have that differs weighs against the pair more than a common name
    alone weighs for it (a phone least: people change numbers). A shared phone or email
    makes the pair sure when the names are close; a shared birth year, sex or organisation
    only adds to the name."""
    phone = _agreement(a.phone_key, b.phone_key, *PHONE, "phone")
    email = _agreement(a.email.lower(), b.email.lower(), *EMAIL, "email")
    shared_contact = phone[0] > 0 or email[0] > 0
    shared_key = bool(a.phonetic_keys & b.phonetic_keys)
    return [
        phone,
        email,
        _birth_year(a, b),
        _agreement(a.organisation_id, b.organisation_id, *ORGANISATION, "organisation"),
        _sex(a, b),
        _rarity(name_count, shared_key=shared_key, shared_contact=shared_contact),
    ]


def _clamped(score: float) -> float:
    return round(min(max(score, 0.0), 1.0), 3)


def _scored(a: PersonRecord, b: PersonRecord, parts: list[tuple[float, str]]) -> Pair:
    name, name_reason = _name_similarity(a, b)
    score = NAME_WEIGHT * name + sum(weight for weight, _ in parts)
    reasons = (name_reason, *(reason for _, reason in parts if reason))
    low, high = (a, b) if a.pk < b.pk else (b, a)
    return Pair(a=low.pk, b=high.pk, score=_clamped(score), reasons=reasons)


# --- the database side -----------------------------------------------------------------


def person_records(persons) -> Iterator[PersonRecord]:
    """Records for a Person queryset, streamed without building model instances."""
    for row in persons.values_list(*RECORD_FIELDS).iterator(chunk_size=5000):
        yield PersonRecord(*row)


def queue_pairs(pairs: Iterable[Pair]) -> int:
    """Pending review rows for pairs not already queued or decided; returns how many are new."""
    pairs = list(pairs)
    if not pairs:
        return 0
    existing = set(
        DuplicateCandidate.objects.filter(person_a__in={p.a for p in pairs}).values_list(
            "person_a_id", "person_b_id"
        )
    )
    new = [
        DuplicateCandidate(person_a_id=p.a, person_b_id=p.b, score=p.score, reasons=list(p.reasons))
        for p in pairs
        if (p.a, p.b) not in existing
    ]
    DuplicateCandidate.objects.bulk_create(new, batch_size=1000, ignore_conflicts=True)
    return len(new)


# Blocks are stored for the keys below; a word's blocks with the birth year or the
# organisation are the word block's members sharing those, so they are not stored twice.
_DERIVED = ("word-year", "word-org")
_CHUNK = 500
# New persons past this share of their country are compared within the whole country: their
# blocks cover most of it, and one pass is then the cheaper way (docs/performance.md).
_WHOLE_COUNTRY_SHARE = 1 / 16


class _Member(NamedTuple):
    """A stored block row: its fields in this order are the block's sorted order."""

    rest: str
    year: int
    pk: int
    org: int | None


def _key_text(key: tuple[Any, ...]) -> str:
    return ":".join(str(part) for part in key)


_BLOCK_COLUMNS = ("person_id", "country_id", "key", "rest", "year", "organisation_id")


def _block_rows(record: PersonRecord) -> Iterator[tuple[Any, ...]]:
    """The person's stored block rows, as values of _BLOCK_COLUMNS."""
    year = record.birth_year or 0
    for key, rest in record.block_entries:
        if key[0] in _DERIVED:
            continue
        yield (record.pk, record.country_id, _key_text(key), rest, year, record.organisation_id)


def _insert_blocks(rows: Iterable[tuple[Any, ...]], *, new_persons: bool = False) -> None:
    """One prepared INSERT for every row (executemany), or COPY on PostgreSQL: an import
    stores several rows per new person, and model instances, or statements of many rows
    each compiled afresh, cost more than the rest of the work (docs/performance.md). A row
    already there (a person edited while an import stores its missing blocks) is left as it
    is.

    `new_persons`: the rows are of persons created in this transaction, whom no other
    writer can see yet, so no row can be there already (on PostgreSQL they are copied
    straight into the table)."""
    rows = list(rows)
    if not rows:
        return
    table = connection.ops.quote_name(PersonBlock._meta.db_table)
    columns = ", ".join(connection.ops.quote_name(c) for c in _BLOCK_COLUMNS)
    with transaction.atomic(), connection.cursor() as cursor:
        if connection.vendor == "postgresql" and new_persons:
            with cursor.cursor.copy(f"COPY {table} ({columns}) FROM STDIN") as copy:
                for row in rows:
                    copy.write_row(row)
            return
        if connection.vendor == "postgresql":
            _copy_blocks(cursor, table, columns, rows)
            return
        marks = ", ".join(["%s"] * len(_BLOCK_COLUMNS))
        sql = f"INSERT INTO {table} ({columns}) VALUES ({marks}) ON CONFLICT DO NOTHING"  # noqa: S608
        for chunk in _chunks(rows, 5000):  # names from the model, values as parameters
            cursor.executemany(sql, chunk)


def _copy_blocks(cursor: Any, table: str, columns: str, rows: list[tuple[Any, ...]]) -> None:
    cursor.execute(
        "CREATE TEMPORARY TABLE person_block_new (person_id bigint, country_id bigint,"
        " key text, rest text, year integer, organisation_id bigint)"
    )
    with cursor.cursor.copy(f"COPY person_block_new ({columns}) FROM STDIN") as copy:
        for row in rows:
            copy.write_row(row)
    cursor.execute(  # names from the model
        f"INSERT INTO {table} ({columns}) SELECT {columns} FROM person_block_new"  # noqa: S608
        " ON CONFLICT DO NOTHING"
    )
    cursor.execute("DROP TABLE person_block_new")


def _chunks(items: Iterable[Any], size: int = _CHUNK) -> Iterator[list[Any]]:
    items = list(items)
    for start in range(0, len(items), size):
        yield items[start : start + size]


def refresh_person_blocks(persons: Iterable[Person]) -> None:
    """Store the blocks of these persons afresh from their saved facts; every service that
    changes a person's names, contacts, birth year or organisation calls it."""
    records = [PersonRecord.of_person(p) for p in persons]
    for chunk in _chunks([r.pk for r in records]):
        PersonBlock.objects.filter(person_id__in=chunk).delete()
    _insert_blocks(row for r in records for row in _block_rows(r))


def _without_blocks(country_id: int) -> QuerySet[Person]:
    return (
        Person.objects.filter(country_id=country_id)
        .filter(~Exists(PersonBlock.objects.filter(person_id=OuterRef("pk"))))
        .order_by()
    )


def store_missing_blocks(country_id: int) -> None:
    """Blocks for the country's persons that have none yet: persons written in bulk (the
    scale data, say) get theirs here, before anyone is compared with them."""
    _insert_blocks(
        row for r in person_records(_without_blocks(country_id)) for row in _block_rows(r)
    )


def _sync_blocks(country_id: int, records: list[PersonRecord]) -> None:
    """Make the country's stored blocks exactly those of `records` (the full finder's)."""
    wanted = {row for r in records for row in _block_rows(r)}
    stale = []
    for pk, *fields in (
        PersonBlock.objects.filter(country_id=country_id)
        .values_list("pk", *_BLOCK_COLUMNS)
        .iterator(chunk_size=5000)
    ):
        row = tuple(fields)
        if row in wanted:
            wanted.discard(row)
        else:
            stale.append(pk)
    for chunk in _chunks(stale):
        PersonBlock.objects.filter(pk__in=chunk).delete()
    _insert_blocks(wanted)


def _stored_rows(country_id: int, focus: set[int]) -> Iterator[tuple[Any, ...]]:
    """The stored rows of every block the focus persons are in."""
    keys: set[str] = set()
    for chunk in _chunks(focus):
        keys.update(PersonBlock.objects.filter(person_id__in=chunk).values_list("key", flat=True))
    rows = PersonBlock.objects.filter(country_id=country_id).order_by()
    for chunk in _chunks(keys):
        yield from (
            rows.filter(key__in=chunk)
            .values_list("key", "rest", "year", "person_id", "organisation_id")
            .iterator(chunk_size=5000)
        )


def _stored_blocks(country_id: int, focus: set[int]) -> dict[tuple[Any, ...], list[_Member]]:
    """The whole membership of every block the focus persons are in, from the stored rows."""
    stored: dict[str, list[_Member]] = defaultdict(list)
    for key, *member in _stored_rows(country_id, focus):
        stored[key].append(_Member(*member))
    blocks: dict[tuple[Any, ...], list[_Member]] = {}
    for key, members in stored.items():
        kind, _, value = key.partition(":")
        blocks[(kind, value)] = members
        if kind == "word":
            blocks.update(_word_blocks(value, members, focus))
    return blocks


def _records(pks: set[int]) -> dict[int, PersonRecord]:
    records: dict[int, PersonRecord] = {}
    for chunk in _chunks(pks):
        records.update((r.pk, r) for r in person_records(Person.objects.filter(pk__in=chunk)))
    return records


def _word_blocks(
    token: str, members: list[_Member], focus: set[int]
) -> dict[tuple[Any, ...], list[_Member]]:
    """The focus persons' blocks of this word with their birth year or organisation."""
    years = {m.year for m in members if m.pk in focus and m.year}
    orgs = {m.org for m in members if m.pk in focus and m.org}
    blocks = {("word-year", token, y): [m for m in members if m.year == y] for y in years}
    blocks.update({("word-org", token, o): [m for m in members if m.org == o] for o in orgs})
    return blocks


def _pairs_with(focus: set[int], kind: str, members: list[_Member]) -> Iterator[tuple[int, int]]:
    """The pairs a block's window offers (`dedup_arrays.window_pairs`) that involve a focus
    person, found from the focus persons' places alone: a large block's window is walked
    only around them."""
    ordered = sorted(members) if len(members) > BLOCK_LIMIT else members
    window = _window(kind, len(members))
    for i, member in enumerate(ordered):
        if member.pk in focus:
            for other in ordered[max(0, i - window) : i] + ordered[i + 1 : i + 1 + window]:
                yield member.pk, other.pk


def _focused_pairs(country_id: int, focus: set[int], threshold: float) -> list[Pair]:
    """What `find_candidates(all persons of the country, focus=focus)` finds, reading only
    the persons that share a block with the focus persons."""
    blocks = _stored_blocks(country_id, focus)
    name_counts = {(country_id, key[1]): len(m) for key, m in blocks.items() if key[0] == "name"}
    wanted: set[tuple[int, int]] = set()
    for key, members in blocks.items():
        for a, b in _pairs_with(focus, key[0], members):
            wanted.add((a, b) if a < b else (b, a))
    records = _records({pk for pair in wanted for pk in pair})
    # A block row whose person is gone (deleted other than through Django) is skipped.
    scored = (
        _score(records[a], records[b], name_counts, country_id, threshold)
        for a, b in wanted
        if a in records and b in records
    )
    pairs = [p for p in scored if p is not None and p.score >= threshold]
    pairs.sort(key=lambda p: (-p.score, p.a, p.b))
    return pairs


def queue_candidates(*, persons: Sequence[Person | PersonRecord]) -> int:
    """Queue review candidates for persons just created in this transaction (an import's)
    against the others of their country. Returns the number of new pending candidates.

    Their blocks are stored first, from the saved persons (or their records). The work grows
    with these persons and the blocks they are in, not with the country."""
    by_country: dict[int, list[PersonRecord]] = defaultdict(list)
    for person in persons:
        record = person if isinstance(person, PersonRecord) else PersonRecord.of_person(person)
        by_country[record.country_id].append(record)
    queued = 0
    for country_id, new in by_country.items():
        pks = {r.pk for r in new}
        # Created in this transaction: no blocks of theirs can be stored yet.
        _insert_blocks((row for r in new for row in _block_rows(r)), new_persons=True)
        store_missing_blocks(country_id)  # any others written in bulk without theirs
        if len(pks) > _WHOLE_COUNTRY_SHARE * Person.objects.filter(country_id=country_id).count():
            country = Person.objects.filter(country_id=country_id).order_by("pk")
            everyone = [r for r in person_records(country) if r.pk not in pks]
            everyone = sorted([*everyone, *new], key=lambda r: r.pk)
            queued += queue_pairs(find_candidates(everyone, focus=pks))
        else:
            queued += queue_pairs(_focused_pairs(country_id, pks, REVIEW_SCORE))
    return queued


def queue_outside_scope(*, pairs: Sequence[tuple[PersonRecord, int]]) -> int:
    """Queue each person just created by an import with the person on record its row surely
    was, whom the importer may not see (`OUTSIDE_SCOPE` first among the reasons). Returns the
    number of new pending candidates."""
    if not pairs:
        return 0
    on_record = _records({pk for _, pk in pairs})
    scored = []
    for new, pk in pairs:
        if pk in on_record:  # the country is locked: only a person deleted outside the app
            pair = score_pair(new, on_record[pk])
            scored.append(Pair(pair.a, pair.b, pair.score, (OUTSIDE_SCOPE, *pair.reasons)))
    return queue_pairs(scored)


def _fresh_records(country_id: int) -> list[PersonRecord]:
    """The country's persons with match keys computed afresh, by primary key; stored keys
    and blocks that were stale (a name edited by a service that did not set them) are
    corrected on the way."""
    records, stale = [], []
    for row in (
        Person.objects.filter(country_id=country_id)
        .order_by("pk")
        .values_list(*RECORD_FIELDS)
        .iterator(chunk_size=5000)
    ):
        record = PersonRecord(*row[:-1])
        records.append(record)
        fresh = "|".join(sorted(record.phonetic_keys))
        if fresh != row[-1]:
            stale.append(Person(pk=record.pk, match_key=fresh))
    Person.objects.bulk_update(stale, ["match_key"], batch_size=1000)
    _sync_blocks(country_id, records)
    return records


@dataclass
class FinderResult:
    pairs_found: int = 0
    merged: int = 0
    queued: int = 0


def run_duplicate_finder(
    *,
    country_ids: Iterable[int],
    merge_sure: bool = True,
    source: str = AuditEvent.Source.COMMAND,
) -> FinderResult:
    """Find duplicates in each country: merge sure pairs (as the system), queue the rest."""
    result = FinderResult()
    for country_id in country_ids:
        pairs = find_candidates(_fresh_records(country_id))
        result.pairs_found += len(pairs)
        with transaction.atomic():
            merged_away = _merge_sure(pairs, source=source) if merge_sure else set()
            uncertain = [
                p for p in pairs if not (merge_sure and p.is_sure) and not {p.a, p.b} & merged_away
            ]
            result.merged += len(merged_away)
            result.queued += queue_pairs(uncertain)
    return result


def _merge_sure(pairs: list[Pair], *, source: str) -> set[int]:
    """Merge each sure pair into its older person, skipping pairs a reviewer kept apart,
    pairs an import left for a data officer (`OUTSIDE_SCOPE`: merging shows the person on
    record to the partner who imported), and persons already merged in this run (the next
    run picks those up)."""
    from pathways.activities.merging import person_merge

    sure = [p for p in pairs if p.is_sure]
    decided = DuplicateCandidate.objects.filter(
        status__in=[DuplicateCandidate.Status.DISTINCT, DuplicateCandidate.Status.PENDING],
        person_a__in={p.a for p in sure},
    ).values_list("person_a_id", "person_b_id", "status", "reasons")
    kept_apart = {
        (a, b)
        for a, b, status, reasons in decided
        if status == DuplicateCandidate.Status.DISTINCT or OUTSIDE_SCOPE in reasons
    }
    touched: set[int] = set()
    merged_away: set[int] = set()
    for pair in sure:
        if (pair.a, pair.b) in kept_apart or {pair.a, pair.b} & touched:
            continue
        kept, merged = Person.objects.get(pk=pair.a), Person.objects.get(pk=pair.b)
        person_merge(actor=None, kept=kept, merged=merged, source=source)
        touched |= {pair.a, pair.b}
        merged_away.add(pair.b)
    return merged_away


# --- review decisions --------------------------------------------------------------------


@transaction.atomic
def candidate_keep_apart(*, actor: Any, candidate: DuplicateCandidate) -> DuplicateCandidate:
    """A reviewer's decision that the pair are two persons: never proposed or merged again."""
    from pathways.activities.merging import check_merge_access

    candidate = DuplicateCandidate.objects.select_for_update().get(pk=candidate.pk)
    check_merge_access(actor, candidate.person_a.country_id)
    before = candidate.status
    candidate.status = DuplicateCandidate.Status.DISTINCT
    candidate.decided_by = actor
    candidate.decided_at = timezone.now()
    candidate.full_clean()
    candidate.save()
    audit_record(
        actor=actor,
        action=AuditEvent.Action.STATUS,
        instance=candidate,
        changes={"status": [before, candidate.status]},
    )
    return candidate


def candidate_merge(*, actor: Any, candidate: DuplicateCandidate, keep: Person) -> PersonMerge:
    """Merge the pair of a review candidate, keeping the person the reviewer chose."""
    from pathways.activities.merging import person_merge

    pair = {candidate.person_a_id: candidate.person_a, candidate.person_b_id: candidate.person_b}
    if keep.pk not in pair:
        raise ValidationError(_("Choose one of the two persons of this pair to keep."))
    merged = pair[
        candidate.person_b_id if keep.pk == candidate.person_a_id else candidate.person_a_id
    ]
    return person_merge(actor=actor, kept=keep, merged=merged)
