"""Finding the header row and reading column names in the program's languages."""

from __future__ import annotations

import pytest

from pathways.activities.importing.headers import field_for_header, find_layout

COLUMN_NAMES = {
    "English": {
        "Full name": "full_name",
        "Name in English": "latin_name",
        "Sex (F/M)": "sex",
        "Year of birth": "birth_year",
        "Age": "age",
        "Age group": "age_band",
        "Organisation": "organisation",
        "Position": "position",
        "Phone number": "phone",
        "E-mail": "email",
        "Role": "role",
        "Days attended": "days_attended",
        "Pre-test": "pre_test",
        "Post-test score": "post_test",
        "Difficulty seeing": "wg_seeing",
        "Signature": "ignore",
        "No.": "ignore",
    },
    "Khmer": {
        "ឈ្មោះ": "full_name",
        "ភេទ": "sex",
        "អាយុ": "age",
        "ស្ថាប័ន": "organisation",
        "តួនាទី": "position",
        "លេខទូរស័ព្ទ": "phone",
        "ហត្ថលេខា": "ignore",
        "ល.រ": "ignore",
        "ឆ្នាំកំណើត": "birth_year",
    },
    "Lao": {
        "ຊື່ ແລະ ນາມສະກຸນ": "full_name",
        "ເພດ": "sex",
        "ອາຍຸ": "age",
        "ເບີໂທ": "phone",
        "ຕຳແໜ່ງ": "position",
        "ລາຍເຊັນ": "ignore",
    },
    "Thai": {
        "ชื่อ-นามสกุล": "full_name",
        "เพศ": "sex",
        "อายุ": "age",
        "หน่วยงาน": "organisation",
        "ตำแหน่ง": "position",
        "โทรศัพท์": "phone",
        "ลายมือชื่อ": "ignore",
    },
    "Vietnamese": {
        "Họ và tên": "full_name",
        "Giới tính": "sex",
        "Tuổi": "age",
        "Cơ quan": "organisation",
        "Chức vụ": "position",
        "Số điện thoại": "phone",
        "Chữ ký": "ignore",
        "HO VA TEN": "full_name",
    },
    "Indonesian": {
        "Nama": "full_name",
        "Jenis kelamin": "sex",
        "Umur": "age",
        "Usia": "age",
        "Instansi": "organisation",
        "Jabatan": "position",
        "No. HP": "phone",
        "Telepon": "phone",
        "Tanda tangan": "ignore",
    },
    "Filipino": {
        "Pangalan": "full_name",
        "Kasarian": "sex",
        "Edad": "age",
        "Ahensya": "organisation",
        "Posisyon": "position",
        "Telepono": "phone",
        "Lagda": "ignore",
    },
    "Burmese": {
        "အမည်": "full_name",
        "ကျား/မ": "sex",
        "အသက်": "age",
        "ဌာန": "organisation",
        "ရာထူး": "position",
        "ဖုန်း": "phone",
        "လက်မှတ်": "ignore",
    },
    "Kobo": {
        "participant/sex": "sex",
        "group_a1/participant_name": "full_name",
        "_id": "ignore",
        "_uuid": "ignore",
        "_submission_time": "ignore",
        "_index": "ignore",
        "meta/instanceID": "ignore",
    },
}
CASES = [
    (lang, name, field) for lang, names in COLUMN_NAMES.items() for name, field in names.items()
]


@pytest.mark.parametrize(("language", "header", "field"), CASES)
def test_column_names_in_each_language(language, header, field):
    assert field_for_header(header) == field


def test_bilingual_header_joined_within_a_cell():
    assert field_for_header("Name / ឈ្មោះ") == "full_name"
    assert field_for_header("Phone number\nលេខទូរស័ព្ទ ") == "phone"
    assert field_for_header("Name of organisation") == "organisation"
    assert field_for_header("Participant signature") == "ignore"


def test_header_found_below_title_rows_and_on_two_lines():
    rows = [
        ["Workshop on victim identification", "", ""],
        ["Siem Reap, 3 May 2022", "", ""],
        [""],
        ["No.", "Name", "Sex", "Position", "Signature"],
        ["ល.រ", "ឈ្មោះ", "ភេទ", "តួនាទី", "ហត្ថលេខា"],
        ["1", "Sok Dara", "M", "Police", ""],
    ]
    layout = find_layout(rows)
    assert layout.header_rows == [3, 4]
    assert layout.data_start == 5
    assert [c.field for c in layout.columns] == ["ignore", "full_name", "sex", "position", "ignore"]
    assert layout.columns[1].header == "Name / ឈ្មោះ"


@pytest.mark.parametrize("organisation", ["Ministry of Justice", "Provincial Office"])
def test_first_people_below_a_one_line_header_are_not_read_as_header_lines(organisation):
    rows = [
        ["Name", "Sex", "Organisation"],
        ["Sok Dara", "M", organisation],
        ["Chan Sreymom", "F", organisation],
        ["Keo Vanna", "F", "NCCT"],
    ]
    layout = find_layout(rows)
    assert layout.header_rows == [0]
    assert layout.data_start == 1


def test_a_second_header_line_may_split_sex_into_f_and_m_beside_translations():
    rows = [
        ["Name", "Sex", "", "Organisation"],
        ["ឈ្មោះ", "F", "M", "ស្ថាប័ន"],
        ["Sok Dara", "", "x", "NCCT"],
    ]
    layout = find_layout(rows)
    assert layout.header_rows == [0, 1]


def test_sex_split_into_female_and_male_tick_columns():
    rows = [
        ["Name", "Sex", "Sex"],
        ["", "F", "M"],
        ["Sok Dara", "", "x"],
    ]
    layout = find_layout(rows)
    assert [c.field for c in layout.columns] == ["full_name", "sex_woman_mark", "sex_man_mark"]


def test_second_column_that_looks_the_same_is_ignored_with_a_note():
    layout = find_layout([["Name", "Sex", "Gender"], ["A", "F", "F"]])
    assert [c.field for c in layout.columns] == ["full_name", "sex", "ignore"]
    assert "Sex" in layout.columns[2].note


def test_no_header_row_is_none():
    assert find_layout([["hello world"], ["1", "2"], ["3", "4"]]) is None
    assert find_layout([["Sex", "Position"], ["F", "Judge"]]) is None  # no name column


def test_signature_does_not_depend_on_case_or_spaces():
    a = find_layout([["Name ", "SEX"], ["A", "F"]])
    b = find_layout([["name", "Sex"], ["B", "M"]])
    assert a.signature == b.signature
