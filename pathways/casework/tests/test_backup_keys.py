"""Backups never hold the casework keys; a backup restored on a fresh database opens with the
master key supplied apart, and says which key it needs when given another."""

from __future__ import annotations

import base64
import secrets
import shutil
import tarfile
from pathlib import Path

import pytest
from django.core.management import call_command

from conftest import PASSWORD
from pathways.casework import keys, sealing
from pathways.casework.models import Client
from pathways.casework.tests.conftest import reading
from pathways.demo.casework import load_casework_demo
from pathways.demo.personas import ensure_demo_personas
from pathways.lib import crypto
from pathways.ops.backup import backup_create, backup_restore
from pathways.programs.services import load_reference_data

# A backup copies committed data and a restore replaces the whole database: these tests
# commit for real; the database is emptied after each.
pytestmark = pytest.mark.django_db(transaction=True)


def load_demo():
    load_reference_data()
    ensure_demo_personas(password=PASSWORD)
    return load_casework_demo(password=PASSWORD, clients=20)


def archive_members(archive: Path) -> dict[str, bytes]:
    with tarfile.open(archive, "r:gz") as tar:
        return {m.name: tar.extractfile(m).read() for m in tar.getmembers() if m.isfile()}


def test_the_master_key_is_never_in_a_backup_even_under_the_uploads(
    settings, tmp_path, master_key_file
):
    # An operator put the key file among the uploads: the backup still leaves it out.
    settings.MEDIA_ROOT = tmp_path / "uploads"
    inside = settings.MEDIA_ROOT / "keys" / "casework-master.key"
    inside.parent.mkdir(parents=True)
    shutil.copy(master_key_file, inside)
    inside.chmod(0o600)
    settings.CASEWORK_MASTER_KEY_FILE = inside
    keys.clear_cache()
    (settings.MEDIA_ROOT / "imports").mkdir()
    (settings.MEDIA_ROOT / "imports" / "sheet.xlsx").write_bytes(b"synthetic sheet")
    load_demo()
    archive, manifest = backup_create(output=str(tmp_path / "backup.tar.gz"))
    members = archive_members(archive)
    assert "media/imports/sheet.xlsx" in members
    assert not any(name.endswith("casework-master.key") for name in members)
    assert not any(name.endswith(".key") for name in manifest["files"])
    text = inside.read_bytes().strip()
    raw = base64.b64decode(text)
    held = b"".join(members.values())
    assert text not in held and raw not in held


def test_a_backup_restored_on_a_fresh_database_opens_with_the_key_supplied_apart(
    settings, tmp_path, master_key_file
):
    settings.MEDIA_ROOT = tmp_path / "uploads"
    demo = load_demo()
    planned = demo.planned[-1]
    archive, _manifest = backup_create(output=str(tmp_path / "backup.tar.gz"))
    # The key is kept apart from the archive (another disk, a safe), as docs/casework.md says.
    kept = tmp_path / "safe" / "casework-master.key"
    kept.parent.mkdir()
    shutil.copy(master_key_file, kept)
    kept.chmod(0o600)
    master_key_file.unlink()

    # A fresh database on another machine: the backup, then the key file named by the setting.
    call_command("flush", interactive=False, verbosity=0)
    keys.clear_cache()
    assert not Client.objects.exists()
    backup_restore(archive=archive)
    settings.CASEWORK_MASTER_KEY_FILE = kept
    keys.clear_cache()
    # The last client the bulk part planned (those the demo takes through screenings follow).
    client = Client.objects.order_by("id")[demo.clients - 1]
    opened = sealing.decrypt_identity(
        client, fields=["first_name", "local_script_name", "identity_number"], **reading()
    )
    assert opened.first_name == planned.identity.first_name
    assert opened.local_script_name == planned.identity.local_script_name
    assert opened.identity_number == planned.identity.identity_number

    # Another key file (a new key made by mistake) opens nothing, and says which key it needs.
    other = tmp_path / "other.key"
    other.write_bytes(base64.b64encode(secrets.token_bytes(32)) + b"\n")
    other.chmod(0o600)
    settings.CASEWORK_MASTER_KEY_FILE = other
    keys.clear_cache()
    expected = crypto.fingerprint(keys.read_master_key(kept))
    given = crypto.fingerprint(keys.read_master_key(other))
    with pytest.raises(crypto.WrongKey) as refused:
        sealing.decrypt_identity(client, fields=["first_name"], **reading())
    assert expected in str(refused.value) and given in str(refused.value)
    assert str(other) in str(refused.value)


def test_attachments_are_in_the_backup_sealed_and_come_back_with_the_restore(
    settings, tmp_path, casework_files_in_a_temporary_folder
):
    casework_files = casework_files_in_a_temporary_folder
    from pathways.casework import attachments
    from pathways.casework.models import Case
    from pathways.casework.services import attachment_add

    settings.MEDIA_ROOT = tmp_path / "uploads"
    load_demo()
    case = Case.objects.order_by("id").first()
    document = b"%PDF-1.4\nSynthetic identity card of a demo client\n%%EOF\n"
    attachment = attachment_add(
        actor=None, case=case, kind="identity_document", data=document, filename="card.pdf"
    )
    archive, manifest = backup_create(output=str(tmp_path / "backup.tar.gz"))
    members = archive_members(archive)
    stored = [name for name in members if name.startswith("casework-files/")]
    assert stored and all(name in manifest["files"] for name in stored)
    # In the archive only sealed: neither the document nor its name in clear.
    held = b"".join(members.values())
    assert b"Synthetic identity card" not in held and b"card.pdf" not in held

    # The folder is lost with the database; the restore brings both back.
    shutil.rmtree(casework_files)
    call_command("flush", interactive=False, verbosity=0)
    keys.clear_cache()
    backup_restore(archive=archive)
    restored = attachments.read_blob(type(attachment).objects.get(pk=attachment.pk))
    assert sealing.open_bytes(type(attachment).objects.get(pk=attachment.pk), restored) == document
