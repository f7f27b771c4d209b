"""Production mode is checked in a fresh interpreter, as a server would start it."""

from __future__ import annotations

import base64
import os
import secrets
import subprocess
import sys

import pytest
from django.conf import settings

from pathways.settings import DEVELOPMENT_SECRET_KEY, secret_key_weakness


def run_manage(*args: str, **env: str) -> subprocess.CompletedProcess:
    return run_in_production(["manage.py", *args], **env)


def start_server(**env: str) -> subprocess.CompletedProcess:
    """Load the application server's module, as gunicorn would, in production mode."""
    return run_in_production(["-c", "import pathways.wsgi"], **env)


def run_in_production(argv: list[str], **env: str) -> subprocess.CompletedProcess:
    unset = {
        "SECRET_KEY",
        "ALLOWED_HOSTS",
        "PATHWAYS_AUDIT_KEY_FILE",
        "PATHWAYS_CASEWORK_MASTER_KEY_FILE",
    }
    base = {k: v for k, v in os.environ.items() if k not in unset}
    return subprocess.run(
        [sys.executable, *argv],
        cwd=settings.BASE_DIR,
        env={**base, "PATHWAYS_MODE": "production", **env},
        capture_output=True,
        text=True,
        timeout=120,
    )


def production_env(tmp_path) -> dict[str, str]:
    audit_key = tmp_path / "audit.key"
    if not audit_key.exists():
        audit_key.write_text(f"k1:{base64.b64encode(secrets.token_bytes(32)).decode()}\n")
        audit_key.chmod(0o600)
    master_key = tmp_path / "casework-master.key"
    if not master_key.exists():
        master_key.write_text(f"{base64.b64encode(secrets.token_bytes(32)).decode()}\n")
        master_key.chmod(0o600)
    return {
        "SECRET_KEY": secrets.token_urlsafe(60),
        "ALLOWED_HOSTS": "pathways.example.org",
        "PATHWAYS_VAR_DIR": str(tmp_path),
        "PATHWAYS_AUDIT_KEY_FILE": str(audit_key),
        "PATHWAYS_CASEWORK_MASTER_KEY_FILE": str(master_key),
    }


def test_production_settings_pass_check_deploy_without_warnings(tmp_path):
    result = run_manage("check", "--deploy", "--fail-level", "WARNING", **production_env(tmp_path))
    assert result.returncode == 0, result.stdout + result.stderr
    assert "System check identified no issues" in result.stdout


@pytest.mark.parametrize(
    "variable",
    ["SECRET_KEY", "ALLOWED_HOSTS", "PATHWAYS_AUDIT_KEY_FILE", "PATHWAYS_CASEWORK_MASTER_KEY_FILE"],
)
def test_production_refuses_to_start_without(variable, tmp_path):
    env = production_env(tmp_path)
    del env[variable]
    result = run_manage("check", **env)
    assert result.returncode != 0
    assert f"{variable} must be set" in result.stderr


def test_production_requires_two_factor_for_admins_and_cannot_turn_it_off(tmp_path):
    code = "from django.conf import settings; print(settings.TWO_FACTOR_REQUIRED_FOR_ADMINS)"
    for switch in ("1", "0"):
        env = {**production_env(tmp_path), "PATHWAYS_2FA_FOR_ADMINS": switch}
        result = run_manage("shell", "-c", code, **env)
        assert result.stdout.splitlines()[-1] == "True", result.stderr


def test_production_cookies_are_secure_and_host_only(tmp_path):
    code = (
        "from django.conf import settings as s; "
        "print(s.SESSION_COOKIE_SECURE, s.CSRF_COOKIE_SECURE, s.SESSION_COOKIE_NAME)"
    )
    result = run_manage("shell", "-c", code, **production_env(tmp_path))
    assert result.stdout.splitlines()[-1].split() == ["True", "True", "__Host-pathways_session"]


@pytest.mark.parametrize(
    "key, message",
    [
        ("short-but-random-Xq3", "it has 20 characters; it needs at least 50"),
        ("ab" * 40, "it has 2 distinct characters; it needs at least 5"),
        (DEVELOPMENT_SECRET_KEY, "it is the development key"),
        ("django-insecure-" + "k3Xq9" * 10, "starts with 'django-insecure-'"),
    ],
)
def test_production_refuses_to_start_with_a_weak_secret_key(key, message, tmp_path):
    result = run_manage("check", **{**production_env(tmp_path), "SECRET_KEY": key})
    assert result.returncode != 0
    assert "SECRET_KEY is too weak for PATHWAYS_MODE=production" in result.stderr
    assert message in result.stderr
    assert key not in result.stderr  # the key itself is never printed


def test_a_key_of_fifty_characters_with_five_distinct_ones_is_accepted():
    assert secret_key_weakness("abcde" * 10) is None
    assert secret_key_weakness("abcd" * 13) == "it has 4 distinct characters; it needs at least 5"
    assert secret_key_weakness("abcde" * 9 + "abcd") == "it has 49 characters; it needs at least 50"


def test_an_unknown_api_rate_store_stops_the_start(tmp_path):
    env = {**production_env(tmp_path), "PATHWAYS_API_RATE_STORE": "databases"}
    result = run_manage("check", **env)
    assert result.returncode != 0
    assert "PATHWAYS_API_RATE_STORE must be a redis:// URL, sqlite:///PATH or 'database'" in (
        result.stderr
    )


def test_a_trusted_proxy_that_is_no_address_stops_the_start(tmp_path):
    env = {**production_env(tmp_path), "PATHWAYS_TRUSTED_PROXIES": "127.0.0.1,nginx"}
    result = run_manage("check", **env)
    assert result.returncode != 0
    assert "PATHWAYS_TRUSTED_PROXIES: 'nginx' does not appear to be an IPv4 or IPv6" in (
        result.stderr
    )
