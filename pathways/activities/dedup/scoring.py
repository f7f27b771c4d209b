"""How alike two persons are: a score in [0, 1] and the reasons behind it.

A score adds the name's similarity (weighed by how far the spellings are apart and by how
many persons of the country share the name's key) and the other facts: a shared phone, email
or identity number makes a pair whose names agree sure (`Pair.is_sure`); a shared birth
year, sex or organisation adds a little; a differing one weighs more against the pair than
a common name alone weighs for it. The weights come from the labelled synthetic
duplicates (bench/dedup_data.py).

`_score` rules a pair out on the cheap parts first (`_facts_bound`, the name's rarity) and
compares the names last; `arrays` does the same ruling-out for many pairs at once, with the
weights given here.
"""

from __future__ import annotations

import math
from dataclasses import dataclass, field
from typing import Any

from rapidfuzz import fuzz

from pathways.activities.dedup.matching import names_agree
from pathways.activities.dedup.records import PersonRecord
from pathways.activities.models import Sex
from pathways.lib.transliterate import romanise

SURE_SCORE = 0.92
# The reasons that may make a pair sure: a name alone, however rare, never does.
SHARED_CONTACT = frozenset({"same_phone", "same_email", "same_id_number"})
# Pairs from here up wait for review. Raising it trades the recall of everything found for
# the queue's precision along one curve: kept where recall keeps a margin over its target
# (docs/performance.md).
REVIEW_SCORE = 0.60
# The reason of a pair whose names agree across scripts (`matching.names_agree`).
NAMES_AGREE = "names_agree"
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
# An identity number is one person's; a differing one weighs as a differing email (a digit
# miscopied happens, but two numbers are mostly two persons).
ID_NUMBER = (0.45, -0.2)
ORGANISATION = (0.02, -0.2)
SEX = (0.03, -0.25)
# The birth year: the same, one year apart (an age given instead of a year), further apart.
BIRTH_YEAR = (0.1, -0.05, -0.25)


@dataclass(frozen=True)
class Pair:
    a: int
    b: int
    score: float
    reasons: tuple[str, ...] = field(default=())

    @property
    def is_sure(self) -> bool:
        """Merged without asking: the import's rule (`matching.is_sure_link`), a shared
        phone, email or identity number and names that agree across scripts, with a high
        score (nothing else both recorded differs); never a name with the same birth year,
        sex and organisation alone (people share names; docs/counting-rules.md, "One person,
        one record")."""
        return (
            self.score >= SURE_SCORE
            and NAMES_AGREE in self.reasons
            and bool(SHARED_CONTACT.intersection(self.reasons))
        )


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
        shared_contact = any(facts_a[i] and facts_a[i] == facts_b[i] for i in (0, 1, 5))
        rarity, _ = _rarity(count, shared_key=bool(shared), shared_contact=bool(shared_contact))
        if bound + rarity + _ROUNDING < threshold:
            return None
    parts = _other_parts(a, b, count)
    if _clamped(NAME_WEIGHT + sum(w for w, _ in parts)) < threshold:
        return None
    return _scored(a, b, parts)


# `_facts_bound`'s weights, for its array form (arrays.facts_bounds).
_BOUND_WEIGHTS = {
    "name_weight": NAME_WEIGHT,
    "phone": PHONE,
    "email": EMAIL,
    "birth_year": BIRTH_YEAR,
    "organisation": ORGANISATION,
    "sex": SEX,
    "id_number": ID_NUMBER,
}
# `_rarity`'s weights, for its array form (arrays.rarities).
_RARITY_WEIGHTS = {
    "rare_name": RARE_NAME,
    "common_name_step": COMMON_NAME_STEP,
    "no_shared_key": NO_SHARED_KEY,
}
# The largest rarity `_rarity` can give, and a margin for the rounding of `_clamped`.
_BEST_RARITY = max(RARE_NAME - COMMON_NAME_STEP, 0.0)
_ROUNDING = 0.001


def _facts_bound(
    facts_a: tuple[str, str, int, int, str, str], facts_b: tuple[str, str, int, int, str, str]
) -> float:
    """NAME_WEIGHT and the weights of `_other_parts` for the facts both persons have
    (`PersonRecord.facts`). With _BEST_RARITY added, the most the pair could score
    (identical names of the rarest kind): never below the score `_scored` gives, which a
    test holds it to."""
    phone_a, email_a, year_a, org_a, sex_a, id_a = facts_a
    phone_b, email_b, year_b, org_b, sex_b, id_b = facts_b
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
    if id_a and id_b:
        best += ID_NUMBER[id_a != id_b]
    return best


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
    id_number = _agreement(a.id_number, b.id_number, *ID_NUMBER, "id_number")
    shared_contact = phone[0] > 0 or email[0] > 0 or id_number[0] > 0
    shared_key = bool(a.phonetic_keys & b.phonetic_keys)
    return [
        phone,
        email,
        id_number,
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
    # Whether the names agree decides only for a pair sharing a contact (`Pair.is_sure`): it
    # is worked out for those alone.
    if SHARED_CONTACT.intersection(reasons) and names_agree(
        a.full_name, a.latin_name, b.full_name, b.latin_name
    ):
        reasons = (*reasons, NAMES_AGREE)
    low, high = (a, b) if a.pk < b.pk else (b, a)
    return Pair(a=low.pk, b=high.pk, score=_clamped(score), reasons=reasons)
