from __future__ import annotations

import pytest

from pathways.lib import passworded


def test_a_file_opens_with_its_password_only():
    password = passworded.new_password()
    package = passworded.encrypt(b'{"prs_FirstName": "Sokha"}', password)
    assert b"Sokha" not in package and package.startswith(passworded.MAGIC)
    assert passworded.decrypt(package, password) == b'{"prs_FirstName": "Sokha"}'
    with pytest.raises(passworded.WrongPassword):
        passworded.decrypt(package, passworded.new_password())


def test_an_altered_file_does_not_open():
    password = passworded.new_password()
    package = bytearray(passworded.encrypt(b"case", password))
    package[-1] ^= 1
    with pytest.raises(passworded.WrongPassword):
        passworded.decrypt(bytes(package), password)


def test_bytes_that_are_not_a_package_are_named_as_such():
    with pytest.raises(ValueError, match="Not a password-encrypted"):
        passworded.decrypt(b"{}", "x")


def test_passwords_differ_and_avoid_confusable_characters():
    made = {passworded.new_password() for _ in range(20)}
    assert len(made) == 20
    assert not set("".join(made)) & set("01lIO")
