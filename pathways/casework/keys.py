"""The casework keys: the master key from a file, and each country's data keys wrapped by it.

The master key file (`PATHWAYS_CASEWORK_MASTER_KEY_FILE`) holds 32 random bytes, raw or as
base64 text, and must be readable by its owner only. Production never creates it (`manage.py
casework_keys init` does, on purpose); development creates it under `var/` on first use.

A country gets its data keys on first need: one active encryption key and one blind-index
key, each stored in `DataKey` wrapped by the master key. Unwrapped keys are kept in this
process's memory for `CASEWORK_KEY_CACHE_SECONDS`, so a page decrypting fifty rows unwraps
once, and a retired or rotated key does not linger for the process's life.
"""

from __future__ import annotations

import base64
import binascii
import contextlib
import contextvars
import datetime as dt
import os
import secrets
import stat
import threading
import time
from collections.abc import Callable, Iterator
from dataclasses import dataclass
from pathlib import Path
from typing import TypeVar

from django.conf import settings
from django.db import IntegrityError, transaction
from django.db.models import Count, Q, QuerySet

from pathways.audit.models import AuditEvent
from pathways.audit.services import audit_record_without_values
from pathways.casework.models import (
    CARE_SEALED_MODELS,
    CASE_SEALED_FIELDS,
    IDENTIFICATION_SEALED_FIELDS,
    SCREENING_SEALED_FIELDS,
    SEALED_FIELDS,
    Attachment,
    BreakGlassGrant,
    Case,
    CaseNote,
    Client,
    ConsentOverride,
    ConsentRecord,
    DataKey,
    IdentificationDecision,
    Referral,
    ReferralUpdate,
    Screening,
    Transfer,
)
from pathways.casework.residency import CountryNotHeld, holds_country
from pathways.lib import crypto
from pathways.programs.models import Country

T = TypeVar("T")


class MasterKeyError(Exception):
    """The master key file is missing, unreadable, open to others or malformed."""


_cache: dict[tuple, tuple[float, object]] = {}
_lock = threading.Lock()


def clear_cache() -> None:
    with _lock:
        _cache.clear()


def _cached(key: tuple, make: Callable[[], T]) -> T:
    now = time.monotonic()
    with _lock:
        hit = _cache.get(key)
        if hit is not None and hit[0] > now:
            return hit[1]  # type: ignore[return-value]
    value = make()
    with _lock:
        _cache[key] = (now + settings.CASEWORK_KEY_CACHE_SECONDS, value)
    return value


# --- the master key ----------------------------------------------------------------------------


def master_key_file() -> Path:
    return Path(settings.CASEWORK_MASTER_KEY_FILE)


def loose_permissions(path: Path) -> bool:
    """True when others than the owner may read or write the file."""
    return bool(path.stat().st_mode & (stat.S_IRWXG | stat.S_IRWXO))


def read_master_key(path: Path | None = None) -> bytes:
    """The master key in `path` (the configured file by default); MasterKeyError says why not."""
    path = path or master_key_file()
    try:
        content = path.read_bytes()
    except FileNotFoundError:
        raise MasterKeyError(
            f"The casework master key file {path} does not exist. Create it with `manage.py "
            "casework_keys init`, or point PATHWAYS_CASEWORK_MASTER_KEY_FILE at your copy."
        ) from None
    except OSError as error:
        raise MasterKeyError(
            f"The casework master key file {path} cannot be read: {error.strerror}."
        ) from None
    if loose_permissions(path):
        raise MasterKeyError(
            f"The casework master key file {path} can be read or written by other users of "
            f"the server; it is not used until only its owner can: chmod 600 {path}"
        )
    return _decode(path, content)


def _decode(path: Path, content: bytes) -> bytes:
    if len(content) == crypto.KEY_BYTES:
        return content
    try:
        key = base64.b64decode(content.strip(), validate=True)
    except (binascii.Error, ValueError):
        key = b""
    if len(key) != crypto.KEY_BYTES:
        raise MasterKeyError(
            f"The casework master key file {path} does not hold a key: it must be "
            f"{crypto.KEY_BYTES} random bytes, raw or as base64 text."
        )
    return key


def create_master_key(path: Path | None = None) -> bool:
    """Write a new master key file (owner-only) unless one exists; True when written.

    A file made meanwhile by another process (two server workers) wins and is kept.
    """
    path = path or master_key_file()
    if path.exists():
        return False
    path.parent.mkdir(parents=True, exist_ok=True)
    partial = path.with_name(f".{path.name}.{secrets.token_hex(8)}")
    descriptor = os.open(partial, os.O_WRONLY | os.O_CREAT | os.O_EXCL, 0o600)
    try:
        with os.fdopen(descriptor, "wb") as stream:
            stream.write(base64.b64encode(crypto.new_key()) + b"\n")
        with contextlib.suppress(FileExistsError):
            os.link(partial, path)
            return True
    finally:
        partial.unlink()
    return False


def master_key() -> bytes:
    """The master key; in development a missing file is created first."""
    path = master_key_file()
    if not settings.PRODUCTION and not path.exists():
        create_master_key(path)
    return _cached(("master", str(path)), lambda: read_master_key(path))


# --- data keys ---------------------------------------------------------------------------------


def _new_key_id(country: Country) -> str:
    # The country, the date and a random part: unique across installations, so a value can
    # never be opened with another deployment's key of the same id.
    return f"{country.code.lower()}-{dt.date.today():%Y%m%d}-{secrets.token_hex(4)}"


def create_data_key(country: Country, purpose: str) -> DataKey:
    """A new active key of `purpose` for `country`, wrapped; the caller deactivates the old
    one in the same transaction (one active key per country and purpose)."""
    master = master_key()
    key_id = _new_key_id(country)
    return DataKey.objects.create(
        country=country,
        purpose=purpose,
        key_id=key_id,
        wrapped=crypto.wrap_key(crypto.new_key(), master_key=master, key_id=key_id),
        master_fingerprint=crypto.fingerprint(master),
    )


_pinned: contextvars.ContextVar[dict[tuple[int, str], DataKey] | None] = contextvars.ContextVar(
    "casework_pinned_active_keys", default=None
)


@contextlib.contextmanager
def pinned_active_keys() -> Iterator[None]:
    """Within the block, `active_key` asks the database once per country and purpose: for a
    bulk write of thousands of rows in one transaction (the demo loader), where the active
    key cannot change half-way. Outside such a block every call asks again, so a rotation
    is seen at once."""
    token = _pinned.set({})
    try:
        yield
    finally:
        _pinned.reset(token)


def active_key(country: Country, purpose: str) -> DataKey:
    """The country's active key of `purpose`, created on first need; CountryNotHeld for a
    country whose casework this deployment does not hold (nothing can be sealed for it)."""
    if not holds_country(country):
        raise CountryNotHeld(
            f"This deployment does not hold the casework of {country.code} "
            "(PATHWAYS_CASEWORK_COUNTRIES): no data key is made for it."
        )
    pinned = _pinned.get()
    if pinned is None:
        return _active_key(country, purpose)
    if (country.pk, purpose) not in pinned:
        pinned[(country.pk, purpose)] = _active_key(country, purpose)
    return pinned[(country.pk, purpose)]


def _active_key(country: Country, purpose: str) -> DataKey:
    found = DataKey.objects.filter(country=country, purpose=purpose, is_active=True).first()
    if found is not None:
        return found
    try:
        with transaction.atomic():
            created = create_data_key(country, purpose)
            audit_record_without_values(
                actor=None,
                action=AuditEvent.Action.CREATE,
                instance=created,
                fields=["country", "purpose", "key_id", "wrapped"],
                source=AuditEvent.Source.COMMAND,
            )
            return created
    except IntegrityError:
        # Another process made it first (one active key per country and purpose).
        return DataKey.objects.get(country=country, purpose=purpose, is_active=True)


def unwrap(data_key: DataKey) -> bytes:
    """The plain key of `data_key`, unwrapped with the master key (cached briefly)."""

    def make() -> bytes:
        master = master_key()
        if crypto.fingerprint(master) != data_key.master_fingerprint:
            raise crypto.WrongKey(
                f"Data key {data_key.key_id} was wrapped with the master key of fingerprint "
                f"{data_key.master_fingerprint}; the master key file {master_key_file()} holds "
                f"the key of fingerprint {crypto.fingerprint(master)}. Put back the right file."
            )
        return crypto.unwrap_key(bytes(data_key.wrapped), master_key=master, key_id=data_key.key_id)

    return _cached(("data", data_key.key_id, data_key.master_fingerprint), make)


def key_by_id(country: Country, key_id: str) -> bytes:
    """The plain encryption key `key_id` of `country`; UnknownKeyId when it has none such."""

    def make() -> bytes:
        data_key = DataKey.objects.filter(
            country=country, purpose=DataKey.Purpose.ENCRYPTION, key_id=key_id
        ).first()
        if data_key is None:
            raise crypto.UnknownKeyId(
                f"The value is sealed with key {key_id}, which is not a data key of "
                f"{country.code}: it was copied from another country or installation, or "
                "the key's row was deleted."
            )
        return unwrap(data_key)

    return _cached(("by-id", country.pk, key_id), make)


# --- status ------------------------------------------------------------------------------------


@dataclass(frozen=True)
class CountryKeyStatus:
    """Counts only: which keys a country has, and how much is still under older ones."""

    country_code: str
    active_key_id: str
    blind_index_key_id: str
    older_key_ids: tuple[str, ...]
    retired_key_ids: tuple[str, ...]
    rows: int
    rows_under_older_keys: dict[str, int]
    fields_under_older_keys: int


def key_status() -> list[CountryKeyStatus]:
    """One line per country that has casework keys or clients."""
    country_ids = set(DataKey.objects.values_list("country_id", flat=True))
    country_ids |= set(Client.objects.values_list("country_id", flat=True).distinct())
    return [
        _country_status(country)
        for country in Country.objects.filter(pk__in=country_ids).order_by("code")
    ]


def _country_status(country: Country) -> CountryKeyStatus:
    data_keys = list(DataKey.objects.filter(country=country))
    active = next(
        (k.key_id for k in data_keys if k.is_active and k.purpose == DataKey.Purpose.ENCRYPTION),
        "",
    )
    blind = next(
        (k.key_id for k in data_keys if k.is_active and k.purpose == DataKey.Purpose.BLIND_INDEX),
        "",
    )
    encryption = [k for k in data_keys if k.purpose == DataKey.Purpose.ENCRYPTION]
    by_key: dict[str, int] = {}
    rows = fields_left = 0
    for queryset, fields in sealed_rows(country):
        rows += queryset.count()
        older = queryset.exclude(data_key_id=active)
        for key_id, n in older.values_list("data_key_id").annotate(n=Count("id")).order_by():
            by_key[key_id] = by_key.get(key_id, 0) + n
        counts = older.aggregate(
            **{f: Count("id", filter=Q(**{f"{f}_sealed__isnull": False})) for f in fields}
        )
        fields_left += sum(counts.values())
    return CountryKeyStatus(
        country_code=country.code,
        active_key_id=active,
        blind_index_key_id=blind,
        older_key_ids=tuple(k.key_id for k in encryption if not k.is_active and not k.retired_at),
        retired_key_ids=tuple(k.key_id for k in encryption if k.retired_at),
        rows=rows,
        rows_under_older_keys=dict(sorted(by_key.items())),
        fields_under_older_keys=fields_left,
    )


def sealed_rows(country: Country) -> list[tuple[QuerySet, tuple[str, ...]]]:
    """Every model with sealed columns, limited to the country's rows, with the names of its
    sealed columns (each stored as `<name>_sealed`)."""
    return [
        (Client.objects.filter(country=country).select_related("country"), SEALED_FIELDS),
        (
            Case.objects.filter(country=country).select_related("country"),
            tuple(CASE_SEALED_FIELDS),
        ),
        (CaseNote.objects.filter(case__country=country).select_related("case__country"), ("text",)),
        (
            BreakGlassGrant.objects.filter(case__country=country).select_related("case__country"),
            ("reason", "review_note"),
        ),
        # An attachment's file is sealed under the same key as its name: rotation rewrites
        # both (`services.rotation`).
        (
            Attachment.objects.filter(case__country=country).select_related("case__country"),
            ("filename",),
        ),
        (
            Screening.objects.filter(country=country).select_related("country"),
            SCREENING_SEALED_FIELDS,
        ),
        (
            IdentificationDecision.objects.filter(country=country).select_related("country"),
            IDENTIFICATION_SEALED_FIELDS,
        ),
        *(
            (
                model.objects.filter(case__country=country).select_related("case__country"),
                model.SEALED,
            )
            for model in CARE_SEALED_MODELS
        ),
        # Consents, overrides and referrals name their own country (`sealing_country`).
        *(
            (model.objects.filter(country=country).select_related("country"), model.SEALED)
            for model in (ConsentRecord, ConsentOverride, Referral, Transfer)
        ),
        (
            ReferralUpdate.objects.filter(referral__country=country).select_related(
                "referral__country"
            ),
            ReferralUpdate.SEALED,
        ),
    ]
