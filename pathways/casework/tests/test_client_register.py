from __future__ import annotations

import datetime as dt

import pytest
from django.core.exceptions import ValidationError

from pathways.audit.models import AuditEvent
from pathways.casework import sealing
from pathways.casework.models import SEALED_FIELDS, Client
from pathways.casework.sealing import decrypt_identity, reveal
from pathways.casework.tests.conftest import make_agency, reading, register, sample_identity
from pathways.lib import crypto


def test_a_registered_client_reads_back_every_identifier(kh, kh_agency):
    client = Client.objects.get(pk=register(kh, kh_agency).pk)
    identity = decrypt_identity(client, fields=SEALED_FIELDS, **reading())
    assert identity.first_name == "Sreyneang"
    assert identity.local_script_name == "ស្រីនាង ឆវណ្ណ"
    assert identity.birthdate == dt.date(2006, 3, 14)
    # Phones are kept in E.164 for the client's country.
    assert identity.mobile_phone == "+85512345678"
    assert identity.address == "House 12, Street 271\nPhnom Penh"
    assert identity.middle_name == "" and identity.home_phone == ""
    assert client.middle_name_sealed is None


def test_only_the_fields_asked_for_are_decrypted(kh, kh_agency):
    client = register(kh, kh_agency)
    identity = decrypt_identity(client, fields=["last_name"], **reading())
    assert identity.last_name == "Chhorvann"
    assert identity.first_name == "" and identity.birthdate is None
    assert reveal(client, "identity_number", **reading()) == "N0123-4567"
    with pytest.raises(ValueError, match="not a sealed field"):
        reveal(client, "sex", **reading())


def test_the_client_names_itself_by_number_only(kh, kh_agency):
    client = register(kh, kh_agency)
    assert str(client) == f"Client {client.pk}"
    assert "Sreyneang" not in repr(sample_identity())


def test_tier_one_facts_stay_in_clear(kh, kh_agency):
    client = register(kh, kh_agency, is_synthetic=True)
    assert (client.sex, client.age_band, client.nationality) == ("female", "12-17", "KH")
    assert client.is_synthetic and client.global_id


def test_the_audit_entry_names_fields_and_ids_but_no_value(kh, kh_agency):
    client = register(kh, kh_agency)
    event = AuditEvent.objects.get(object_id=str(client.pk), content_type__model="client")
    assert event.action == AuditEvent.Action.CREATE
    assert event.object_repr == f"casework.Client {client.pk}"
    assert "first_name" in event.changes["fields"]
    assert "sex" in event.changes["fields"]
    text = f"{event.object_repr} {event.changes}"
    for value in ("Sreyneang", "Chhorvann", "ស្រីនាង", "0123", "345", "example.org", "2006"):
        assert value not in text


def test_a_ciphertext_copied_to_another_field_does_not_open(kh, kh_agency):
    client = register(kh, kh_agency)
    client.last_name_sealed = client.first_name_sealed
    with pytest.raises(crypto.TamperedCiphertext):
        reveal(client, "last_name", **reading())


def test_a_ciphertext_copied_to_another_client_does_not_open(kh, kh_agency):
    first = register(kh, kh_agency)
    second = register(kh, kh_agency, sample_identity(first_name="Dara"))
    second.first_name_sealed = first.first_name_sealed
    with pytest.raises(crypto.TamperedCiphertext):
        reveal(second, "first_name", **reading())


def test_a_ciphertext_copied_to_another_country_does_not_open(kh, la, kh_agency):
    in_kh = register(kh, kh_agency)
    in_la = register(la, make_agency(la), sample_identity(first_name="Dara", mobile_phone=""))
    in_la.first_name_sealed = in_kh.first_name_sealed
    # Lao has no key of that id: the value belongs to Cambodia's keys.
    with pytest.raises(crypto.UnknownKeyId, match="not a data key of LA"):
        reveal(in_la, "first_name", **reading())


def test_a_tampered_column_gives_a_clear_error_and_no_value(kh, kh_agency):
    client = register(kh, kh_agency)
    sealed = bytearray(client.email_sealed)
    sealed[-3] ^= 0xFF
    Client.objects.filter(pk=client.pk).update(email_sealed=bytes(sealed))
    client.refresh_from_db()
    with pytest.raises(crypto.TamperedCiphertext) as caught:
        reveal(client, "email", **reading())
    assert "example.org" not in str(caught.value)
    # The other fields still open.
    assert reveal(client, "first_name", **reading()) == "Sreyneang"


@pytest.mark.parametrize(
    "identity, extra, field",
    [
        (sample_identity(mobile_phone="12"), {}, "mobile_phone"),
        (sample_identity(email="not-an-email"), {}, "email"),
        (sample_identity(birthdate=dt.date(2999, 1, 1)), {}, "birthdate"),
        (sample_identity(), {"birthdate_precision": ""}, "birthdate_precision"),
        (sample_identity(), {"identity_document_type": ""}, "identity_document_type"),
        (
            sample_identity(first_name="", last_name="", local_script_name=""),
            {},
            "first_name",
        ),
        (sample_identity(), {"nationality": "kh"}, "nationality"),
        (sample_identity(), {"sex": "other"}, "sex"),
    ],
)
def test_bad_input_names_the_field_not_the_value_and_writes_nothing(
    kh, kh_agency, identity, extra, field
):
    events = AuditEvent.objects.count()
    with pytest.raises(ValidationError) as caught:
        register(kh, kh_agency, identity, **extra)
    assert field in caught.value.message_dict
    assert "Sreyneang" not in str(caught.value) and "not-an-email" not in str(caught.value)
    assert not Client.objects.exists()
    assert AuditEvent.objects.count() == events


def test_the_owner_agency_must_be_of_the_clients_country(kh, la):
    with pytest.raises(ValidationError) as caught:
        register(kh, make_agency(la))
    assert "owner_agency" in caught.value.message_dict
    assert not Client.objects.exists()


def test_text_is_cleaned_before_it_is_sealed(kh, kh_agency):
    client = register(kh, kh_agency, sample_identity(first_name=" Sok\u202eDara\x00 "))
    assert reveal(client, "first_name", **reading()) == "SokDara"


def test_the_name_key_ignores_word_order_and_case(kh, kh_agency):
    client = register(kh, kh_agency)
    born = dt.date(2006, 3, 14)
    assert sealing.name_index(kh, "CHHORVANN sreyneang", birthdate=born) == client.blind_index_name
    assert sealing.name_index(kh, "Sreyneang Chhorvann", birthdate=None) != client.blind_index_name
