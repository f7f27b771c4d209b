"""Every interface string has a translation in each of the program's eight languages: an
entry no native speaker has checked yet is marked fuzzy and is still shown (compiled with
--use-fuzzy), but none may be empty, and the compiled catalogs are those of the sources."""

from __future__ import annotations

import shutil
import subprocess
from pathlib import Path

import pytest
from django.conf import settings

LOCALE = Path(settings.BASE_DIR) / "locale"
LANGUAGES = [code for code, _name in settings.LANGUAGES]

pytestmark = pytest.mark.skipif(shutil.which("msgfmt") is None, reason="gettext not installed")


def _statistics(po: Path, *options: str) -> str:
    result = subprocess.run(
        ["msgfmt", "--check", "--statistics", *options, "-o", "/dev/null", str(po)],
        capture_output=True,
        text=True,
        check=True,
    )
    return result.stderr


def test_the_program_has_eight_languages():
    assert sorted(LANGUAGES) == sorted(["en", "km", "th", "lo", "vi", "id", "fil", "my"])


@pytest.mark.parametrize("language", LANGUAGES)
def test_no_string_is_left_untranslated(language):
    stats = _statistics(LOCALE / language / "LC_MESSAGES" / "django.po", "--use-fuzzy")
    assert "untranslated" not in stats, f"{language}: {stats.strip()}"


@pytest.mark.parametrize("language", LANGUAGES)
def test_the_compiled_catalog_is_the_sources(language, tmp_path):
    folder = LOCALE / language / "LC_MESSAGES"
    fresh = tmp_path / "django.mo"
    subprocess.run(
        ["msgfmt", "--use-fuzzy", "-o", str(fresh), str(folder / "django.po")], check=True
    )
    assert fresh.read_bytes() == (folder / "django.mo").read_bytes(), (
        f"{language}: run manage.py compilemessages --use-fuzzy"
    )
