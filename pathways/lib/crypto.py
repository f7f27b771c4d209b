"""Authenticated encryption of small values, key wrapping and blind indexes (no Django state).

A sealed value is self-describing, so it can be opened years later by whichever key sealed it:

    version (1 byte) | key id length (1 byte) | key id (ASCII) | nonce (12 bytes) | ciphertext+tag

It is AES-256-GCM with a random 96-bit nonce. The associated data (AAD) names the value's
place (e.g. b"casework.client.first_name|KH|<client id>"): it is not stored, the opener must
give the same, so a ciphertext copied into another field, country or record does not open.

Data keys are wrapped under a master key the same way, with the key id as associated data.
A blind index is an HMAC-SHA256 of a normalised value under a key of its own: equal values
give equal indexes (exact-match search) and the index reveals nothing without the key.

No error message here ever contains a plaintext or a key.
"""

from __future__ import annotations

import hashlib
import hmac
import re
import secrets
from collections.abc import Callable

from cryptography.exceptions import InvalidTag
from cryptography.hazmat.primitives.ciphers.aead import AESGCM

VERSION = 1
KEY_BYTES = 32
NONCE_BYTES = 12
TAG_BYTES = 16
KEY_ID = re.compile(r"[A-Za-z0-9_.-]{1,32}")


class CryptoError(Exception):
    """A value or key that cannot be sealed or opened; the message says why."""


class BadFormat(CryptoError):
    """The bytes are not a sealed value of a version this code reads."""


class UnknownKeyId(CryptoError):
    """The value names a key id that the key source does not hold."""


class TamperedCiphertext(CryptoError):
    """The value does not open under its key and place: altered, or copied from elsewhere."""


class WrongKey(CryptoError):
    """A wrapped key does not open under the master key given."""


def new_key() -> bytes:
    return secrets.token_bytes(KEY_BYTES)


def _check_key(key: bytes, what: str) -> None:
    if not isinstance(key, bytes) or len(key) != KEY_BYTES:
        raise CryptoError(f"The {what} must be {KEY_BYTES} bytes.")


def _check_key_id(key_id: str) -> bytes:
    if not KEY_ID.fullmatch(key_id or ""):
        raise CryptoError(f"{key_id!r} is not a key id (1 to 32 letters, digits, _ . -).")
    return key_id.encode("ascii")


def seal(plaintext: bytes, *, key: bytes, key_id: str, aad: bytes) -> bytes:
    """`plaintext` encrypted and authenticated under `key`, bound to `aad`."""
    _check_key(key, "data key")
    encoded_id = _check_key_id(key_id)
    nonce = secrets.token_bytes(NONCE_BYTES)
    body = AESGCM(key).encrypt(nonce, plaintext, aad)
    return bytes([VERSION, len(encoded_id)]) + encoded_id + nonce + body


def parse(sealed: bytes) -> tuple[str, bytes, bytes]:
    """(key id, nonce, ciphertext+tag) of a sealed value; BadFormat when it is not one."""
    sealed = bytes(sealed) if isinstance(sealed, bytearray | memoryview) else sealed
    if not isinstance(sealed, bytes) or len(sealed) < 2:
        raise BadFormat("The value is not a sealed value: it is too short to have a header.")
    if sealed[0] != VERSION:
        raise BadFormat(
            f"The value has format version {sealed[0]}; this version of Pathways reads {VERSION}."
        )
    id_length = sealed[1]
    start = 2 + id_length
    if id_length == 0 or len(sealed) < start + NONCE_BYTES + TAG_BYTES:
        raise BadFormat("The value is not a sealed value: it is shorter than its header says.")
    try:
        key_id = sealed[2:start].decode("ascii")
    except UnicodeDecodeError:
        raise BadFormat("The value is not a sealed value: its key id is not ASCII.") from None
    if not KEY_ID.fullmatch(key_id):
        raise BadFormat("The value is not a sealed value: its key id is malformed.")
    return key_id, sealed[start : start + NONCE_BYTES], sealed[start + NONCE_BYTES :]


def key_id_of(sealed: bytes) -> str:
    return parse(sealed)[0]


def open_sealed(sealed: bytes, *, key_for: Callable[[str], bytes], aad: bytes) -> bytes:
    """The plaintext of `sealed`, with the key `key_for(key id)` gives.

    `key_for` raises UnknownKeyId for an id it does not hold. TamperedCiphertext when the
    value does not authenticate: it was changed, or belongs to another place than `aad`.
    """
    key_id, nonce, body = parse(sealed)
    key = key_for(key_id)
    _check_key(key, "data key")
    try:
        return AESGCM(key).decrypt(nonce, body, aad)
    except InvalidTag:
        raise TamperedCiphertext(
            f"A value sealed with key {key_id} does not open in this place: it was altered, "
            "or copied here from another field, record or country."
        ) from None


def _wrap_aad(key_id: str) -> bytes:
    return b"pathways.wrapped-key|" + _check_key_id(key_id)


def wrap_key(data_key: bytes, *, master_key: bytes, key_id: str) -> bytes:
    """`data_key` sealed under `master_key`, bound to its own id."""
    _check_key(master_key, "master key")
    _check_key(data_key, "data key")
    return seal(data_key, key=master_key, key_id=key_id, aad=_wrap_aad(key_id))


def unwrap_key(wrapped: bytes, *, master_key: bytes, key_id: str) -> bytes:
    """The data key `wrap_key` wrapped; WrongKey when `master_key` is not the one used."""
    _check_key(master_key, "master key")
    stored_id, _nonce, _body = parse(wrapped)
    if stored_id != key_id:
        raise TamperedCiphertext(
            f"The wrapped key stored for key {key_id} names key {stored_id}: it was swapped."
        )
    try:
        key = open_sealed(wrapped, key_for=lambda _id: master_key, aad=_wrap_aad(key_id))
    except TamperedCiphertext:
        raise WrongKey(
            f"Data key {key_id} does not open with this master key: it is not the master key "
            "the data key was wrapped with (or the wrapped key was altered)."
        ) from None
    _check_key(key, "unwrapped data key")
    return key


def fingerprint(key: bytes) -> str:
    """A short public name of a key (16 hex digits) that reveals nothing of it: tells which
    master key wrapped a data key without trying it."""
    return hmac.new(key, b"pathways key fingerprint", hashlib.sha256).hexdigest()[:16]


def blind_index(value: str, *, key: bytes, kind: str) -> str:
    """HMAC-SHA256 (hex) of an already normalised `value`; "" for an empty value.

    `kind` separates the index spaces, so a phone and an identity number with the same
    digits do not give the same index.
    """
    _check_key(key, "blind-index key")
    if not value:
        return ""
    message = kind.encode("ascii") + b"\x00" + value.encode("utf-8")
    return hmac.new(key, message, hashlib.sha256).hexdigest()
