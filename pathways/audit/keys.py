"""The keys that sign the audit chain, kept in a file outside the database.

Someone who can write to the database but cannot read this file cannot rewrite the chain:
every entry since signing began carries an HMAC made with one of these keys. The file
(`PATHWAYS_AUDIT_KEY_FILE`) holds one key per line, `id:base64`, oldest first. The last
line is the key in force; the lines before it are retired keys, kept to verify the entries
they signed. Blank lines and lines starting with `#` are ignored.

In development the file is created under `var/` on first use; production mode never
creates it (`manage.py audit_rotate_key` does, on purpose) and refuses to write audit
entries without it.
"""

from __future__ import annotations

import base64
import binascii
import contextlib
import datetime as dt
import os
import re
import secrets
import stat
from dataclasses import dataclass, field
from pathlib import Path

from django.conf import settings

KEY_ID = re.compile(r"[A-Za-z0-9_.-]{1,32}")
KEY_BYTES = 32


class AuditKeyError(Exception):
    """The audit key file is missing, unreadable or lacks a key; the message says which."""


@dataclass(frozen=True)
class KeyRing:
    """The keys of one key file, by id, in the file's order (the last is in force)."""

    path: Path
    keys: dict[str, bytes] = field(default_factory=dict)

    @property
    def active_id(self) -> str:
        if not self.keys:
            raise AuditKeyError(f"The audit key file {self.path} holds no key.")
        return next(reversed(self.keys))

    def key(self, key_id: str) -> bytes:
        try:
            return self.keys[key_id]
        except KeyError:
            raise AuditKeyError(
                f"Audit key {key_id!r} is not in the audit key file {self.path}: put the key "
                "back from your copy of the file (retired keys must stay in it)."
            ) from None


def key_file() -> Path:
    return Path(settings.AUDIT_KEY_FILE)


def read_keys(path: Path | None = None) -> KeyRing:
    """The keys of the key file; AuditKeyError when it is missing or malformed."""
    path = path or key_file()
    try:
        text = path.read_text(encoding="ascii")
    except FileNotFoundError:
        raise AuditKeyError(
            f"The audit key file {path} does not exist. Create it with "
            "`manage.py audit_rotate_key`, or point PATHWAYS_AUDIT_KEY_FILE at your copy."
        ) from None
    except (OSError, UnicodeDecodeError) as error:
        raise AuditKeyError(f"The audit key file {path} cannot be read: {error}") from None
    keys: dict[str, bytes] = {}
    for number, line in enumerate(text.splitlines(), start=1):
        line = line.strip()
        if not line or line.startswith("#"):
            continue
        key_id, key = _parse_line(path, number, line, keys)
        keys[key_id] = key
    if not keys:
        raise AuditKeyError(f"The audit key file {path} holds no key.")
    return KeyRing(path=path, keys=keys)


def _parse_line(path: Path, number: int, line: str, seen: dict[str, bytes]) -> tuple[str, bytes]:
    key_id, _, encoded = line.partition(":")
    where = f"Line {number} of the audit key file {path}"
    if not KEY_ID.fullmatch(key_id):
        raise AuditKeyError(f"{where} does not start with a key id (letters, digits, _ . -).")
    if key_id in seen:
        raise AuditKeyError(f"{where} repeats the key id {key_id!r}.")
    try:
        key = base64.b64decode(encoded, validate=True)
    except (binascii.Error, ValueError):
        key = b""
    if len(key) < KEY_BYTES:
        raise AuditKeyError(f"{where} does not hold a base64 key of at least {KEY_BYTES} bytes.")
    return key_id, key


def verification_keys() -> KeyRing:
    """The keys for checking the chain; an empty ring when there is no key file, so that a
    chain signed before can be reported entry by entry rather than not at all."""
    try:
        return read_keys()
    except AuditKeyError:
        if key_file().exists():
            raise
        return KeyRing(path=key_file())


def signing_keys() -> KeyRing:
    """The keys for writing: in development a missing key file is created first."""
    path = key_file()
    if not settings.PRODUCTION and not path.exists():
        _create(path, _new_line(_next_id(KeyRing(path=path))))
    return read_keys(path)


def add_key(key_id: str | None = None) -> str:
    """Append a new key, which comes into force at once; returns its id.

    Creates the key file when there is none (this is how production gets its first key).
    """
    path = key_file()
    ring = read_keys(path) if path.exists() else KeyRing(path=path)
    key_id = key_id or _next_id(ring)
    if not KEY_ID.fullmatch(key_id):
        raise AuditKeyError(f"{key_id!r} is not a key id (up to 32 letters, digits, _ . -).")
    if key_id in ring.keys:
        raise AuditKeyError(f"The audit key file {path} already holds a key {key_id!r}.")
    if not path.exists():
        _create(path, _new_line(key_id))
        return key_id
    text = path.read_text(encoding="ascii")
    separator = "" if not text or text.endswith("\n") else "\n"
    with path.open("a", encoding="ascii") as stream:
        stream.write(separator + _new_line(key_id))
    return key_id


def loose_permissions(path: Path) -> bool:
    """True when others than the owner may read or write the key file."""
    return bool(path.stat().st_mode & (stat.S_IRWXG | stat.S_IRWXO))


def _next_id(ring: KeyRing) -> str:
    # The date and a random part: ids stay unique across key files, so an entry can never
    # be checked with another installation's (or a regenerated file's) key of the same id.
    while True:
        key_id = f"{dt.date.today():%Y%m%d}-{secrets.token_hex(3)}"
        if key_id not in ring.keys:
            return key_id


def _new_line(key_id: str) -> str:
    return f"{key_id}:{base64.b64encode(secrets.token_bytes(KEY_BYTES)).decode()}\n"


def _create(path: Path, content: str) -> None:
    """Write a new key file readable by its owner only; a file made meanwhile by another
    process (two test workers, two server workers) wins and is kept."""
    path.parent.mkdir(parents=True, exist_ok=True)
    partial = path.with_name(f".{path.name}.{secrets.token_hex(8)}")
    descriptor = os.open(partial, os.O_WRONLY | os.O_CREAT | os.O_EXCL, 0o600)
    try:
        with os.fdopen(descriptor, "w", encoding="ascii") as stream:
            stream.write(content)
        with contextlib.suppress(FileExistsError):
            os.link(partial, path)
    finally:
        partial.unlink()
