from __future__ import annotations

import base64
import io
import os
import secrets
import stat
import subprocess
import sys

import pytest
from django.conf import settings
from django.core.management import call_command
from django.core.management.base import CommandError

from pathways.casework import keys
from pathways.casework.models import Client, DataKey
from pathways.casework.sealing import reveal
from pathways.casework.tests.conftest import make_agency, reading, register, sample_identity
from pathways.lib import crypto
from pathways.ops.tests.test_production_settings import production_env, run_manage, start_server


def test_a_country_gets_one_wrapped_key_of_each_purpose_on_first_need(kh, kh_agency):
    assert not DataKey.objects.exists()
    register(kh, kh_agency)
    register(kh, kh_agency)
    data_keys = DataKey.objects.filter(country=kh)
    assert sorted(data_keys.values_list("purpose", flat=True)) == ["blind_index", "encryption"]
    encryption = data_keys.get(purpose="encryption")
    assert encryption.key_id.startswith("kh-")
    master = keys.read_master_key()
    assert encryption.master_fingerprint == crypto.fingerprint(master)
    # Stored wrapped: only the master key opens it.
    plain = crypto.unwrap_key(
        bytes(encryption.wrapped), master_key=master, key_id=encryption.key_id
    )
    assert plain not in bytes(encryption.wrapped)


def test_a_wrong_master_key_is_named_when_a_key_is_unwrapped(kh, kh_agency, master_key_file):
    client = register(kh, kh_agency)
    master_key_file.write_bytes(base64.b64encode(secrets.token_bytes(32)))
    keys.clear_cache()
    with pytest.raises(crypto.WrongKey, match="wrapped with the master key of fingerprint"):
        reveal(client, "first_name", **reading())


def test_a_wrapped_key_that_was_altered_does_not_unwrap(kh, kh_agency):
    client = register(kh, kh_agency)
    data_key = DataKey.objects.get(country=kh, purpose="encryption")
    wrapped = bytearray(data_key.wrapped)
    wrapped[-1] ^= 1
    DataKey.objects.filter(pk=data_key.pk).update(wrapped=bytes(wrapped))
    keys.clear_cache()
    with pytest.raises(crypto.WrongKey, match="does not open with this master key"):
        reveal(client, "first_name", **reading())


def test_raw_and_base64_master_keys_are_both_read(tmp_path):
    key = secrets.token_bytes(32)
    raw = tmp_path / "raw.key"
    raw.write_bytes(key)
    raw.chmod(0o600)
    text = tmp_path / "text.key"
    text.write_bytes(base64.b64encode(key) + b"\n")
    text.chmod(0o600)
    assert keys.read_master_key(raw) == keys.read_master_key(text) == key


@pytest.mark.parametrize("content", [b"", b"too short", base64.b64encode(b"x" * 16)])
def test_a_file_without_a_key_is_refused(tmp_path, content):
    path = tmp_path / "bad.key"
    path.write_bytes(content)
    path.chmod(0o600)
    with pytest.raises(keys.MasterKeyError, match="does not hold a key"):
        keys.read_master_key(path)


def test_a_master_key_others_can_read_is_refused(master_key_file):
    master_key_file.chmod(0o640)
    with pytest.raises(keys.MasterKeyError, match="chmod 600"):
        keys.read_master_key()


def test_development_creates_a_missing_master_key_owner_only(settings, tmp_path):
    path = tmp_path / "var" / "casework-master.key"
    settings.CASEWORK_MASTER_KEY_FILE = path
    keys.clear_cache()
    first = keys.master_key()
    assert stat.S_IMODE(path.stat().st_mode) == 0o600
    keys.clear_cache()
    assert keys.master_key() == first


def test_production_never_creates_the_master_key(settings, tmp_path, kh, kh_agency):
    settings.PRODUCTION = True
    settings.CASEWORK_MASTER_KEY_FILE = tmp_path / "none.key"
    keys.clear_cache()
    with pytest.raises(keys.MasterKeyError, match="does not exist"):
        register(kh, kh_agency)
    assert not (tmp_path / "none.key").exists()
    assert not Client.objects.exists() and not DataKey.objects.exists()


def test_unwrapped_keys_are_cached_for_a_while_only(settings, kh, kh_agency, monkeypatch):
    client = register(kh, kh_agency)
    keys.clear_cache()
    calls = []
    unwrap = crypto.unwrap_key
    monkeypatch.setattr(crypto, "unwrap_key", lambda *a, **k: calls.append(1) or unwrap(*a, **k))
    reveal(client, "first_name", **reading())
    reveal(client, "last_name", **reading())
    assert len(calls) == 1
    settings.CASEWORK_KEY_CACHE_SECONDS = 0
    keys.clear_cache()
    reveal(client, "first_name", **reading())
    reveal(client, "last_name", **reading())
    assert len(calls) == 3


def test_init_creates_the_master_key_once(settings, tmp_path):
    settings.CASEWORK_MASTER_KEY_FILE = tmp_path / "k" / "master.key"
    out = io.StringIO()
    call_command("casework_keys", "init", stdout=out)
    assert "Created the casework master key file" in out.getvalue()
    content = settings.CASEWORK_MASTER_KEY_FILE.read_bytes()
    out = io.StringIO()
    call_command("casework_keys", "init", stdout=out)
    assert "exists and holds a key" in out.getvalue()
    assert settings.CASEWORK_MASTER_KEY_FILE.read_bytes() == content


def test_init_reports_a_broken_master_key_file(master_key_file):
    master_key_file.write_bytes(b"nonsense")
    with pytest.raises(CommandError, match="does not hold a key"):
        call_command("casework_keys", "init", stdout=io.StringIO())


def test_production_refuses_to_start_without_the_master_key_variable(tmp_path):
    env = production_env(tmp_path)
    del env["PATHWAYS_CASEWORK_MASTER_KEY_FILE"]
    base = {k: v for k, v in os.environ.items() if not k.startswith("PATHWAYS_")}
    result = subprocess.run(
        [sys.executable, "-c", "import django; django.setup()"],
        cwd=settings.BASE_DIR,
        env={
            **base,
            "DJANGO_SETTINGS_MODULE": "pathways.settings",
            "PATHWAYS_MODE": "production",
            **env,
        },
        capture_output=True,
        text=True,
        timeout=120,
    )
    assert result.returncode != 0
    assert "ImproperlyConfigured" in result.stderr
    assert "PATHWAYS_CASEWORK_MASTER_KEY_FILE must be set" in result.stderr


def test_production_checks_refuse_a_missing_or_open_master_key_file(tmp_path):
    env = {**production_env(tmp_path), "PATHWAYS_CASEWORK_MASTER_KEY_FILE": str(tmp_path / "no")}
    result = run_manage("check", **env)
    assert result.returncode != 0
    assert "casework.E001" in result.stderr and "does not exist" in result.stderr
    env = production_env(tmp_path)
    (tmp_path / "casework-master.key").chmod(0o644)
    result = run_manage("check", **env)
    assert result.returncode != 0 and "chmod 600" in result.stderr


def test_the_production_server_does_not_start_without_the_master_key_file(tmp_path):
    env = {**production_env(tmp_path), "PATHWAYS_CASEWORK_MASTER_KEY_FILE": str(tmp_path / "no")}
    result = start_server(**env)
    assert result.returncode != 0
    assert "MasterKeyError" in result.stderr


def test_status_shows_key_ids_and_counts_never_values(kh, la, kh_agency):
    register(kh, kh_agency)
    register(la, make_agency(la), sample_identity(mobile_phone="020 5551 2345"))
    out = io.StringIO()
    call_command("casework_keys", "status", stdout=out)
    text = out.getvalue()
    kh_key = DataKey.objects.get(country=kh, purpose="encryption").key_id
    assert f"KH: active key {kh_key}" in text and "1 clients" in text
    assert "LA: active key la-" in text
    assert "nothing under older keys" in text
    assert "Sreyneang" not in text and "ស្រីនាង" not in text
