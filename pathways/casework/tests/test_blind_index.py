from __future__ import annotations

import datetime as dt

from pathways.casework import sealing
from pathways.casework.models import DataKey
from pathways.casework.services import data_key_rotate
from pathways.casework.tests.conftest import make_agency, register, sample_identity


def test_a_phone_written_another_way_finds_the_client(kh, kh_agency):
    client = register(kh, kh_agency, sample_identity(home_phone="023 998 877"))
    other = register(kh, kh_agency, sample_identity(mobile_phone="097 765 4321"))
    for written in ("012345678", "+855 12 345 678", "(012) 345-678", "+855-12-345-678"):
        assert list(sealing.clients_with_phone(kh, written)) == [client], written
    assert list(sealing.clients_with_phone(kh, "+85523998877")) == [client]
    assert list(sealing.clients_with_phone(kh, "0977654321")) == [other]
    assert not sealing.clients_with_phone(kh, "012 345 679").exists()
    assert not sealing.clients_with_phone(kh, "not a phone").exists()


def test_an_identity_number_written_another_way_finds_the_client(kh, kh_agency):
    client = register(kh, kh_agency)
    for written in ("N0123-4567", "n 0123 4567", "N0123.4567", "n01234567"):
        assert list(sealing.clients_with_identity_number(kh, written)) == [client], written
    assert not sealing.clients_with_identity_number(kh, "N0123-4568").exists()
    assert not sealing.clients_with_identity_number(kh, " - ").exists()


def test_a_name_and_birth_year_find_the_client_in_either_script(kh, kh_agency):
    client = register(kh, kh_agency)
    born = dt.date(2006, 1, 1)
    assert list(sealing.clients_with_name(kh, "chhorvann SREYNEANG", birthdate=born)) == [client]
    assert list(sealing.clients_with_name(kh, "ឆវណ្ណ ស្រីនាង", birthdate=born)) == [client]
    assert not sealing.clients_with_name(kh, "Sreyneang Chhorvann", birthdate=None).exists()
    assert not sealing.clients_with_name(
        kh, "Sreyneang Chhorvann", birthdate=dt.date(2007, 1, 1)
    ).exists()


def test_indexes_are_per_country(kh, la, kh_agency):
    register(kh, kh_agency)
    in_la = register(la, make_agency(la), sample_identity(mobile_phone=""))
    assert in_la.blind_index_identity_number != "" and (
        in_la.blind_index_identity_number != sealing.identity_number_index(kh, "N0123-4567")
    )
    assert list(sealing.clients_with_identity_number(la, "N01234567")) == [in_la]


def test_rotation_leaves_the_blind_indexes_working(kh, kh_agency):
    client = register(kh, kh_agency)
    blind = DataKey.objects.get(country=kh, purpose="blind_index").key_id
    data_key_rotate(actor=None, country=kh, batch_size=10)
    assert DataKey.objects.get(country=kh, purpose="blind_index", is_active=True).key_id == blind
    assert list(sealing.clients_with_phone(kh, "012 345 678")) == [client]
