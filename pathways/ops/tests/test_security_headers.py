from __future__ import annotations

import re
from pathlib import Path

import pytest
from django.conf import settings
from django.urls import reverse

pytestmark = pytest.mark.django_db


def csp_directives(response) -> dict[str, str]:
    header = response.headers["Content-Security-Policy"]
    return dict(part.strip().split(" ", 1) for part in header.split(";"))


def test_pages_carry_a_strict_content_security_policy(client):
    csp = csp_directives(client.get(reverse("accounts:login")))
    assert csp["script-src"] == "'self'"
    assert csp["default-src"] == "'self'"
    assert csp["object-src"] == "'none'"
    assert csp["frame-ancestors"] == "'none'"
    assert "unsafe-inline" not in str(csp) and "unsafe-eval" not in str(csp)


def test_pages_carry_the_other_security_headers(client):
    response = client.get(reverse("accounts:login"))
    assert response.headers["X-Frame-Options"] == "DENY"
    assert response.headers["X-Content-Type-Options"] == "nosniff"
    assert response.headers["Referrer-Policy"] == "same-origin"
    assert response.headers["Cross-Origin-Opener-Policy"] == "same-origin"
    assert response.headers["Cross-Origin-Resource-Policy"] == "same-origin"
    assert "camera=()" in response.headers["Permissions-Policy"]
    assert "geolocation=()" in response.headers["Permissions-Policy"]


def test_signed_in_pages_are_not_kept_in_caches(client, kh_officer):
    client.force_login(kh_officer)
    response = client.get(reverse("accounts:profile"))
    assert "no-store" in response.headers["Cache-Control"]


def test_rendered_page_has_no_inline_script_or_event_handler(client, kh_officer):
    client.force_login(kh_officer)
    html = client.get(reverse("accounts:profile")).content.decode()
    scripts = re.findall(r"<script\b[^>]*>", html)
    assert scripts and all("src=" in tag for tag in scripts)
    assert not re.search(r"\son[a-z]+\s*=", html)
    assert "js/pathways.js" in html and "data-submit-on-change" in html


def test_htmx_is_configured_without_eval(client):
    html = client.get(reverse("accounts:login")).content.decode()
    assert '"allowEval": false' in html


def test_no_template_uses_inline_script_or_event_handlers():
    offenders = []
    for path in Path(settings.BASE_DIR, "templates").rglob("*.html"):
        text = path.read_text()
        if re.search(r"<script(?![^>]*\bsrc=)[^>]*>", text) or re.search(r"\son[a-z]+=\"", text):
            offenders.append(str(path))
    assert offenders == []


def test_no_browser_page_uses_inline_styles_the_policy_would_block():
    # The PDF templates (`*_print.html`: the factsheet, a statistics release, the obligations
    # matrix) are read by WeasyPrint, never served to a browser under the CSP.
    offenders = []
    for path in Path(settings.BASE_DIR, "templates").rglob("*.html"):
        if path.name.endswith("_print.html"):
            continue
        if re.search(r"<style\b|\sstyle=\"", path.read_text()):
            offenders.append(str(path))
    assert offenders == []


def test_language_select_script_is_served(client):
    script = Path(settings.BASE_DIR, "static", "js", "pathways.js").read_text()
    assert "data-submit-on-change" in script
