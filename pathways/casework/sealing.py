"""Sealing a client's identifiers, opening only the ones asked for, and their blind indexes.

Every sealed value is bound to its place (field, country and client): a ciphertext copied to
another column, country or client does not open. The access layer (to come) calls `reveal`
and `decrypt_identity` after deciding a user may see a section; nothing else hands out a
value, and both record the read in the access log (`access_log.py`) with the reader named.
`reseal` (key rotation) opens values only to seal them again and returns none.
"""

from __future__ import annotations

import datetime as dt
import unicodedata
from collections.abc import Callable, Iterable, Sequence
from dataclasses import dataclass, fields
from typing import Any

from django.db import transaction
from django.db.models import Q, QuerySet
from django.http import HttpRequest

from pathways.casework import keys
from pathways.casework.access_log import access_record
from pathways.casework.models import (
    CASE_SEALED_FIELDS,
    IDENTIFICATION_SEALED_FIELDS,
    SCREENING_SEALED_FIELDS,
    SEALED_FIELDS,
    AccessEvent,
    Attachment,
    BreakGlassGrant,
    CareRecord,
    Case,
    CaseNote,
    Client,
    DataKey,
    IdentificationDecision,
    Screening,
)
from pathways.lib import crypto
from pathways.lib.phones import InvalidPhone, to_e164
from pathways.lib.text import id_number, key_text
from pathways.programs.models import Country


@dataclass(frozen=True)
class ClientIdentity:
    """A client's tier-2 identifiers in clear, for the moment they are written or shown.

    From `decrypt_identity`, a field not asked for is left empty (None for the birthdate).
    """

    first_name: str = ""
    middle_name: str = ""
    last_name: str = ""
    local_script_name: str = ""
    nickname: str = ""
    birthdate: dt.date | None = None
    identity_number: str = ""
    mobile_phone: str = ""
    home_phone: str = ""
    email: str = ""
    address: str = ""

    def __repr__(self) -> str:
        # Never the values: a repr reaches tracebacks and logs.
        filled = [f.name for f in fields(self) if getattr(self, f.name)]
        return f"ClientIdentity(filled={filled})"


assert tuple(f.name for f in fields(ClientIdentity)) == SEALED_FIELDS


def aad(field: str, country_code: str, global_id: object, kind: str = "client") -> bytes:
    """Where a value belongs (a field of one client, case, note or grant of one country):
    the opener must name the same place."""
    return f"casework.{kind}.{field}|{country_code}|{global_id}".encode("ascii")


def _encode(value: str | dt.date) -> bytes:
    return (value.isoformat() if isinstance(value, dt.date) else value).encode("utf-8")


def _decode(field: str, raw: bytes) -> str | dt.date:
    text = raw.decode("utf-8")
    return dt.date.fromisoformat(text) if field == "birthdate" else text


# --- sealing -----------------------------------------------------------------------------------


def seal_identity(client: Client, identity: ClientIdentity) -> None:
    """Put `identity` into the client's sealed columns under its country's active key, and
    its blind indexes beside them. The client's country and global id must be set."""
    data_key = keys.active_key(client.country, DataKey.Purpose.ENCRYPTION)
    key = keys.unwrap(data_key)
    for field in SEALED_FIELDS:
        value = getattr(identity, field)
        sealed = None
        if value:
            sealed = crypto.seal(
                _encode(value),
                key=key,
                key_id=data_key.key_id,
                aad=aad(field, client.country.code, client.global_id),
            )
        setattr(client, f"{field}_sealed", sealed)
    client.data_key_id = data_key.key_id
    set_blind_indexes(client, identity)


def reseal(record: Client | SealedRecord | CareRecord, data_key: DataKey) -> None:
    """Re-encrypt every sealed column of `record` under `data_key` (a rotation): each value
    is opened with the key it names and sealed again, bound to the same place."""
    key = keys.unwrap(data_key)
    country = _country_of(record)
    kind = "client" if isinstance(record, Client) else _kind(record)
    for field in sealed_fields_of(record):
        sealed = getattr(record, f"{field}_sealed")
        if not sealed:
            continue
        place = aad(field, country.code, record.global_id, kind)
        plain = crypto.open_sealed(bytes(sealed), key_for=_key_source(country), aad=place)
        setattr(
            record,
            f"{field}_sealed",
            crypto.seal(plain, key=key, key_id=data_key.key_id, aad=place),
        )
    record.data_key_id = data_key.key_id


def _key_source(country: Country) -> Callable[[str], bytes]:
    return lambda key_id: keys.key_by_id(country, key_id)


# --- opening -----------------------------------------------------------------------------------


def _open(client: Client, field: str) -> str | dt.date | None:
    if field not in SEALED_FIELDS:
        raise ValueError(f"{field!r} is not a sealed field of a client.")
    sealed = getattr(client, f"{field}_sealed")
    if sealed is None:
        return None if field == "birthdate" else ""
    plain = crypto.open_sealed(
        bytes(sealed),
        key_for=_key_source(client.country),
        aad=aad(field, client.country.code, client.global_id),
    )
    return _decode(field, plain)


def reveal(
    client: Client,
    field: str,
    *,
    reader: Any,
    via: str,
    action: str = AccessEvent.Action.VIEW,
    request: HttpRequest | None = None,
    agency_id: int | None = None,
) -> str | dt.date | None:
    """One identifier of `client` in clear ("" or None when empty), read by `reader`: the
    read is recorded in the access log (one event naming the field) before it is returned.

    Raises crypto.CryptoError (tampered, unknown key, bad format) rather than return
    anything from a value that does not authenticate, and ValueError for a reader who is not
    a signed-in user; in both cases nothing is recorded and nothing returned.
    """
    return getattr(
        decrypt_identity(
            client,
            fields=[field],
            reader=reader,
            via=via,
            action=action,
            request=request,
            agency_id=agency_id,
        ),
        field,
    )


def decrypt_identity(
    client: Client,
    *,
    fields: Iterable[str],
    reader: Any,
    via: str,
    action: str = AccessEvent.Action.VIEW,
    request: HttpRequest | None = None,
    agency_id: int | None = None,
    case_id: int | None = None,
    extra_fields: Iterable[str] = (),
) -> ClientIdentity:
    """The identifiers named in `fields`, and only those, in clear, read by `reader`: one
    access event names the client and the fields (`access_log.access_record`), with the
    case read and `extra_fields` (the case's fields shown on the same page) when given."""
    wanted = list(dict.fromkeys(fields))
    for field in wanted:
        if field not in SEALED_FIELDS:
            raise ValueError(f"{field!r} is not a sealed field of a client.")
    # Recorded first (a reader who is not signed in is refused before anything is opened),
    # in one transaction with the opening: a value that does not authenticate leaves no
    # event, and no value leaves without one.
    with transaction.atomic():
        access_record(
            user=reader,
            action=action,
            client_ids=[client.pk],
            fields=[*wanted, *extra_fields],
            via=via,
            request=request,
            agency_id=agency_id,
            case_id=case_id,
        )
        return identity_unrecorded(client, wanted)


def identity_unrecorded(client: Client, fields: Iterable[str]) -> ClientIdentity:
    """The named identifiers in clear without recording: only for callers that recorded the
    read themselves in the same transaction (`access.list_identities`)."""
    return ClientIdentity(**{field: _open(client, field) for field in fields})


# --- cases, notes and break-glass reasons ---------------------------------------------------------
#
# The same sealing, bound to the record: `kind` names the model ("case", "casenote",
# "breakglass", "attachment", "screening", "identification"), so a case's safety notes copied
# into a note or another case do not open.

SealedRecord = Case | CaseNote | BreakGlassGrant | Attachment | Screening | IdentificationDecision
# A break-glass grant's reason in the user's words and its reviewer's comment.
BREAK_GLASS_SEALED_FIELDS = ("reason", "review_note")

_KINDS = {
    Case: "case",
    CaseNote: "casenote",
    BreakGlassGrant: "breakglass",
    Attachment: "attachment",
    Screening: "screening",
    IdentificationDecision: "identification",
}


def _kind(record: SealedRecord | CareRecord) -> str:
    if isinstance(record, CareRecord) or hasattr(record, "SEALING_KIND"):
        # The case's records of care work name their own kind and columns (`models/care.py`).
        return record.SEALING_KIND
    return _KINDS[type(record)]


def sealed_fields_of(record: Client | SealedRecord | CareRecord) -> tuple[str, ...]:
    """The names of the sealed columns of a record (each stored as `<name>_sealed`)."""
    if isinstance(record, Client):
        return SEALED_FIELDS
    if isinstance(record, CareRecord) or hasattr(record, "SEALED"):
        return record.SEALED
    if isinstance(record, Case):
        return tuple(CASE_SEALED_FIELDS)
    if isinstance(record, Attachment):
        return ("filename",)
    if isinstance(record, Screening):
        return SCREENING_SEALED_FIELDS
    if isinstance(record, IdentificationDecision):
        return IDENTIFICATION_SEALED_FIELDS
    return ("text",) if isinstance(record, CaseNote) else BREAK_GLASS_SEALED_FIELDS


def _country_of(record: Client | SealedRecord | CareRecord) -> Country:
    if isinstance(record, Client | Case | Screening | IdentificationDecision):
        return record.country
    if hasattr(record, "sealing_country"):  # consents, overrides, referrals and their thread
        return record.sealing_country
    return record.case.country


def seal_record(record: SealedRecord | CareRecord, values: dict[str, str]) -> None:
    """Seal `values` (field name -> text; "" leaves the column empty) into the record's
    columns under its country's active key. Fields not named keep what they hold, so every
    column must already be under the active key: the record's `data_key_id` is set to it."""
    country = _country_of(record)
    data_key = keys.active_key(country, DataKey.Purpose.ENCRYPTION)
    if record.data_key_id and record.data_key_id != data_key.key_id:
        reseal(record, data_key)
    key = keys.unwrap(data_key)
    allowed = sealed_fields_of(record)
    for field, value in values.items():
        if field not in allowed:
            raise ValueError(f"{field!r} is not a sealed field of a {_kind(record)}.")
        sealed = None
        if value:
            sealed = crypto.seal(
                value.encode("utf-8"),
                key=key,
                key_id=data_key.key_id,
                aad=aad(field, country.code, record.global_id, _kind(record)),
            )
        setattr(record, f"{field}_sealed", sealed)
    record.data_key_id = data_key.key_id


def seal_records(records: Sequence[SealedRecord], values: Sequence[dict[str, str]]) -> None:
    """`seal_record` for many new records of one country at once (a group's roster): the
    active key is looked up and unwrapped once, not once per record."""
    if not records:
        return
    country = _country_of(records[0])
    data_key = keys.active_key(country, DataKey.Purpose.ENCRYPTION)
    key = keys.unwrap(data_key)
    allowed, key_id = sealed_fields_of(records[0]), data_key.key_id
    for record, fields_ in zip(records, values, strict=True):
        for field, value in fields_.items():
            if field not in allowed:
                raise ValueError(f"{field!r} is not a sealed field of a {_kind(record)}.")
            place = aad(field, country.code, record.global_id, _kind(record))
            sealed = value and crypto.seal(value.encode(), key=key, key_id=key_id, aad=place)
            setattr(record, f"{field}_sealed", sealed or None)
        record.data_key_id = key_id


def open_record(record: SealedRecord | CareRecord, field: str) -> str:
    """One sealed field of a case, note or grant in clear ("" when empty). Unrecorded: the
    access layer (`access.py`) calls it only after `permitted_sections` and records the read
    with `access_log.access_record` in the same transaction."""
    if field not in sealed_fields_of(record):
        raise ValueError(f"{field!r} is not a sealed field of a {_kind(record)}.")
    sealed = getattr(record, f"{field}_sealed")
    if not sealed:  # None, or no bytes: never written, or cleared by retention
        return ""
    country = _country_of(record)
    plain = crypto.open_sealed(
        bytes(sealed),
        key_for=_key_source(country),
        aad=aad(field, country.code, record.global_id, _kind(record)),
    )
    return plain.decode("utf-8")


# --- file contents ------------------------------------------------------------------------------
#
# An attachment's bytes, sealed as one value bound to the attachment ("content" of kind
# "attachment"): a file swapped with another attachment's, or altered, does not open. The
# key that sealed them is the attachment's `data_key_id`, like its file name.

CONTENT = "content"


def seal_bytes(record: Attachment, data: bytes) -> bytes:
    """`data` sealed under the key the record's other sealed fields are under
    (`seal_record` sets it): call it after `seal_record`."""
    country = _country_of(record)
    data_key = keys.active_key(country, DataKey.Purpose.ENCRYPTION)
    if record.data_key_id != data_key.key_id:
        raise ValueError("Seal the record's fields first: its key is not the active key.")
    return crypto.seal(
        data,
        key=keys.unwrap(data_key),
        key_id=data_key.key_id,
        aad=aad(CONTENT, country.code, record.global_id, _kind(record)),
    )


def open_bytes(record: Attachment, sealed: bytes) -> bytes:
    """The bytes `seal_bytes` sealed for `record`. Unrecorded, like `open_record`: only
    `reading.open_attachment` calls it, after `permitted_sections`, recording the download.
    Raises crypto.CryptoError when the bytes were altered or belong to another attachment."""
    country = _country_of(record)
    return crypto.open_sealed(
        sealed,
        key_for=_key_source(country),
        aad=aad(CONTENT, country.code, record.global_id, _kind(record)),
    )


def reseal_bytes(record: Attachment, sealed: bytes, data_key: DataKey) -> bytes:
    """The same bytes sealed again under `data_key` (a rotation); nothing is returned in
    clear."""
    country = _country_of(record)
    place = aad(CONTENT, country.code, record.global_id, _kind(record))
    plain = crypto.open_sealed(sealed, key_for=_key_source(country), aad=place)
    return crypto.seal(plain, key=keys.unwrap(data_key), key_id=data_key.key_id, aad=place)


# --- blind indexes -----------------------------------------------------------------------------


def normalised_phone(text: str, region: str) -> str:
    """The digits of the E.164 form ('012 345 678' in KH -> '85512345678'); "" when the text
    is not a valid number there."""
    try:
        return to_e164(text, region).lstrip("+")
    except InvalidPhone:
        return ""


def normalised_name(*parts: str) -> str:
    """The words of a name as compared: NFKC, without invisible characters, case-folded,
    in sorted order (family name first or last gives the same key)."""
    words = unicodedata.normalize("NFKC", key_text(" ".join(parts))).casefold().split()
    return " ".join(sorted(words))


def name_key(*parts: str, birthdate: dt.date | None) -> str:
    name = normalised_name(*parts)
    if not name:
        return ""
    return f"{name}|{birthdate.year if birthdate else ''}"


def blind_key(country: Country) -> bytes:
    return keys.unwrap(keys.active_key(country, DataKey.Purpose.BLIND_INDEX))


def set_blind_indexes(client: Client, identity: ClientIdentity) -> None:
    key = blind_key(client.country)
    region = client.country.code
    client.blind_index_mobile_phone = crypto.blind_index(
        normalised_phone(identity.mobile_phone, region), key=key, kind="phone"
    )
    client.blind_index_home_phone = crypto.blind_index(
        normalised_phone(identity.home_phone, region), key=key, kind="phone"
    )
    client.blind_index_identity_number = crypto.blind_index(
        id_number(identity.identity_number), key=key, kind="identity_number"
    )
    client.blind_index_name = crypto.blind_index(
        name_key(
            identity.first_name,
            identity.middle_name,
            identity.last_name,
            birthdate=identity.birthdate,
        ),
        key=key,
        kind="name",
    )
    client.blind_index_local_name = crypto.blind_index(
        name_key(identity.local_script_name, birthdate=identity.birthdate), key=key, kind="name"
    )


def phone_index(country: Country, text: str) -> str:
    """The blind index a phone number written any way would have in `country`; "" when it
    is not a valid number there."""
    return crypto.blind_index(
        normalised_phone(text, country.code), key=blind_key(country), kind="phone"
    )


def identity_number_index(country: Country, text: str) -> str:
    return crypto.blind_index(id_number(text), key=blind_key(country), kind="identity_number")


def name_index(country: Country, name: str, *, birthdate: dt.date | None) -> str:
    return crypto.blind_index(
        name_key(name, birthdate=birthdate), key=blind_key(country), kind="name"
    )


# --- exact-match search ------------------------------------------------------------------------


def clients_with_phone(country: Country, text: str) -> QuerySet[Client]:
    """The country's clients whose mobile or home phone is `text`, however it is written."""
    index = phone_index(country, text)
    if not index:
        return Client.objects.none()
    return Client.objects.filter(country=country).filter(
        Q(blind_index_mobile_phone=index) | Q(blind_index_home_phone=index)
    )


def clients_with_identity_number(country: Country, text: str) -> QuerySet[Client]:
    index = identity_number_index(country, text)
    if not index:
        return Client.objects.none()
    return Client.objects.filter(country=country, blind_index_identity_number=index)


def clients_with_name(
    country: Country, name: str, *, birthdate: dt.date | None
) -> QuerySet[Client]:
    """Clients whose name (in Latin or local script) and birth year are exactly these, the
    words in any order."""
    index = name_index(country, name, birthdate=birthdate)
    if not index:
        return Client.objects.none()
    return Client.objects.filter(country=country).filter(
        Q(blind_index_name=index) | Q(blind_index_local_name=index)
    )
