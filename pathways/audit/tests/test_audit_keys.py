"""The signed audit chain: someone who can write to the database but has no key file cannot
rewrite it, chains written before signing keep verifying, and keys can be rotated."""

from __future__ import annotations

import base64
import hashlib
import json
import re
import secrets
from io import StringIO
from pathlib import Path

import pytest
from django.contrib.contenttypes.models import ContentType
from django.core.management import call_command
from django.core.management.base import CommandError
from django.utils import timezone

from pathways.accounts.models import User
from pathways.audit.keys import AuditKeyError, add_key, read_keys
from pathways.audit.models import AuditChainHead, AuditEvent
from pathways.audit.services import GENESIS_HASH, audit_record, verify_chain
from pathways.ops.tests.test_production_settings import production_env, run_manage, start_server
from pathways.programs.models import Country

pytestmark = pytest.mark.django_db


@pytest.fixture
def key_file(settings, tmp_path) -> Path:
    """A key file of this test's own, and an empty chain signed by nothing yet."""
    settings.AUDIT_KEY_FILE = tmp_path / "keys" / "audit.key"
    AuditEvent.objects.all().delete()
    AuditChainHead.objects.all().delete()
    return settings.AUDIT_KEY_FILE


def main_sha256(event: AuditEvent) -> str:
    """The hash as the app computed it before signing began (2424f2d), copied here so that
    a change to the legacy rule fails these tests."""
    payload = json.dumps(
        {
            "at": event.at.isoformat(),
            "actor_id": event.actor_id,
            "actor_name": event.actor_name,
            "action": event.action,
            "source": event.source,
            "content_type": event.content_type_id,
            "object_id": event.object_id,
            "object_repr": event.object_repr,
            "changes": event.changes,
            "prev_hash": event.prev_hash,
        },
        sort_keys=True,
        ensure_ascii=False,
        default=str,
    )
    return hashlib.sha256(payload.encode()).hexdigest()


def write_unsigned_chain(n: int, actor: User | None = None) -> list[AuditEvent]:
    """Entries as the app wrote them before signing began: plain SHA-256, no key id."""
    country = Country.objects.get(code="KH")
    prev, events = GENESIS_HASH, []
    for i in range(n):
        event = AuditEvent(
            at=timezone.now(),
            actor=actor,
            recorded_actor_id=actor.pk if actor else None,
            actor_name=actor.username if actor else "system",
            action="update",
            source="web",
            content_type=ContentType.objects.get_for_model(Country),
            object_id=str(country.pk),
            object_repr=str(country),
            changes={"step": [i, i + 1]},
            prev_hash=prev,
        )
        event.hash = prev = main_sha256(event)
        event.save()
        events.append(event)
    AuditChainHead.objects.create(pk=1, last_hash=prev)
    return events


def record(n: int = 1, actor: User | None = None) -> list[AuditEvent]:
    country = Country.objects.get(code="KH")
    return [
        audit_record(actor=actor, action="update", instance=country, changes={"n": [i, i + 1]})
        for i in range(n)
    ]


def run_verify(*args: str) -> str:
    out, err = StringIO(), StringIO()
    call_command("verify_audit", *args, stdout=out, stderr=err)
    return out.getvalue().strip()


def verify_fails(*args: str) -> str:
    with pytest.raises(CommandError) as excinfo:
        run_verify(*args)
    assert excinfo.value.returncode == 1
    return str(excinfo.value)


def set_head(last_hash: str) -> None:
    AuditChainHead.objects.filter(pk=1).update(last_hash=last_hash)


# --- From the unsigned chain to the signed one --------------------------------------------


def test_an_unsigned_chain_then_a_key_marker_and_signed_entries_verify(key_file, kh_officer):
    old = write_unsigned_chain(3, actor=kh_officer)
    assert verify_chain() is None

    new = record(2, actor=kh_officer)

    marker = AuditEvent.objects.get(action=AuditEvent.Action.KEY)
    key_id = read_keys().active_id
    assert marker.prev_hash == old[-1].hash and marker.key_id == key_id
    assert marker.changes == {"key_id": [None, key_id]}
    assert new[0].prev_hash == marker.hash
    assert {e.key_id for e in new} == {key_id}
    # The entries from before are left exactly as they were written.
    for event in old:
        assert AuditEvent.objects.get(pk=event.pk).hash == event.hash == main_sha256(event)
    assert verify_chain() is None
    assert run_verify() == "ok"


def test_a_signed_entry_rewritten_with_a_recomputed_sha256_is_named(key_file):
    write_unsigned_chain(2)
    *_, target, last = record(3)
    # What someone with database access but without the key can do: change an entry, hash
    # it the old way, and relink the entry after it.
    AuditEvent.objects.filter(pk=target.pk).update(object_repr="Lao PDR", key_id="")
    target.refresh_from_db()
    forged_hash = main_sha256(target)
    AuditEvent.objects.filter(pk=target.pk).update(hash=forged_hash)
    AuditEvent.objects.filter(pk=last.pk).update(prev_hash=forged_hash)

    assert verify_chain().event.pk == target.pk
    message = verify_fails()
    assert f"event {target.pk} " in message and "without the key" in message


def test_a_signed_chain_rewritten_whole_to_the_unsigned_rule_is_refused(key_file):
    # Someone with database access but no key replaces the marker and every signed entry
    # with entries hashed by the old, unkeyed rule: the chain links, but a key file exists.
    record(3)
    assert key_file.exists() and verify_chain() is None
    AuditEvent.objects.all().delete()
    AuditChainHead.objects.all().delete()
    write_unsigned_chain(4)
    message = verify_fails()
    assert "yet no event of the chain is signed" in message


def test_a_signed_entry_changed_keeping_its_key_id_fails_its_hash(key_file):
    *_, last = record(3)
    AuditEvent.objects.filter(pk=last.pk).update(actor_name="mallory")
    last.refresh_from_db()
    AuditEvent.objects.filter(pk=last.pk).update(hash=main_sha256(last))
    set_head(main_sha256(last))
    message = verify_fails()
    assert f"event {last.pk} " in message and "does not match its hash" in message


# --- Keys -------------------------------------------------------------------------------


def test_development_creates_a_key_file_only_its_owner_can_read(key_file):
    assert not key_file.exists()
    record()
    assert key_file.stat().st_mode & 0o777 == 0o600
    assert len(read_keys().keys) == 1
    # Dated and random, so no other installation's key file holds a key of the same id.
    assert re.fullmatch(r"\d{8}-[0-9a-f]{6}", read_keys().active_id)


def test_development_creates_the_key_file_in_a_folder_that_exists_or_not(key_file, settings):
    key_file.parent.mkdir(parents=True)
    record()  # var/ is usually there already
    assert key_file.exists()
    settings.AUDIT_KEY_FILE = key_file.parent / "a" / "b" / "audit.key"
    AuditEvent.objects.all().delete()
    AuditChainHead.objects.all().delete()
    record()
    assert settings.AUDIT_KEY_FILE.exists()


def test_production_writes_no_audit_entry_without_the_key_file(key_file, settings):
    settings.PRODUCTION = True
    count = AuditEvent.objects.count()
    with pytest.raises(AuditKeyError, match="does not exist"):
        record()
    assert AuditEvent.objects.count() == count
    assert not key_file.exists()


def test_production_refuses_to_start_without_the_key_file(tmp_path):
    env = {**production_env(tmp_path), "PATHWAYS_AUDIT_KEY_FILE": str(tmp_path / "none.key")}
    result = run_manage("check", **env)
    assert result.returncode != 0
    assert "audit.E001" in result.stderr and "none.key does not exist" in result.stderr


def test_the_production_server_does_not_start_without_the_key_file(tmp_path):
    env = {**production_env(tmp_path), "PATHWAYS_AUDIT_KEY_FILE": str(tmp_path / "none.key")}
    result = start_server(**env)
    assert result.returncode != 0
    assert "AuditKeyError" in result.stderr and "none.key does not exist" in result.stderr
    assert start_server(**production_env(tmp_path)).returncode == 0


def test_rotation_signs_new_entries_with_the_new_key_and_old_ones_still_verify(key_file):
    write_unsigned_chain(2)
    before = record(2)
    old_key = before[0].key_id
    out = StringIO()
    call_command("audit_rotate_key", stdout=out)
    keys = read_keys()
    assert next(iter(keys.keys)) == old_key and keys.active_id != old_key
    assert f"Audit key {keys.active_id} is in force" in out.getvalue()

    marker = AuditEvent.objects.filter(action=AuditEvent.Action.KEY).latest("id")
    assert marker.changes == {"key_id": [old_key, keys.active_id]}
    assert marker.key_id == keys.active_id and marker.prev_hash == before[-1].hash
    after = record(2)
    assert {e.key_id for e in after} == {keys.active_id}
    assert run_verify() == "ok"


def test_a_retired_key_missing_from_the_file_is_named(key_file):
    first = record(1)[0]
    call_command("audit_rotate_key", stdout=StringIO())
    record(1)
    lines = key_file.read_text().splitlines()
    key_file.write_text("\n".join(lines[1:]) + "\n")
    message = verify_fails()
    assert f"cannot be checked at event {first.pk - 1} " in message  # the first marker
    assert f"signed with key '{first.key_id}', which is not in the audit key file" in message
    assert f"the audit key file {key_file};" in message  # the operator is told which file


def test_a_missing_key_file_is_named_as_missing_when_the_chain_is_checked(key_file):
    record(1)
    key_file.unlink()
    message = verify_fails()
    assert f"not in the audit key file {key_file} (which does not exist)" in message


def test_a_leaked_retired_key_cannot_take_over_signing_again(key_file):
    first = record(1)[0]
    call_command("audit_rotate_key", stdout=StringIO())
    last = record(1)[0]
    # Whoever holds the retired key writes a marker switching back to it, then entries.
    forged = AuditEvent.objects.get(pk=first.pk - 1)
    forged.pk, forged.prev_hash, forged.at = None, last.hash, timezone.now()
    forged.hash = forged.compute_hash()
    forged.save()
    set_head(forged.hash)
    message = verify_fails()
    assert f"event {forged.pk} " in message and "back to the retired key" in message


def test_a_malformed_key_file_is_refused_with_the_line_named(key_file):
    key_file.parent.mkdir(parents=True)
    key_file.write_text(f"k1:{base64.b64encode(secrets.token_bytes(32)).decode()}\nk2:short\n")
    with pytest.raises(AuditKeyError, match="Line 2 of the audit key file"):
        record()


def test_rotation_without_a_key_file_creates_one_only_its_owner_can_read(key_file):
    # How production gets its first key: `audit_rotate_key` on a machine with no file yet.
    assert add_key("first") == "first"
    assert list(read_keys().keys) == ["first"]
    assert key_file.stat().st_mode & 0o777 == 0o600


def test_rotation_refuses_an_id_the_key_file_already_holds(key_file):
    add_key("k1")
    add_key("k2")
    with pytest.raises(AuditKeyError, match="already holds a key 'k1'"):
        add_key("k1")
    assert list(read_keys().keys) == ["k1", "k2"]


def test_rotation_refuses_an_id_that_is_not_one(key_file):
    with pytest.raises(AuditKeyError, match="is not a key id"):
        add_key("two words")
    assert not key_file.exists()


def test_rotation_appends_the_new_key_on_a_line_of_its_own(key_file):
    # A key file edited by hand may lack its final newline; the new key must not be glued on.
    key_file.parent.mkdir(parents=True)
    key_file.write_text(f"k1:{base64.b64encode(secrets.token_bytes(32)).decode()}")
    add_key("k2")
    assert list(read_keys().keys) == ["k1", "k2"]
    assert key_file.read_text().count("\n") == 2


def test_comments_are_skipped_and_a_key_with_stray_characters_or_a_repeated_id_refused(key_file):
    key_file.parent.mkdir(parents=True)
    key = base64.b64encode(secrets.token_bytes(32)).decode()
    key_file.write_text(f"# copied from the vault\n\nk1:{key}\n")
    assert list(read_keys().keys) == ["k1"]
    key_file.write_text(f"k1:{key[:10]}!{key[10:]}\n")  # a typo must not pass as another key
    with pytest.raises(AuditKeyError, match=r"Line 1 .* does not hold a base64 key"):
        read_keys()
    key_file.write_text(f"k1:{key}\nk1:{key}\n")
    with pytest.raises(AuditKeyError, match=r"Line 2 .* repeats the key id 'k1'"):
        read_keys()
    key_file.write_text(f"k 1:{key}\n")
    with pytest.raises(AuditKeyError, match=r"Line 1 .* does not start with a key id"):
        read_keys()


# --- Anchors ----------------------------------------------------------------------------


def anchor_to(path: Path) -> dict:
    out = StringIO()
    call_command("audit_anchor", stdout=out)
    path.write_text(out.getvalue())
    return json.loads(out.getvalue())


def test_an_anchor_verifies_while_the_chain_up_to_it_is_unchanged(key_file, tmp_path):
    record(3)
    anchor = anchor_to(tmp_path / "anchor.json")
    head = AuditEvent.objects.latest("id")
    assert (anchor["event"], anchor["hash"]) == (head.pk, head.hash)
    assert anchor["key_id"] == read_keys().active_id and len(anchor["signature"]) == 64
    record(2)
    assert run_verify("--anchor", str(tmp_path / "anchor.json")) == "ok"


def test_events_cut_off_the_end_pass_the_chain_check_but_not_the_anchor(key_file, tmp_path):
    kept, anchored = record(2)
    anchor_to(tmp_path / "anchor.json")
    record(1)
    # Remove the newest entries, anchored one included, and point the head at what is left.
    AuditEvent.objects.filter(pk__gt=kept.pk).delete()
    set_head(kept.hash)
    assert run_verify() == "ok"
    message = verify_fails("--anchor", str(tmp_path / "anchor.json"))
    assert f"Event {anchored.pk}, the chain head anchored at" in message
    assert "no longer in the audit trail" in message


def test_a_changed_anchor_file_is_refused(key_file, tmp_path):
    record(2)
    anchor = anchor_to(tmp_path / "anchor.json")
    anchor["hash"] = "0" * 64
    (tmp_path / "anchor.json").write_text(json.dumps(anchor))
    assert "signature does not match" in verify_fails("--anchor", str(tmp_path / "anchor.json"))
    (tmp_path / "anchor.json").write_text("not json")
    assert "cannot be read as JSON" in verify_fails("--anchor", str(tmp_path / "anchor.json"))


def test_an_anchor_signed_with_a_key_no_longer_in_the_file_names_that_key(key_file, tmp_path):
    record(1)
    anchor = anchor_to(tmp_path / "anchor.json")
    key_file.write_text(f"k9:{base64.b64encode(secrets.token_bytes(32)).decode()}\n")
    message = verify_fails("--anchor", str(tmp_path / "anchor.json"))
    assert f"Audit key '{anchor['key_id']}' is not in the audit key file {key_file}" in message


def test_a_broken_chain_is_not_anchored(key_file):
    first, _ = record(2)
    AuditEvent.objects.filter(pk=first.pk).update(object_repr="tampered")
    with pytest.raises(CommandError, match="Not anchoring a broken chain"):
        call_command("audit_anchor", stdout=StringIO())
