from __future__ import annotations

import pytest
from django.core.exceptions import ValidationError
from django.utils import translation

from pathways.lib.translated import (
    clean_field_translations,
    missing_translations,
    other_languages,
    translated_text,
    with_seed,
)

LIMITS = {"name": 10, "description": None}


def test_the_active_language_reads_its_own_translation():
    stored = {"km": {"name": "ខេត្ត"}}
    with translation.override("km"):
        assert translated_text(stored, "name", "Province") == "ខេត្ត"
    with translation.override("en"):
        assert translated_text(stored, "name", "Province") == "Province"


def test_a_missing_translation_falls_back_to_the_catalogs_then_the_english():
    with translation.override("km"):
        # The catalogs translate the country's name; nobody translated the made-up one.
        assert translated_text({}, "name", "Cambodia") == "កម្ពុជា"
        assert translated_text({"km": {"name": ""}}, "name", "Nowhere") == "Nowhere"
        assert translated_text(None, "name", None) == ""
        assert translated_text({"lo": {"name": "ລາວ"}}, "name", "Nowhere") == "Nowhere"


def test_translations_are_cleaned_to_known_languages_and_fields_without_blanks():
    cleaned = clean_field_translations(
        {"km": {"name": "  ខេត្ត ", "description": ""}, "th": {"name": ""}}, LIMITS
    )
    assert cleaned == {"km": {"name": "ខេត្ត"}}


@pytest.mark.parametrize(
    "value",
    [
        [],
        {"xx": {"name": "?"}},
        {"en": {"name": "English lives in the row"}},
        {"km": "not a mapping"},
        {"km": {"title": "not a field here"}},
        {"km": {"name": "longer than ten"}},
    ],
)
def test_bad_translations_are_refused(value):
    with pytest.raises(ValidationError):
        clean_field_translations(value, LIMITS)


def test_a_long_translation_is_refused_naming_the_language_and_the_field():
    with pytest.raises(ValidationError) as caught:
        clean_field_translations({"km": {"name": "x" * 11}}, LIMITS, {"name": "Name"})
    message = caught.value.message_dict["translations"][0]
    assert "ខ្មែរ" in message and "Name" in message and "10" in message


def test_the_seed_fills_gaps_and_keeps_what_a_person_wrote():
    languages = [code for code, _name in other_languages()]
    seed = {"Kep": tuple(f"Kep-{code}" for code in languages)}
    stored = {"km": {"name": "កែប (edited)"}}
    result = with_seed(stored, {"name": "Kep"}, seed, languages)
    assert result["km"] == {"name": "កែប (edited)"}
    assert result["th"] == {"name": "Kep-th"}
    assert missing_translations(result, {"name": "Kep"}) == []
    assert ("km", "name") in missing_translations({}, {"name": "Kep", "description": ""})
    assert ("km", "description") not in missing_translations({}, {"description": ""})
