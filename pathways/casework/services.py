"""Casework writes: registering a client, and rotating a country's data key.

Audit entries name records by id and the fields written, never a value or display text
(`audit_record_without_values`): the audit chain can never be edited later, so no victim's
data may enter it.
"""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass, fields, replace
from typing import Any

from django.core.exceptions import ValidationError
from django.core.validators import validate_email
from django.db import transaction
from django.utils import timezone
from django.utils.translation import gettext as _

from pathways.audit.models import AuditEvent
from pathways.audit.services import audit_record_without_values
from pathways.casework import keys, sealing
from pathways.casework.models import SEALED_FIELDS, Client, DataKey
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

    ValidationError (messages name fields, never values) and nothing written on bad input.
    """
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


# --- key rotation ------------------------------------------------------------------------------


@dataclass(frozen=True)
class RotationResult:
    key_id: str
    resumed: bool
    rows: int
    batches: int
    retired: tuple[str, ...]


def data_key_rotate(
    *,
    actor: Any,
    country: Country,
    batch_size: int = 500,
    source: str = AuditEvent.Source.COMMAND,
) -> RotationResult:
    """Make a new active data key for `country` and re-encrypt its clients under it.

    Each batch is its own transaction, so the system keeps running; every read meanwhile
    opens a value with the key it names. Interrupted, a second run continues with the same
    new key (no rows left under older keys means a new rotation). An older key is retired
    only once no row uses it, and kept: a restored backup from before may need it.
    """
    if batch_size < 1:
        raise ValueError("The batch size must be at least 1.")
    target, resumed = _rotation_target(actor, country, source)
    rows = batches = 0
    while done := _reseal_batch(country, target, batch_size):
        rows += done
        batches += 1
    retired = _retire_unused_keys(actor, country, source)
    return RotationResult(target.key_id, resumed, rows, batches, retired)


def _rows_under_older_keys(country: Country, active_id: str) -> bool:
    return Client.objects.filter(country=country).exclude(data_key_id=active_id).exists()


def _rotation_target(actor: Any, country: Country, source: str) -> tuple[DataKey, bool]:
    with transaction.atomic():
        current = (
            DataKey.objects.select_for_update()
            .filter(country=country, purpose=DataKey.Purpose.ENCRYPTION, is_active=True)
            .first()
        )
        if current is not None and _rows_under_older_keys(country, current.key_id):
            return current, True
        if current is not None:
            current.is_active = False
            current.save(update_fields=["is_active"])
            audit_record_without_values(
                actor=actor,
                action=AuditEvent.Action.UPDATE,
                instance=current,
                fields=["is_active"],
                source=source,
            )
        new = keys.create_data_key(country, DataKey.Purpose.ENCRYPTION)
        audit_record_without_values(
            actor=actor,
            action=AuditEvent.Action.CREATE,
            instance=new,
            fields=["country", "purpose", "key_id", "wrapped"],
            source=source,
        )
    return new, False


def _reseal_batch(country: Country, target: DataKey, batch_size: int) -> int:
    """Re-encrypt up to `batch_size` clients still under an older key; how many were."""
    with transaction.atomic():
        ids = list(
            Client.objects.filter(country=country)
            .exclude(data_key_id=target.key_id)
            .order_by("id")
            .values_list("id", flat=True)[:batch_size]
        )
        if not ids:
            return 0
        clients = list(
            Client.objects.select_for_update().select_related("country").filter(id__in=ids)
        )
        for client in clients:
            sealing.reseal(client, target)
        # The values are unchanged, only their key: no audit entry per row, and
        # `updated_at` stays the time of the last change of content.
        Client.objects.bulk_update(
            clients, [*(f"{field}_sealed" for field in SEALED_FIELDS), "data_key_id"]
        )
    return len(clients)


def _retire_unused_keys(actor: Any, country: Country, source: str) -> tuple[str, ...]:
    retired = []
    with transaction.atomic():
        for data_key in DataKey.objects.select_for_update().filter(
            country=country,
            purpose=DataKey.Purpose.ENCRYPTION,
            is_active=False,
            retired_at__isnull=True,
        ):
            if Client.objects.filter(country=country, data_key_id=data_key.key_id).exists():
                continue
            data_key.retired_at = timezone.now()
            data_key.save(update_fields=["retired_at"])
            audit_record_without_values(
                actor=actor,
                action=AuditEvent.Action.UPDATE,
                instance=data_key,
                fields=["retired_at"],
                source=source,
            )
            retired.append(data_key.key_id)
    return tuple(retired)
