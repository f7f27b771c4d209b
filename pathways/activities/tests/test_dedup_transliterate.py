from __future__ import annotations

import pytest

from pathways.lib.transliterate import phonetic_key, romanise


@pytest.mark.parametrize(
    ("script", "latin"),
    [
        ("សុខ ដារ៉ា", "Sok Dara"),
        ("ចាន់ សុភា", "Chan Sophea"),
        ("ស្រី ពៅ", "Srey Pov"),
        ("គឹម សុខា", "Kim Sokha"),
        ("ឡុង វិចិត្រ", "Long Vichet"),
        ("ឈឹម វណ្ណា", "Chhim Vanna"),
        ("ສົມສັກ ພົມມະວົງ", "Somsak Phommavong"),
        ("สมชาย ใจดี", "Somchai Jaidee"),
        ("สมศักดิ์ ศรีวงศ์", "Somsak Sriwong"),
        ("Nguyễn Văn An", "Nguyen Van An"),
    ],
)
def test_name_in_script_and_in_latin_letters_share_a_phonetic_key(script, latin):
    assert phonetic_key(script) == phonetic_key(latin)


def test_phonetic_key_ignores_word_order_case_and_spelling_variants():
    assert phonetic_key("Sok Dara") == phonetic_key("DARA sokh") == phonetic_key("Dara, Sok")


def test_different_names_get_different_keys():
    assert phonetic_key("Sok Dara") != phonetic_key("Kim Sokha")


def test_romanise_gives_lower_case_ascii_words():
    assert romanise("សុខ ដារ៉ា") == "sokh dara"
    assert romanise("Nguyễn  Văn-An") == "nguyen van an"
    assert romanise("") == ""
