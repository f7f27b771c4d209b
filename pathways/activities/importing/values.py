"""Reading one cell's value as people write it. Each reader returns the normalised value or
raises `CellError` with what was expected; nothing is guessed."""

from __future__ import annotations

import datetime as dt
import re
import unicodedata
from decimal import ROUND_HALF_UP, Decimal, InvalidOperation
from functools import lru_cache
from typing import NamedTuple

import phonenumbers
from django.core.exceptions import ValidationError
from django.core.validators import validate_email
from django.utils.translation import gettext as _

from pathways.activities.ages import band_for_age
from pathways.activities.importing.vocabulary import (
    ABSENT_MARKS,
    POSITION_WORDS,
    ROLE_VALUES,
    SEX_VALUES,
    WG_VALUES,
    fold,
)
from pathways.lib.text import clean_text
from pathways.lib.text import id_number as text_id_number

_SEX = {fold(t): k for k, terms in SEX_VALUES.items() for t in terms}
_ROLE = {fold(t): k for k, terms in ROLE_VALUES.items() for t in terms}
_WG = {fold(t): k for k, terms in WG_VALUES.items() for t in terms}
_POSITIONS = [(k, [fold(t) for t in terms]) for k, terms in POSITION_WORDS.items()]
_UNMARKED = {"", "0", "no", "false", "-", "n"}
BUDDHIST_ERA_OFFSET = 543
BUDDHIST_ERA_OFFSETS = {"TH": 543, "LA": 543, "KH": 544}
_MONTHS = {
    fold(name): number
    for number, names in enumerate(
        [
            ("jan", "january", "januari", "enero", "ene"),
            ("feb", "february", "februari", "pebrero"),
            ("mar", "march", "maret", "marso"),
            ("apr", "april", "abril"),
            ("may", "mei", "mayo"),
            ("jun", "june", "juni", "hunyo"),
            ("jul", "july", "juli", "hulyo"),
            ("aug", "august", "agustus", "agosto", "ags"),
            ("sep", "sept", "september", "setyembre"),
            ("oct", "october", "oktober", "okt", "oktubre"),
            ("nov", "november", "nobyembre"),
            ("dec", "december", "desember", "des", "disyembre"),
        ],
        start=1,
    )
    for name in names
}


class CellError(ValueError):
    """A cell that cannot be read; the message says what was expected."""


def ascii_digits(text: str) -> str:
    """Khmer, Lao, Thai, Myanmar (and any other) decimal digits as 0-9."""
    if text.isascii():
        return text
    return "".join(str(unicodedata.digit(ch)) if ch.isdecimal() else ch for ch in text)


def text(value: str, *, max_length: int, what: str) -> str:
    """One line of text without control characters, spaces collapsed; zero-width spaces and
    joiners stay (Khmer, Thai and Burmese need them)."""
    cleaned = " ".join(clean_text(value).split())
    if len(cleaned) > max_length:
        raise CellError(
            _("is %(length)d characters long; %(what)s can be at most %(max)d")
            % {"length": len(cleaned), "what": what, "max": max_length}
        )
    return cleaned


def sex(value: str) -> str:
    if not value.strip():
        return "not_recorded"
    found = _SEX.get(fold(value))
    if found is None:
        raise CellError(
            _(
                "is not a sex we recognise; expected F/M, female/male, woman/man, "
                "ស្រី/ប្រុស, ຍິງ/ຊາຍ, หญิง/ชาย, nữ/nam, perempuan/laki-laki (P/L), babae/lalaki, "
                "မ/ကျား, other, or an empty cell when not recorded"
            )
        )
    return found


def is_marked(value: str) -> bool:
    """A tick, cross, 1 or any other mark; 0, no and empty cells are not marks."""
    cleaned = value.strip()
    return bool(cleaned) and (not fold(cleaned) or fold(cleaned) not in _UNMARKED)


_ABSENT = {fold(t) for t in ABSENT_MARKS} | {"false", "n"}
_DASHES = {"-", "–", "—", "_"}


def day_present(value: str) -> bool:
    """A day's cell of a multi-day sheet: a tick, initials, a date or a signature says
    present; an empty cell, a dash, 0 or 'absent' says absent."""
    cleaned = value.strip()
    if not cleaned or cleaned in _DASHES:
        return False
    folded = fold(ascii_digits(cleaned))
    return not folded or folded not in _ABSENT


def _number(value: str) -> Decimal:
    cleaned = ascii_digits(value).strip().replace(" ", "")
    if cleaned.count(",") == 1 and "." not in cleaned:
        cleaned = cleaned.replace(",", ".")  # 2,5 days
    try:
        number = Decimal(cleaned)
    except InvalidOperation:
        raise CellError(_("is not a number")) from None
    if not number.is_finite():
        raise CellError(_("is not a number"))
    return number


class Birth(NamedTuple):
    """A birth year, with the day when the cell gave a whole date."""

    year: int
    date: dt.date | None = None


def era_offset(country: str) -> int:
    """Years the Buddhist era runs ahead of the common era in `country` (ISO code): the Thai
    and Lao calendars write 2528 for 1985, the Khmer one 2529 (BE = CE + 544). A country
    with no Buddhist-era calendar of its own keeps the Thai offset: its sheets' Buddhist-era
    years come from Thai forms."""
    return BUDDHIST_ERA_OFFSETS.get(country.upper(), BUDDHIST_ERA_OFFSET)


def birth(value: str, *, today: dt.date, country: str = "") -> Birth | None:
    """The birth year, and the date when a whole one is written, from a year or a date
    written in any common way (day-first unless impossible); Buddhist-era years are
    converted by the event's country (`era_offset`)."""
    raw = ascii_digits(value).strip()
    if not raw:
        return None
    offset = era_offset(country)
    if re.fullmatch(r"\d{5}(\.0+)?", raw):  # an Excel date serial that lost its format
        serial = dt.date(1899, 12, 30) + dt.timedelta(days=int(float(raw)))
        return Birth(_plausible_year(serial.year, today, offset), serial)
    if not re.search(r"[-/.\s]", raw) or re.fullmatch(r"\d{4}\.0+", raw):
        try:
            number = _number(raw)
        except CellError:
            raise CellError(
                _("is not a birth year; expected a four-digit year such as 1985")
            ) from None
        whole = int(number) if number == number.to_integral() else -1
        return Birth(_plausible_year(whole, today, offset))
    return _birth_date(raw, today, offset)


def birth_year(value: str, *, today: dt.date, country: str = "") -> int | None:
    found = birth(value, today=today, country=country)
    return found.year if found else None


def _plausible_year(year: int, today: dt.date, offset: int) -> int:
    # No birth year of the common era lies after next year, nor one of the Buddhist era
    # before it: a year past next year is of the Buddhist era.
    if year > today.year + 1:
        year -= offset
    if not 1900 <= year <= today.year:
        raise CellError(_("is not a birth year between 1900 and %(year)d") % {"year": today.year})
    return year


def _birth_date(raw: str, today: dt.date, offset: int) -> Birth:
    tokens = re.findall(r"\d+|[^\W\d_]+", raw)
    numbers = [int(t) for t in tokens if t.isdigit()]
    months = [_MONTHS[fold(t)] for t in tokens if fold(t) in _MONTHS]
    words = [t for t in tokens if not t.isdigit() and fold(t) not in _MONTHS]
    if words or not numbers or len(numbers) + len(months) > 3:
        raise CellError(_("is not a date we can read; write it like 31/12/1985 or 1985-12-31"))
    if len(numbers) == 1 and not months and numbers[0] >= 1000:
        return Birth(_plausible_year(numbers[0], today, offset))
    year, parts = _year_and_rest(numbers, months, today)
    year = _plausible_year(year, today, offset)
    # Month first when named, or after a leading year (1985-03-02); day first otherwise.
    month_first = bool(months) or numbers[0] >= 100
    return Birth(year, _day_month(parts, month_first, year))


def _year_and_rest(numbers: list[int], months: list[int], today: dt.date) -> tuple[int, list]:
    four = [n for n in numbers if n >= 100]
    if len(four) == 1:
        year = four[0]
        rest = list(numbers)
        rest.remove(year)
    elif not four and len(numbers) + len(months) == 3:
        year = numbers[-1]
        year += 1900 if year > today.year % 100 else 2000
        rest = numbers[:-1]
    else:
        raise CellError(_("is not a date we can read; write it like 31/12/1985 or 1985-12-31"))
    parts = months + rest if months else rest
    if len(parts) != 2:
        raise CellError(_("is not a date we can read; write it like 31/12/1985 or 1985-12-31"))
    return year, parts


def _day_month(parts: list[int], month_first: bool, year: int) -> dt.date:
    month, day = (parts[0], parts[1]) if month_first else (parts[1], parts[0])
    for m, d in ((month, day), (day, month)):
        try:
            return dt.date(year, m, d)
        except ValueError:
            continue
    raise CellError(_("is not a date that exists; write it like 31/12/1985 or 1985-12-31"))


def age(value: str) -> int | None:
    raw = ascii_digits(value).strip()
    if not raw:
        return None
    match = re.match(r"^(\d{1,3})(\.0+)?(\s*[^\W\d_][\w\s.]*)?$", raw)
    if not match or not 0 < int(match.group(1)) <= 120:
        raise CellError(_("is not an age in years; expected a whole number such as 34"))
    return int(match.group(1))


def age_band(value: str) -> str:
    raw = fold(ascii_digits(value))
    if not raw:
        return "not_recorded"
    numbers = [int(n) for n in re.findall(r"\d+", raw)]
    words = set(re.findall(r"[^\W\d_]+", raw))
    original = ascii_digits(value)
    if len(numbers) == 1 and ("<" in original or words & {"under", "below"}):
        if numbers[0] <= 18:
            return "under_18"
    elif len(numbers) == 1 and ("+" in original or ">" in original or words & {"over", "above"}):
        if numbers[0] >= 55:
            return "55_plus"
    elif len(numbers) == 1 and not words:
        return band_for_age(age(str(numbers[0])) or 0)
    elif len(numbers) == 2 and not words - {"to"}:
        low, high = band_for_age(numbers[0]), band_for_age(numbers[1])
        if low == high:
            return low
    raise CellError(
        _("is not an age band we recognise; expected under 18, 18-24, 25-34, 35-44, 45-54 or 55+")
    )


@lru_cache(maxsize=10_000)
def position(value: str) -> str:
    folded = fold(value)
    if not folded:
        return ""
    padded = f" {folded} "
    for category, words in _POSITIONS:
        for word in words:
            if (f" {word} " in padded) if word.isascii() else (word in folded):
                return category
    return "other"


def phone(value: str, *, region: str) -> str:
    raw = ascii_digits(value).strip().lstrip("'")
    if not raw:
        return ""
    try:
        number = phonenumbers.parse(raw, region)
    except phonenumbers.NumberParseException:
        raise CellError(_("is not a phone number")) from None
    if not phonenumbers.is_valid_number(number):
        raise CellError(
            _("is not a valid phone number for %(region)s or with a country code")
            % {"region": region}
        )
    return phonenumbers.format_number(number, phonenumbers.PhoneNumberFormat.E164)


def id_number(value: str) -> str:
    cleaned = text_id_number(value)
    if len(cleaned) > 40:
        raise CellError(_("is too long for an identity number"))
    if cleaned and not cleaned.isalnum():
        raise CellError(_("is not an identity number (letters and digits)"))
    return cleaned


def email(value: str) -> str:
    cleaned = value.strip().lower()
    if not cleaned:
        return ""
    if len(cleaned) > 254:
        raise CellError(_("is too long for an email address"))
    try:
        validate_email(cleaned)
    except ValidationError:
        raise CellError(_("is not an email address")) from None
    return cleaned


def role(value: str) -> str:
    if not value.strip():
        return "participant"
    found = _ROLE.get(fold(value))
    if found is None:
        raise CellError(
            _(
                "is not a role we recognise; expected participant, facilitator, speaker, "
                "organiser or staff (or an empty cell for participant)"
            )
        )
    return found


def decimal(value: str, *, maximum: int, what: str) -> Decimal | None:
    raw = value.strip().rstrip("%").strip()
    if not raw:
        return None
    try:
        number = _number(raw)
    except CellError:
        raise CellError(_("is not a number of %(what)s") % {"what": what}) from None
    if not 0 <= number <= maximum:
        raise CellError(
            _("is not a number of %(what)s between 0 and %(max)d") % {"what": what, "max": maximum}
        )
    return number.quantize(Decimal("0.1"), rounding=ROUND_HALF_UP)


def difficulty(value: str) -> str:
    if not value.strip():
        return "not_asked"
    found = _WG.get(fold(ascii_digits(value)))
    if found is None:
        raise CellError(
            _(
                "is not a Washington Group answer; expected no difficulty, some difficulty, "
                "a lot of difficulty, cannot do at all (or 1-4)"
            )
        )
    return found
