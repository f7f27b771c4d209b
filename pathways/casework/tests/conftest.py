"""Casework test helpers: countries, agencies, staff, clients and cases. The temporary master
key every test encrypts under is the root conftest's `master_key_file`."""

from __future__ import annotations

import datetime as dt
import secrets

import pytest

from pathways.casework.models import Client
from pathways.casework.sealing import ClientIdentity
from pathways.casework.services import client_register
from pathways.programs.models import Country, Organisation


@pytest.fixture
def kh(db) -> Country:
    return Country.objects.get(code="KH")


@pytest.fixture
def la(db) -> Country:
    return Country.objects.get(code="LA")


def make_agency(country: Country, name: str = "") -> Organisation:
    return Organisation.objects.create(
        name=name or f"Test shelter {country.code} {secrets.token_hex(3)}",
        type=Organisation.Type.NGO,
        country=country,
    )


@pytest.fixture
def kh_agency(kh) -> Organisation:
    return make_agency(kh)


def sample_identity(**overrides) -> ClientIdentity:
    values = {
        "first_name": "Sreyneang",
        "last_name": "Chhorvann",
        "local_script_name": "ស្រីនាង ឆវណ្ណ",
        "birthdate": dt.date(2006, 3, 14),
        "identity_number": "N0123-4567",
        "mobile_phone": "012 345 678",
        "email": "sreyneang@example.org",
        "address": "House 12, Street 271\nPhnom Penh",
    }
    return ClientIdentity(**{**values, **overrides})


def register(
    country: Country, agency: Organisation, identity: ClientIdentity | None = None, **extra
) -> Client:
    identity = identity or sample_identity()
    values = {
        "sex": Client.Sex.FEMALE,
        "age_band": Client.AgeBand.CHILD_12_17,
        "nationality": country.code,
        "birthdate_precision": Client.BirthdatePrecision.DAY if identity.birthdate else "",
        "identity_document_type": (
            Client.DocumentType.NATIONAL_ID if identity.identity_number else ""
        ),
        **extra,
    }
    return client_register(
        actor=None, country=country, owner_agency=agency, identity=identity, **values
    )


def a_reader(username: str = "casework-reader"):
    """A user reading identifiers in a test: every read is recorded under someone."""
    from django.contrib.auth import get_user_model

    return get_user_model().objects.get_or_create(username=username)[0]


def reading(**extra) -> dict:
    """The keyword arguments of a read by `a_reader` from the command line."""
    return {"reader": a_reader(), "via": "command", **extra}


def staff(agency: Organisation, role: str, username: str = "", **extra):
    """A user holding one casework role at `agency`."""
    from django.contrib.auth import get_user_model

    from pathways.casework.models import StaffMembership

    user = get_user_model().objects.create_user(
        username=username or f"{role}-{secrets.token_hex(3)}", password=None
    )
    StaffMembership.objects.create(user=user, agency=agency, role=role, **extra)
    return user


def signed_in(client, user):
    """Sign `user` in on the test client with a confirmed authenticator app and a session
    that passed the second step: casework pages send anyone else to set up or enter a code."""
    from django_otp import DEVICE_ID_SESSION_KEY
    from django_otp.plugins.otp_totp.models import TOTPDevice

    device = TOTPDevice.objects.filter(user=user, confirmed=True).first()
    if device is None:
        device = TOTPDevice.objects.create(user=user, name="phone", confirmed=True)
    client.force_login(user)
    session = client.session
    session[DEVICE_ID_SESSION_KEY] = device.persistent_id
    session.save()
    return client


def open_case_for(client: Client, **kwargs):
    from pathways.casework.services import case_open

    return case_open(actor=None, client=client, **kwargs)
