"""Recognising a person already on record: name normalisation and sure matches.

The importer asks `find_sure_match` for each row; the de-duplication module builds on the
same normalisation to find uncertain pairs for review.
"""

from __future__ import annotations

import re
import unicodedata
from dataclasses import dataclass

from pathways.activities.models import Person
from pathways.programs.models import Country

_PUNCTUATION = re.compile(r"[\W_]+", re.UNICODE)


def normalise_name(name: str) -> str:
    """Case-folded, accent-stable, punctuation and extra spaces removed."""
    text = unicodedata.normalize("NFKC", name or "").casefold()
    return " ".join(_PUNCTUATION.sub(" ", text).split())


def name_key(name: str) -> str:
    """Order-insensitive key: 'Sok Dara' and 'DARA, sok' share one key."""
    return " ".join(sorted(normalise_name(name).split()))


@dataclass(frozen=True)
class PersonFacts:
    """What a sheet row tells about a person, normalised."""

    full_name: str
    latin_name: str = ""
    phone: str = ""
    email: str = ""
    birth_year: int | None = None


def find_sure_match(*, country: Country, facts: PersonFacts) -> Person | None:
    """A person of the same country who is certainly the one described, or None.

    Sure means: the same phone or email and a compatible name, or the same name key and
    the same birth year.
    """
    people = Person.objects.filter(country=country)
    keys = {k for k in (name_key(facts.full_name), name_key(facts.latin_name)) if k}
    for field, value in (("phone", facts.phone), ("email", facts.email.lower())):
        if value:
            for person in people.filter(**{field: value}):
                if keys & {person.name_key, name_key(person.latin_name)}:
                    return person
    if facts.birth_year and keys:
        return people.filter(name_key__in=keys, birth_year=facts.birth_year).first()
    return None
