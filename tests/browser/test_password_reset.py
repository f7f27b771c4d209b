"""A forgotten password, from the sign-in page to signing in with the new one."""

from __future__ import annotations

import re
import subprocess
import sys
from pathlib import Path

import pytest
from playwright.sync_api import expect

from tests.browser.conftest import ROOT

pytestmark = pytest.mark.browser

USERNAME = "reset_in_browser"
EMAIL = "reset.in.browser@example.org"
NEW_PASSWORD = "a-fresh-browser-password-2026"
CREATE = f"""
from pathways.accounts.models import Role
from pathways.accounts.services import user_create
from pathways.programs.models import Country
user = user_create(actor=None, username="{USERNAME}", password="an-old-forgotten-password-1",
                   role=Role.VIEWER, country=Country.objects.get(code="LA"))
user.email = "{EMAIL}"
user.save(update_fields=["email"])
"""


def emails_to(folder: Path, address: str) -> list[str]:
    files = sorted(folder.glob("*.log")) if folder.exists() else []
    return [f.read_text() for f in files if f"To: {address}" in f.read_text()]


def test_a_forgotten_password_is_reset_through_the_emailed_link(page, server_env):
    manage = [sys.executable, str(ROOT / "manage.py")]
    subprocess.run([*manage, "shell", "-c", CREATE], env=server_env, check=True, cwd=ROOT)
    mail = Path(server_env["PATHWAYS_EMAIL_FILE_DIR"])

    page.goto("/login/")
    page.get_by_role("link", name="Forgot your password?").click()
    page.get_by_label("Email address").fill(EMAIL)
    page.get_by_role("button", name="Send the link").click()
    expect(page.get_by_role("heading", name="Check your email")).to_be_visible()
    (email,) = emails_to(mail, EMAIL)
    link = re.search(r"https?://\S+/password/reset/\S+/", email).group(0)

    page.goto(link)
    page.get_by_label("New password", exact=True).fill(NEW_PASSWORD)
    page.get_by_label("New password confirmation").fill(NEW_PASSWORD)
    page.get_by_role("button", name="Set the new password").click()
    expect(page.get_by_role("heading", name="Your password is changed")).to_be_visible()

    page.get_by_role("link", name="Sign in", exact=True).click()
    page.get_by_label("Username").fill(USERNAME)
    page.get_by_label("Password").fill(NEW_PASSWORD)
    page.get_by_role("button", name="Sign in").click()
    expect(page.get_by_role("button", name="Sign out")).to_be_visible()


def test_an_unknown_address_gets_the_same_page_and_no_email(page, server_env):
    mail = Path(server_env["PATHWAYS_EMAIL_FILE_DIR"])
    page.goto("/password/reset/")
    page.get_by_label("Email address").fill("nobody.here@example.org")
    page.get_by_role("button", name="Send the link").click()
    expect(page.get_by_role("heading", name="Check your email")).to_be_visible()
    assert emails_to(mail, "nobody.here@example.org") == []
