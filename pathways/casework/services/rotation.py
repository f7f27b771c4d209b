"""Rotating a country's data key: a new active key, every sealed row re-encrypted in batches."""

from __future__ import annotations

from dataclasses import dataclass
from typing import Any

from django.db import transaction
from django.db.models import Model, QuerySet
from django.utils import timezone

from pathways.audit.models import AuditEvent
from pathways.audit.services import audit_record_without_values
from pathways.casework import attachments, keys, sealing
from pathways.casework.models import Attachment, DataKey
from pathways.programs.models import Country


def _sealed_rows(country: Country) -> list[QuerySet]:
    return [queryset for queryset, _fields in keys.sealed_rows(country)]


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
    """Make a new active data key for `country` and re-encrypt its clients, cases, notes,
    break-glass reasons and attachments (name and file) under it.

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
    return any(rows.exclude(data_key_id=active_id).exists() for rows in _sealed_rows(country))


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
    """Re-encrypt up to `batch_size` rows still under an older key (the first model that
    has any); how many were."""
    for rows in _sealed_rows(country):
        with transaction.atomic():
            ids = list(
                rows.exclude(data_key_id=target.key_id)
                .order_by("id")
                .values_list("id", flat=True)[:batch_size]
            )
            if not ids:
                continue
            records: list[Model] = list(rows.select_for_update().filter(id__in=ids))
            written: list[str] = []
            try:
                for record in records:
                    sealing.reseal(record, target)
                    if isinstance(record, Attachment):
                        written.append(_reseal_file(record, target))
                # The values are unchanged, only their key: no audit entry per row, and
                # `updated_at` stays the time of the last change of content.
                columns = [f"{field}_sealed" for field in sealing.sealed_fields_of(records[0])]
                columns += ["blob_path"] if rows.model is Attachment else []
                rows.model.objects.bulk_update(records, [*columns, "data_key_id"])
            except BaseException:
                for name in written:
                    attachments.delete_blob(name)
                raise
            return len(records)
    return 0


def _reseal_file(attachment: Attachment, target: DataKey) -> str:
    """Write the attachment's file sealed under `target` beside the old one and point the
    row at it (saved by the caller); the old file is removed once the batch is committed.
    Stopped before that, the row still names the old file, which still opens, and the next
    run writes the new one again."""
    old = attachment.blob_path
    sealed = sealing.reseal_bytes(attachment, attachments.read_blob(attachment), target)
    name = attachments.blob_name(attachment)  # names `target`, set by `sealing.reseal`
    # Left by a run stopped after writing it and before its batch was committed: no row
    # names it, so it is replaced.
    attachments.delete_blob(name)
    attachment.blob_path = attachments.write_blob(name, sealed)
    transaction.on_commit(lambda: attachments.delete_blob(old))
    return attachment.blob_path


def _retire_unused_keys(actor: Any, country: Country, source: str) -> tuple[str, ...]:
    retired = []
    with transaction.atomic():
        for data_key in DataKey.objects.select_for_update().filter(
            country=country,
            purpose=DataKey.Purpose.ENCRYPTION,
            is_active=False,
            retired_at__isnull=True,
        ):
            if any(
                rows.filter(data_key_id=data_key.key_id).exists() for rows in _sealed_rows(country)
            ):
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
