"""Phone numbers as people write them, normalised to E.164 with the `phonenumbers` library."""

from __future__ import annotations

import phonenumbers


class InvalidPhone(ValueError):
    """The text is not a valid phone number for the region given."""


def to_e164(text: str, region: str) -> str:
    """'012 345 678' with region 'KH' -> '+85512345678'; '' stays ''.

    Raises InvalidPhone when the text cannot be a valid number there.
    """
    text = (text or "").strip()
    if not text:
        return ""
    try:
        number = phonenumbers.parse(text, (region or "").upper() or None)
    except phonenumbers.NumberParseException as exc:
        raise InvalidPhone(text) from exc
    if not phonenumbers.is_valid_number(number):
        raise InvalidPhone(text)
    return phonenumbers.format_number(number, phonenumbers.PhoneNumberFormat.E164)
