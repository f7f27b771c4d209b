"""Honorifics written into names neither keep one person's records apart nor make two
people's names alike: the keys are built from the name without them."""

from __future__ import annotations

import importlib

import pytest
from django.apps import apps as django_apps

from pathways.activities.dedup import matching
from pathways.activities.dedup.matching import PersonFacts, find_sure_match
from pathways.activities.dedup.records import name_forms
from pathways.activities.models import Person
from pathways.activities.tests.factories import country, make_person


@pytest.mark.parametrize(
    ("written", "plain"),
    [
        ("Mr Sok Dara", "Sok Dara"),
        ("Dara, Mrs.", "Dara"),
        ("นายสมชาย ใจดี", "สมชาย ใจดี"),
        ("លោក សុខ ដារ៉ា", "សុខ ដារ៉ា"),
        ("Ông Nguyễn Văn An", "Nguyễn Văn An"),
        ("Ibu Siti Aminah", "Siti Aminah"),
    ],
)
def test_a_name_keys_like_itself_without_its_honorific(written, plain):
    assert matching.name_key(written) == matching.name_key(plain)
    assert matching.match_key(written) == matching.match_key(plain)
    assert name_forms(written, "") == name_forms(plain, "")


def test_a_shared_honorific_makes_no_names_alike():
    assert not name_forms("Mr Sok Dara", "").tokens & name_forms("Mr Chan Vuthy", "").tokens
    assert matching.name_key("Anh Tuấn Nguyễn") != matching.name_key("Tuấn Nguyễn")


@pytest.mark.django_db
def test_a_sheet_row_with_an_honorific_is_the_person_on_record():
    # A sure link needs a shared phone, email or identity number with names that agree: the
    # honorific must not stop the names agreeing.
    person = make_person(full_name="Sok Dara", birth_year=1990, phone="+85512345678")
    facts = PersonFacts(full_name="Mr. Sok Dara", birth_year=1990, phone="+85512345678")
    assert find_sure_match(country=country("KH"), facts=facts) == person


@pytest.mark.django_db
def test_the_migration_recomputes_the_keys_of_names_holding_an_honorific():
    migration = importlib.import_module(
        "pathways.activities.migrations.0014_name_keys_without_honorifics"
    )
    titled = make_person(full_name="Mrs Chan Sophea")
    Person.objects.filter(pk=titled.pk).update(name_key="chan mrs sophea", match_key="x")
    migration.recompute_keys(django_apps, None)
    titled.refresh_from_db()
    assert titled.name_key == "chan sophea"
    assert titled.full_name == "Mrs Chan Sophea"
