"""Registering a client.

Audit entries name records by id and the fields written, never a value or display text
(`audit_record_without_values`): the audit chain can never be edited later, so no victim's
data may enter it.
"""

from __future__ import annotations

import datetime as dt
from dataclasses import fields, replace
from typing import Any

from django.core.exceptions import ValidationError
from django.core.validators import validate_email
from django.db import transaction
from django.utils.translation import gettext as _

from pathways.audit.models import AuditEvent
from pathways.audit.services import audit_record_without_values
from pathways.casework import sealing
from pathways.casework.models import SEALED_FIELDS, Client
from pathways.casework.residency import require_country_held
from pathways.casework.sealing import ClientIdentity
from pathways.lib.phones import InvalidPhone, to_e164
from pathways.lib.text import clean_text
from pathways.programs.models import Country, Organisation

NAME_FIELDS = ("first_name", "middle_name", "last_name", "local_script_name", "nickname")


def client_register(
    *,
    actor: Any,
    country: Country,
    owner_agency: Organisation,
    identity: ClientIdentity,
    sex: str,
    age_band: str,
    nationality: str = "",
    is_stateless: bool = False,
    birthdate_precision: str = "",
    identity_document_type: str = "",
    is_synthetic: bool = False,
    source: str = AuditEvent.Source.WEB,
) -> Client:
    """A new client of `owner_agency` in `country`, its identifiers sealed.

    ValidationError (messages name fields, never values) and nothing written on bad input,
    or for a country whose casework this deployment does not hold (`residency`).
    """
    require_country_held(country)
    identity = _clean_identity(identity, country)
    _check_identity(identity, birthdate_precision, identity_document_type)
    if owner_agency.country_id != country.pk:
        raise ValidationError(
            {"owner_agency": _("The owner agency must be an organisation of this country.")}
        )
    with transaction.atomic():
        client = Client(
            country=country,
            owner_agency=owner_agency,
            sex=sex,
            age_band=age_band,
            nationality=nationality,
            is_stateless=is_stateless,
            birthdate_precision=birthdate_precision,
            identity_document_type=identity_document_type,
            is_synthetic=is_synthetic,
            created_by=actor if getattr(actor, "is_authenticated", False) else None,
        )
        sealing.seal_identity(client, identity)
        client.full_clean()
        client.save()
        written = [f for f in SEALED_FIELDS if getattr(identity, f)]
        audit_record_without_values(
            actor=actor,
            action=AuditEvent.Action.CREATE,
            instance=client,
            fields=[*_tier_one_fields(client), *written],
            source=source,
        )
    return client


def _tier_one_fields(client: Client) -> list[str]:
    names = ["country", "owner_agency", "sex", "age_band", "nationality", "is_stateless"]
    names += ["birthdate_precision", "identity_document_type", "is_synthetic"]
    return [name for name in names if getattr(client, name) not in ("", None, False)]


def _clean_identity(identity: ClientIdentity, country: Country) -> ClientIdentity:
    """Text without control characters, trimmed; phones in E.164 for the country."""
    values: dict[str, Any] = {}
    for field in fields(identity):
        value = getattr(identity, field.name)
        if isinstance(value, str):
            value = clean_text(value, multiline=field.name == "address").strip()
        values[field.name] = value
    errors: dict[str, str] = {}
    for name in ("mobile_phone", "home_phone"):
        try:
            values[name] = to_e164(values[name], country.code)
        except InvalidPhone:
            errors[name] = _("Enter a valid phone number for this country, or leave it empty.")
    if errors:
        raise ValidationError(errors)
    return replace(identity, **values)


def _check_identity(
    identity: ClientIdentity, birthdate_precision: str, identity_document_type: str
) -> None:
    errors: dict[str, str] = {}
    if not any(getattr(identity, name) for name in NAME_FIELDS):
        errors["first_name"] = _("Give at least one name: a given, family or local-script name.")
    if identity.birthdate and identity.birthdate > dt.date.today():
        errors["birthdate"] = _("The birthdate cannot be in the future.")
    if bool(identity.birthdate) != bool(birthdate_precision):
        errors["birthdate_precision"] = _(
            "Give the birthdate's precision with a birthdate, and only then."
        )
    if bool(identity.identity_number) != bool(identity_document_type):
        errors["identity_document_type"] = _(
            "Give the identity document's type with its number, and only then."
        )
    if identity.email:
        try:
            validate_email(identity.email)
        except ValidationError:
            errors["email"] = _("Enter a valid email address, or leave it empty.")
    if errors:
        raise ValidationError(errors)
