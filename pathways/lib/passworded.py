"""Files encrypted under a password given to a person (an exported case, sent by one channel
while the password goes by another): AES-256-GCM under a key derived from the password with
scrypt.

The format, for whoever opens such a file elsewhere: `MAGIC` (8 bytes), the scrypt salt
(16 bytes), the GCM nonce (12 bytes), then the ciphertext with its 16-byte tag; the key is
scrypt(password as UTF-8, salt, n=2**15, r=8, p=1, length 32); the associated data is the
magic and the salt.
"""

from __future__ import annotations

import os
import secrets

from cryptography.exceptions import InvalidTag
from cryptography.hazmat.primitives.ciphers.aead import AESGCM
from cryptography.hazmat.primitives.kdf.scrypt import Scrypt

MAGIC = b"PWPKG01\n"
SALT_BYTES = 16
NONCE_BYTES = 12
SCRYPT_N, SCRYPT_R, SCRYPT_P = 2**15, 8, 1
# Letters and digits a person reads out or types without confusing them (no 0/O, 1/l/I).
ALPHABET = "abcdefghjkmnpqrstuvwxyz23456789"
GROUPS, GROUP_LENGTH = 5, 5


class WrongPassword(Exception):
    """The password does not open the file, or the file was altered."""


def new_password() -> str:
    """A random password in groups of five (about 123 bits), to be shown once."""
    return "-".join(
        "".join(secrets.choice(ALPHABET) for _ in range(GROUP_LENGTH)) for _ in range(GROUPS)
    )


def _key(password: str, salt: bytes) -> bytes:
    kdf = Scrypt(salt=salt, length=32, n=SCRYPT_N, r=SCRYPT_R, p=SCRYPT_P)
    return kdf.derive(password.encode("utf-8"))


def encrypt(plaintext: bytes, password: str) -> bytes:
    if not password:
        raise ValueError("A file is encrypted under a password, not an empty one.")
    salt, nonce = os.urandom(SALT_BYTES), os.urandom(NONCE_BYTES)
    body = AESGCM(_key(password, salt)).encrypt(nonce, plaintext, MAGIC + salt)
    return MAGIC + salt + nonce + body


def decrypt(package: bytes, password: str) -> bytes:
    """The plaintext; WrongPassword for a wrong password or an altered file, ValueError for
    bytes that are not such a file."""
    head = len(MAGIC) + SALT_BYTES + NONCE_BYTES
    if not package.startswith(MAGIC) or len(package) < head + 16:
        raise ValueError("Not a password-encrypted Pathways file.")
    salt = package[len(MAGIC) : len(MAGIC) + SALT_BYTES]
    nonce = package[len(MAGIC) + SALT_BYTES : head]
    try:
        return AESGCM(_key(password, salt)).decrypt(nonce, package[head:], MAGIC + salt)
    except InvalidTag as exc:
        raise WrongPassword("The password does not open this file, or it was altered.") from exc
