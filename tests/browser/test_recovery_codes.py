"""Two-factor sign-in turned on in the browser, then a sign-in with a recovery code."""

from __future__ import annotations

import subprocess
import sys
from base64 import b32decode

import pytest
from django_otp.oath import TOTP
from playwright.sync_api import expect

from tests.browser.conftest import ROOT, sign_in

pytestmark = pytest.mark.browser

USERNAME = "recovery_in_browser"
PASSWORD = "a-recovery-browser-password-2026"
CREATE = f"""
from pathways.accounts.models import Role
from pathways.accounts.services import user_create
from pathways.programs.models import Country
user_create(actor=None, username="{USERNAME}", password="{PASSWORD}",
            role=Role.VIEWER, country=Country.objects.get(code="LA"))
"""


def app_code(secret: str) -> str:
    key = b32decode(secret.replace(" ", ""))
    return f"{TOTP(key).token():06d}"


def test_a_recovery_code_signs_in_without_the_phone(page, server_env):
    manage = [sys.executable, str(ROOT / "manage.py")]
    subprocess.run([*manage, "shell", "-c", CREATE], env=server_env, check=True, cwd=ROOT)
    sign_in(page, USERNAME, PASSWORD)
    page.goto("/profile/two-factor/")
    page.get_by_role("button", name="Set up two-factor sign-in").click()
    secret = page.locator("code").first.inner_text()
    page.get_by_label("6-digit code from your authenticator app").fill(app_code(secret))
    page.get_by_role("button", name="Turn on two-factor sign-in").click()

    expect(page.get_by_role("heading", name="Your recovery codes")).to_be_visible()
    codes = page.get_by_role("list", name="Recovery codes").locator("code").all_inner_texts()
    assert len(codes) == 10
    expect(page.get_by_role("button", name="Print")).to_be_visible()  # shown by our script
    with page.expect_download() as download:
        page.get_by_role("link", name="Download as a text file").click()
    saved = download.value.path().read_text()
    assert all(code in saved for code in codes)
    page.get_by_role("link", name="I have kept them safe").click()
    page.get_by_role("button", name="Sign out").click()

    sign_in(page, USERNAME, PASSWORD)
    page.get_by_role("link", name="Lost your phone? Use a recovery code").click()
    page.get_by_label("Recovery code").fill(codes[0])
    page.get_by_role("button", name="Continue").click()
    expect(page.get_by_role("button", name="Sign out")).to_be_visible()
    expect(page.get_by_text("You have 9 recovery codes left")).to_be_visible()
