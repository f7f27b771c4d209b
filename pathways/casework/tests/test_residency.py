"""Data residency: a deployment limited to some countries' casework holds no other's."""

from __future__ import annotations

import io

import pytest
from django.core.exceptions import ValidationError
from django.core.management import call_command

from conftest import PASSWORD
from pathways.casework import keys
from pathways.casework.checks import residency_check
from pathways.casework.models import Client, DataKey
from pathways.casework.residency import CountryNotHeld
from pathways.casework.tests.conftest import make_agency, open_case_for, register, sample_identity
from pathways.demo.casework import load_casework_demo

pytestmark = pytest.mark.django_db

LAO = sample_identity(mobile_phone="020 5555 1234")


@pytest.fixture
def cambodia_only(settings):
    settings.CASEWORK_COUNTRIES = ["KH"]


def test_a_client_of_another_country_is_refused_with_nothing_written(kh, la, cambodia_only):
    agency = make_agency(la)
    with pytest.raises(ValidationError) as refused:
        register(la, agency, LAO)
    assert "holds the casework of KH only" in str(refused.value.message_dict["country"])
    assert "own deployment" in str(refused.value.message_dict["country"])
    assert not Client.objects.exists()
    assert not DataKey.objects.filter(country=la).exists()
    assert register(kh, make_agency(kh)).pk


def test_a_case_for_a_client_of_another_country_is_refused(la, settings):
    client = register(la, make_agency(la), LAO)  # written before the deployment was limited
    settings.CASEWORK_COUNTRIES = ["KH"]
    with pytest.raises(ValidationError) as refused:
        open_case_for(client)
    assert "holds the casework of KH only" in str(refused.value.message_dict["client"])
    assert not client.cases.exists()


def test_no_data_key_is_made_for_a_country_not_held(la, cambodia_only):
    with pytest.raises(CountryNotHeld, match="does not hold the casework of LA"):
        keys.active_key(la, DataKey.Purpose.ENCRYPTION)


def test_keys_init_makes_data_keys_for_the_countries_held_only(kh, settings):
    settings.CASEWORK_COUNTRIES = ["KH"]
    out = io.StringIO()
    call_command("casework_keys", "init", stdout=out)
    assert "KH: data keys ready." in out.getvalue()
    assert set(DataKey.objects.values_list("country__code", "purpose")) == {
        ("KH", "encryption"),
        ("KH", "blind_index"),
    }


def test_keys_init_without_a_limit_makes_keys_on_first_need_only(kh, settings):
    settings.CASEWORK_COUNTRIES = []
    out = io.StringIO()
    call_command("casework_keys", "init", stdout=out)
    assert "on first need" in out.getvalue()
    assert not DataKey.objects.exists()


def test_the_system_check_warns_of_records_of_countries_not_held(kh, la, settings):
    register(la, make_agency(la), LAO)
    register(kh, make_agency(kh))
    assert residency_check() == []  # every country held
    settings.CASEWORK_COUNTRIES = ["KH"]
    (warning,) = residency_check()
    assert warning.id == "casework.W001" and "of LA" in warning.msg
    settings.CASEWORK_COUNTRIES = ["KH", "LA"]
    assert residency_check() == []


def test_the_cambodian_demo_is_not_loaded_where_cambodia_is_not_held(settings):
    settings.CASEWORK_COUNTRIES = ["LA"]
    assert load_casework_demo(password=PASSWORD, clients=10) is None
    assert not Client.objects.exists()
    out = io.StringIO()
    call_command("demo_logins", stdout=out)
    assert "kh_caseworker" not in out.getvalue()
