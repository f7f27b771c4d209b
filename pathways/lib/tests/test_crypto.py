from __future__ import annotations

import pytest

from pathways.lib import crypto

KEY = bytes(range(32))
OTHER = bytes(range(1, 33))
PLACE = b"casework.client.first_name|KH|1"
SECRET = "Sreyneang ស្រីនាង".encode()


def opener(*known: tuple[str, bytes]):
    table = dict(known)

    def key_for(key_id: str) -> bytes:
        if key_id not in table:
            raise crypto.UnknownKeyId(f"no key {key_id}")
        return table[key_id]

    return key_for


def test_a_sealed_value_opens_with_its_key_and_place():
    sealed = crypto.seal(SECRET, key=KEY, key_id="kh-1", aad=PLACE)
    assert crypto.open_sealed(sealed, key_for=opener(("kh-1", KEY)), aad=PLACE) == SECRET
    assert SECRET not in sealed


def test_the_format_names_version_key_id_and_a_fresh_nonce():
    first = crypto.seal(SECRET, key=KEY, key_id="kh-1", aad=PLACE)
    second = crypto.seal(SECRET, key=KEY, key_id="kh-1", aad=PLACE)
    assert first[0] == crypto.VERSION and first[1] == 4 and first[2:6] == b"kh-1"
    assert crypto.key_id_of(first) == "kh-1"
    assert first != second  # a random nonce each time
    nonce, body = crypto.parse(first)[1:]
    assert len(nonce) == crypto.NONCE_BYTES
    assert len(body) == len(SECRET) + crypto.TAG_BYTES


def test_a_value_in_another_place_does_not_open():
    sealed = crypto.seal(SECRET, key=KEY, key_id="kh-1", aad=PLACE)
    for place in (b"casework.client.last_name|KH|1", b"casework.client.first_name|LA|1"):
        with pytest.raises(crypto.TamperedCiphertext, match="copied here from another"):
            crypto.open_sealed(sealed, key_for=opener(("kh-1", KEY)), aad=place)


@pytest.mark.parametrize("position", [-1, -20, 10])
def test_a_changed_byte_is_caught_and_nothing_is_returned(position):
    sealed = bytearray(crypto.seal(SECRET, key=KEY, key_id="kh-1", aad=PLACE))
    sealed[position] ^= 0x01
    with pytest.raises(crypto.TamperedCiphertext) as caught:
        crypto.open_sealed(bytes(sealed), key_for=opener(("kh-1", KEY)), aad=PLACE)
    assert "Sreyneang" not in str(caught.value)


def test_another_key_under_the_same_id_does_not_open():
    sealed = crypto.seal(SECRET, key=KEY, key_id="kh-1", aad=PLACE)
    with pytest.raises(crypto.TamperedCiphertext):
        crypto.open_sealed(sealed, key_for=opener(("kh-1", OTHER)), aad=PLACE)


def test_an_unknown_key_id_is_named():
    sealed = crypto.seal(SECRET, key=KEY, key_id="kh-9", aad=PLACE)
    with pytest.raises(crypto.UnknownKeyId, match="kh-9"):
        crypto.open_sealed(sealed, key_for=opener(("kh-1", KEY)), aad=PLACE)


@pytest.mark.parametrize(
    "blob, message",
    [
        (b"", "too short"),
        (b"\x02\x04kh-1" + b"\x00" * 40, "format version 2"),
        (b"\x01\x04kh-1" + b"\x00" * 5, "shorter than its header"),
        (b"\x01\x00" + b"\x00" * 40, "shorter than its header"),
        (b"\x01\x04k h!" + b"\x00" * 40, "key id is malformed"),
        (b"\x01\x04\xff\xfe\xfd\xfc" + b"\x00" * 40, "not ASCII"),
    ],
)
def test_bytes_that_are_no_sealed_value_are_refused(blob, message):
    with pytest.raises(crypto.BadFormat, match=message):
        crypto.open_sealed(blob, key_for=opener(("kh-1", KEY)), aad=PLACE)


def test_keys_and_key_ids_are_checked_before_sealing():
    with pytest.raises(crypto.CryptoError, match="32 bytes"):
        crypto.seal(SECRET, key=b"short", key_id="kh-1", aad=PLACE)
    with pytest.raises(crypto.CryptoError, match="not a key id"):
        crypto.seal(SECRET, key=KEY, key_id="kh 1", aad=PLACE)


def test_a_wrapped_key_unwraps_only_with_its_master_key_and_id():
    data_key = crypto.new_key()
    wrapped = crypto.wrap_key(data_key, master_key=KEY, key_id="kh-1")
    assert data_key not in wrapped
    assert crypto.unwrap_key(wrapped, master_key=KEY, key_id="kh-1") == data_key
    with pytest.raises(crypto.WrongKey, match="does not open with this master key"):
        crypto.unwrap_key(wrapped, master_key=OTHER, key_id="kh-1")
    with pytest.raises(crypto.TamperedCiphertext, match="swapped"):
        crypto.unwrap_key(wrapped, master_key=KEY, key_id="kh-2")


def test_fingerprints_tell_keys_apart_without_revealing_them():
    assert crypto.fingerprint(KEY) == crypto.fingerprint(bytes(KEY))
    assert crypto.fingerprint(KEY) != crypto.fingerprint(OTHER)
    assert len(crypto.fingerprint(KEY)) == 16


def test_blind_indexes_are_equal_for_equal_values_and_apart_by_kind_and_key():
    index = crypto.blind_index("85512345678", key=KEY, kind="phone")
    assert index == crypto.blind_index("85512345678", key=KEY, kind="phone")
    assert index != crypto.blind_index("85512345678", key=KEY, kind="identity_number")
    assert index != crypto.blind_index("85512345678", key=OTHER, kind="phone")
    assert "85512345678" not in index and len(index) == 64
    assert crypto.blind_index("", key=KEY, kind="phone") == ""
