from __future__ import annotations

import pytest
from django.core.management import call_command
from django.core.management.base import CommandError
from django.db import connection

from pathways.audit.models import AuditEvent
from pathways.audit.services import audit_record, verify_chain
from pathways.programs.models import Country

pytestmark = pytest.mark.django_db

# Tampering straight in the database, as someone with database access would.
UPDATE_ACTOR = "UPDATE audit_auditevent SET actor_name = %s WHERE id = %s"
DELETE_ROW = "DELETE FROM audit_auditevent WHERE id = %s"


def record_changes(n: int = 3) -> list[AuditEvent]:
    country = Country.objects.get(code="KH")
    return [
        audit_record(actor=None, action="update", instance=country, changes={"step": [i, i + 1]})
        for i in range(n)
    ]


def run_verify() -> str:
    from io import StringIO

    out = StringIO()
    call_command("verify_audit", stdout=out)
    return out.getvalue().strip()


def broken_message() -> str:
    with pytest.raises(CommandError) as excinfo:
        run_verify()
    assert excinfo.value.returncode == 1
    return str(excinfo.value)


def test_intact_chain_prints_ok():
    record_changes()
    assert verify_chain() is None
    assert run_verify() == "ok"


def test_row_changed_with_raw_sql_is_named():
    _, second, _ = record_changes()
    with connection.cursor() as cursor:
        cursor.execute(UPDATE_ACTOR, ["mallory", second.id])
    assert verify_chain().event.id == second.id
    message = broken_message()
    assert f"event {second.id} " in message
    assert "Cambodia" in message and "changed" in message


def test_changed_changes_field_is_detected():
    events = record_changes()
    AuditEvent.objects.filter(pk=events[0].pk).update(changes={"step": [9, 9]})
    assert verify_chain().event.id == events[0].id


def test_middle_row_deleted_names_the_row_after_it():
    _, second, third = record_changes()
    with connection.cursor() as cursor:
        cursor.execute(DELETE_ROW, [second.id])
    assert verify_chain().event.id == third.id
    message = broken_message()
    assert f"event {third.id} " in message and "deleted" in message


def test_last_row_deleted_is_reported_as_missing_at_the_end():
    _, second, third = record_changes()
    AuditEvent.objects.filter(pk=third.pk).delete()
    broken = verify_chain()
    assert broken is not None and broken.event.pk is None
    message = broken_message()
    assert "missing at the end" in message and f"after event {second.id}" in message


def test_row_inserted_directly_is_detected():
    first, *_ = record_changes()
    forged = AuditEvent.objects.get(pk=first.pk)
    forged.pk, forged.hash, forged.object_repr = None, "f" * 64, "forged"
    forged.save()
    assert verify_chain().event.object_repr == "forged"
    assert "outside the app" in broken_message()


def test_row_appended_with_a_correct_hash_but_past_the_head_is_detected():
    *_, last = record_changes()
    forged = AuditEvent.objects.get(pk=last.pk)
    forged.pk, forged.prev_hash, forged.object_repr = None, last.hash, "forged"
    forged.hash = forged.compute_hash()
    forged.save()
    assert verify_chain().event.object_repr == "forged"
    assert "after the chain head" in broken_message()


def test_a_tampered_row_cannot_write_to_the_operators_terminal():
    _, second, _ = record_changes()
    # Moves the cursor up, erases the line and prints "ok" over the report of the break.
    disguise = "Cambodia\x1b[1A\x1b[2K\rok\n"
    AuditEvent.objects.filter(pk=second.pk).update(object_repr=disguise)
    message = broken_message()
    assert f"event {second.id} " in message
    assert "Cambodia\\u001b[1A\\u001b[2K\\u000dok\\u000a" in message
    assert not any(ch in message for ch in "\x1b\r\n")
