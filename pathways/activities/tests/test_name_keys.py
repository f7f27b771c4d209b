"""The matching keys of names holding characters nobody sees."""

from __future__ import annotations

import importlib

import pytest
from django.apps import apps as django_apps

from pathways.activities.dedup import matching
from pathways.activities.dedup.matching import PersonFacts, find_sure_match
from pathways.activities.dedup.records import name_forms
from pathways.activities.models import Person
from pathways.activities.tests.factories import country, make_person

INVISIBLE = ["\u200b", "\u200c", "\u200d", "\u2060", "\u00ad", "\x1b", "\x07", "\u202e"]


@pytest.mark.parametrize("invisible", INVISIBLE)
def test_an_invisible_character_inside_a_name_does_not_split_its_keys(invisible):
    written = f"Sok{invisible}Dara"
    assert matching.name_key(written) == matching.name_key("SokDara") == "sokdara"
    assert matching.match_key(written) == matching.match_key("SokDara")
    assert name_forms(written, "") == name_forms("SokDara", "")


def test_a_khmer_name_with_a_zero_width_space_keys_like_the_name_without_it():
    with_space = "សុខ\u200bដារ៉ា"
    assert matching.name_key(with_space) == matching.name_key("សុខដារ៉ា")
    assert matching.match_key(with_space, "Sok Dara") == matching.match_key("សុខដារ៉ា", "Sok Dara")


def test_a_real_space_still_separates_words():
    assert matching.name_key("Dara\u200b Sok") == matching.name_key("Sok Dara") == "dara sok"


@pytest.mark.django_db
def test_a_name_with_a_zero_width_space_is_the_same_person_by_phone():
    person = make_person(full_name="Sok\u200bDara", phone="+85512345678")
    facts = PersonFacts(full_name="SokDara", phone="+85512345678")
    assert find_sure_match(country=country("KH"), facts=facts) == person


@pytest.mark.django_db
def test_keys_stored_before_are_recomputed_by_the_migration():
    migration = importlib.import_module(
        "pathways.activities.migrations.0010_name_keys_without_invisible_characters"
    )
    typed = make_person(full_name="សុខ\u200bដារ៉ា", latin_name="Sok\x1bDara")
    plain = make_person(full_name="Chan Sophea")
    Person.objects.filter(pk=typed.pk).update(name_key="ដារ៉ា សុខ", match_key="sk tr")
    migration.recompute_keys(django_apps, None)
    typed.refresh_from_db()
    assert typed.name_key == matching.name_key("សុខដារ៉ា")
    assert typed.match_key == matching.match_key("សុខដារ៉ា", "SokDara")
    assert Person.objects.get(pk=plain.pk).name_key == "chan sophea"
