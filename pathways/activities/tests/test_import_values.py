"""Cell values as people write them: sex, years, ages, phones, positions and roles."""

from __future__ import annotations

import datetime as dt
from decimal import Decimal

import pytest

from pathways.activities.importing import values
from pathways.activities.importing.values import CellError

TODAY = dt.date(2026, 1, 1)

SEXES = {
    "woman": [
        "F",
        "f",
        "Female",
        "woman",
        "W",
        "ស្រី",
        "ຍິງ",
        "หญิง",
        "Nữ",
        "nu",
        "Perempuan",
        "P",
        "babae",
        "B",
        "မ",
        "Wanita",
    ],
    "man": [
        "M",
        "male",
        "Man",
        "ប្រុស",
        "ຊາຍ",
        "ชาย",
        "Nam",
        "laki-laki",
        "Laki laki",
        "L",
        "lalaki",
        "ကျား",
        "Pria",
    ],
    "other": ["Other", "khác"],
    "not_recorded": ["", "  "],
}


@pytest.mark.parametrize(
    ("written", "sex"), [(w, sex) for sex, words in SEXES.items() for w in words]
)
def test_sex_in_each_language(written, sex):
    assert values.sex(written) == sex


@pytest.mark.parametrize("written", ["x", "?", "1", "FM", "mle"])
def test_unreadable_sex_is_an_error_not_a_guess(written):
    with pytest.raises(CellError, match="not a sex we recognise; expected F/M"):
        values.sex(written)


@pytest.mark.parametrize(
    ("written", "year"),
    [
        ("1985", 1985),
        ("1985.0", 1985),
        ("១៩៨៥", 1985),
        ("2528", 1985),
        ("๒๕๒๘", 1985),
        ("02/03/1985", 1985),
        ("1985-03-02", 1985),
        ("12 March 1985", 1985),
        ("March 12, 1985", 1985),
        ("31.12.1985", 1985),
        ("12/31/1985", 1985),
        ("", None),
    ],
)
def test_birth_years_and_dates_as_people_write_them(written, year):
    assert values.birth_year(written, today=TODAY) == year


def test_excel_date_serial_in_a_date_of_birth_column():
    assert values.birth("31123", today=TODAY) == (1985, dt.date(1985, 3, 17))


@pytest.mark.parametrize(
    ("written", "born"),
    [
        ("02/03/1985", (1985, dt.date(1985, 3, 2))),
        ("12/31/1985", (1985, dt.date(1985, 12, 31))),
        ("12 March 1985", (1985, dt.date(1985, 3, 12))),
        ("1985-03-02", (1985, dt.date(1985, 3, 2))),
        ("1985", (1985, None)),
        ("29/02/2531", (1988, dt.date(1988, 2, 29))),
    ],
)
def test_a_whole_birth_date_is_kept_with_its_year(written, born):
    assert values.birth(written, today=TODAY, country="TH") == born


@pytest.mark.parametrize(
    ("country", "written", "year"),
    [
        ("TH", "2528", 1985),
        ("TH", "๒๕๒๘", 1985),
        ("LA", "2528", 1985),
        # The Khmer calendar runs one year further ahead: 2529 is 1985 (BE = CE + 544).
        ("KH", "2529", 1985),
        ("KH", "២៥២៩", 1985),
        ("KH", "2528", 1984),
        ("KH", "02/03/2529", 1985),
        # A country without a Buddhist-era calendar reads the Thai one.
        ("VN", "2528", 1985),
        ("", "2528", 1985),
        # A year up to next year is of the common era, whatever the country.
        ("TH", "1985", 1985),
        ("KH", "2026", 2026),
    ],
)
def test_buddhist_era_years_are_converted_by_the_events_country(country, written, year):
    assert values.birth_year(written, today=TODAY, country=country) == year


@pytest.mark.parametrize(("country", "written"), [("TH", "2027"), ("KH", "2571"), ("TH", "2442")])
def test_a_year_in_neither_era_is_an_error(country, written):
    with pytest.raises(CellError, match="between 1900 and 2026"):
        values.birth_year(written, today=TODAY, country=country)


@pytest.mark.parametrize("written", ["1850", "2030", "abc", "31/31/1985", "85/85/85"])
def test_impossible_birth_years_are_errors(written):
    with pytest.raises(CellError):
        values.birth_year(written, today=TODAY)


@pytest.mark.parametrize(
    ("age", "band"),
    [
        ("17", "under_18"),
        ("18", "18_24"),
        ("34", "25_34"),
        ("34 years", "25_34"),
        ("៣៥", "35_44"),
        ("54", "45_54"),
        ("70", "55_plus"),
    ],
)
def test_age_gives_an_age_band(age, band):
    assert values.band_for_age(values.age(age)) == band


@pytest.mark.parametrize(
    ("written", "band"),
    [
        ("18-24", "18_24"),
        ("25–34", "25_34"),
        ("<18", "under_18"),
        ("under 18", "under_18"),
        ("55+", "55_plus"),
        ("55 and over", "55_plus"),
        ("40", "35_44"),
        ("", "not_recorded"),
    ],
)
def test_age_bands(written, band):
    assert values.age_band(written) == band


def test_age_band_spanning_two_bands_is_an_error():
    with pytest.raises(CellError, match="age band"):
        values.age_band("20-40")


@pytest.mark.parametrize(
    ("written", "region", "e164"),
    [
        ("012 345 678", "KH", "+85512345678"),
        ("+855 12 345 678", "LA", "+85512345678"),
        ("០១២ ៣៤៥ ៦៧៨", "KH", "+85512345678"),
        ("081 234 5678", "TH", "+66812345678"),
        ("0912 345 678", "VN", "+84912345678"),
        ("", "KH", ""),
    ],
)
def test_phones_to_e164_with_the_event_country(written, region, e164):
    assert values.phone(written, region=region) == e164


@pytest.mark.parametrize("written", ["12", "not a phone", "012 345 678 / 092 555 111"])
def test_invalid_phones_are_errors(written):
    with pytest.raises(CellError, match="phone"):
        values.phone(written, region="KH")


def test_emails_are_validated_and_lowercased():
    assert values.email(" Dara@Example.ORG ") == "dara@example.org"
    with pytest.raises(CellError, match="not an email"):
        values.email("dara@")


@pytest.mark.parametrize(
    ("written", "category"),
    [
        ("Police officer", "police"),
        ("Deputy Prosecutor", "prosecutor"),
        ("ព្រះរាជអាជ្ញារង", "prosecutor"),
        ("ចៅក្រមស៊ើបសួរ", "judge"),
        ("ตำรวจ", "police"),
        ("Thẩm phán", "judge"),
        ("Jaksa", "prosecutor"),
        ("Social worker", "social_worker"),
        ("Director", "government"),
        ("Gardener", "other"),
        ("", ""),
    ],
)
def test_position_categories_from_words(written, category):
    assert values.position(written) == category


@pytest.mark.parametrize(
    ("written", "role"),
    [
        ("", "participant"),
        ("Participant", "participant"),
        ("Facilitator", "facilitator"),
        ("វាគ្មិន", "speaker"),
        ("Narasumber", "speaker"),
        ("Organizer", "organiser"),
        ("staff", "staff"),
    ],
)
def test_roles_default_to_participant(written, role):
    assert values.role(written) == role


def test_unknown_role_is_an_error():
    with pytest.raises(CellError, match="role"):
        values.role("guest of honour")


def test_scores_and_days():
    assert values.decimal("85%", maximum=9999, what="points") == Decimal("85.0")
    assert values.decimal("2,5", maximum=999, what="days") == Decimal("2.5")
    with pytest.raises(CellError, match="between 0 and 999"):
        values.decimal("1200", maximum=999, what="days")


@pytest.mark.parametrize(
    ("written", "answer"),
    [
        ("", "not_asked"),
        ("No difficulty", "no"),
        ("2", "some"),
        ("A lot of difficulty", "a_lot"),
        ("Cannot do at all", "cannot"),
    ],
)
def test_washington_group_answers(written, answer):
    assert values.difficulty(written) == answer


def test_tick_marks():
    assert values.is_marked("✓") and values.is_marked("x") and values.is_marked("1")
    assert not values.is_marked("") and not values.is_marked("0")
