"""Every interface string has a translation in each of the program's eight languages: an
entry no native speaker has checked yet is marked fuzzy and is still shown (compiled with
--use-fuzzy), but none may be empty, none may be missing from a catalog (a string marked in
the code or a template after the catalogs were last made), and the compiled catalogs are those
of the sources."""

from __future__ import annotations

import os
import re
import shutil
import subprocess
import sys
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


@pytest.fixture(scope="module")
def extracted(tmp_path_factory) -> Path:
    """The catalog `makemessages` would make from today's code and templates, made in a copy
    so that the project's own catalogs are left as they are."""
    root = tmp_path_factory.mktemp("extract")
    for folder in ("pathways", "templates"):
        shutil.copytree(
            Path(settings.BASE_DIR) / folder, root / folder, ignore=shutil.ignore_patterns("*.pyc")
        )
    (root / "locale").mkdir()
    env = {k: v for k, v in os.environ.items() if k != "DJANGO_SETTINGS_MODULE"}
    subprocess.run(
        [Path(sys.executable).parent / "django-admin", "makemessages", "-l", "en", "--no-location"],
        cwd=root,
        env=env,
        capture_output=True,
        check=True,
    )
    return root / "locale" / "en" / "LC_MESSAGES" / "django.po"


def _missing(msgcmp_output: str, extracted: Path) -> list[str]:
    """The msgids msgcmp reports, read from the lines of the extraction it points at."""
    lines = extracted.read_text(encoding="utf-8").splitlines()
    found = re.findall(r"django\.po:(\d+): this message is used but not defined", msgcmp_output)
    return [_msgid_before(lines, int(number) - 1) for number in found]


def _msgid_before(lines: list[str], index: int) -> str:
    while index > 0 and not lines[index].startswith("msgid "):
        index -= 1
    return lines[index]


@pytest.mark.parametrize("language", LANGUAGES)
def test_every_marked_string_is_in_the_catalog(language, extracted):
    """msgcmp lists each string of the fresh extraction the catalog lacks (fuzzy entries count
    as present: they are shown until a native speaker reviews them)."""
    result = subprocess.run(
        ["msgcmp", "--use-fuzzy", str(LOCALE / language / "LC_MESSAGES" / "django.po"), extracted],
        capture_output=True,
        text=True,
    )
    missing = "\n".join(_missing(result.stderr, extracted))
    assert result.returncode == 0, (
        f"{language}: strings missing from the catalog; run makemessages and translate them "
        f"(docs/translating.md):\n{missing or result.stderr[:2000]}"
    )
