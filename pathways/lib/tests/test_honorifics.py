from __future__ import annotations

import pytest

from pathways.lib.honorifics import split_honorific


@pytest.mark.parametrize(
    ("written", "honorific", "name"),
    [
        ("Mr Sok Dara", "Mr", "Sok Dara"),
        ("MRS. Jane Doe", "MRS.", "Jane Doe"),
        ("Ms Lee", "Ms", "Lee"),
        ("Dr. Prof. Somchai", "Dr. Prof.", "Somchai"),
        ("Sok Dara (Mr)", "Mr", "Sok Dara"),
        ("Dara, Mrs.", "Mrs.", "Dara"),
        ("นาย สมชาย ใจดี", "นาย", "สมชาย ใจดี"),
        ("นายสมชาย ใจดี", "นาย", "สมชาย ใจดี"),
        ("นางสาวสมหญิง ใจดี", "นางสาว", "สมหญิง ใจดี"),
        ("ด.ญ.มาลี ดีใจ", "ด.ญ.", "มาลี ดีใจ"),
        ("លោក សុខ ដារ៉ា", "លោក", "សុខ ដារ៉ា"),
        ("លោកស្រី ចាន់ សុភា", "លោកស្រី", "ចាន់ សុភា"),
        ("អ្នកស្រីចាន់ សុភា", "អ្នកស្រី", "ចាន់ សុភា"),
        ("កញ្ញា ចាន់ សុភា", "កញ្ញា", "ចាន់ សុភា"),
        ("Ông Nguyễn Văn An", "Ông", "Nguyễn Văn An"),
        ("Bà Trần Thị Lan", "Bà", "Trần Thị Lan"),
        ("Anh Nguyễn Văn Tuấn", "Anh", "Nguyễn Văn Tuấn"),
        ("Bapak Budi Santoso", "Bapak", "Budi Santoso"),
        ("Ibu Siti", "Ibu", "Siti"),
        ("Sdri. Rina Wati", "Sdri.", "Rina Wati"),
        ("Gng. Maria Santos", "Gng.", "Maria Santos"),
        ("Bb. Ana Cruz", "Bb.", "Ana Cruz"),
        ("ທ້າວ ສົມສັກ ແກ້ວ", "ທ້າວ", "ສົມສັກ ແກ້ວ"),
        ("ທ້າວສົມສັກ", "ທ້າວ", "ສົມສັກ"),
        ("ນາງ ບົວພາ", "ນາງ", "ບົວພາ"),
        ("ဦး အောင်မြင့်", "ဦး", "အောင်မြင့်"),
        ("ဒေါ် ခင်ခင်", "ဒေါ်", "ခင်ခင်"),
    ],
)
def test_honorifics_in_each_language_are_kept_apart(written, honorific, name):
    assert split_honorific(written) == (honorific, name)


@pytest.mark.parametrize(
    "written",
    [
        "Sok Dara",
        "Mr",  # nothing would be left
        "Anh Tuấn Nguyễn",  # Anh, a given name, before a name of two words
        "Anh Nguyen",
        "កញ្ញា សុភា",  # Kanha, a given name
        "G Santos",  # an initial without its dot
        "Bb Cruz",
        "ကိုကို",  # Ko Ko: a name, not an honorific
        "ကို အောင်",
        "မ ခင်",
        "Mister Smith",
        "Drew Barry",  # begins like Dr
        "Misses Ann",
        "Bui Thi Lan",
        "นายิกา ใจดี",  # นาย followed by a combining vowel is one word
        "Dara (Sok)",
        "Sok, Dara",
    ],
)
def test_names_that_only_look_like_they_hold_an_honorific_are_left_whole(written):
    assert split_honorific(written) == ("", " ".join(written.split()))
