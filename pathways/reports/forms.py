from __future__ import annotations

from django.conf import settings


def language_or_none(code: str | None) -> str | None:
    """A language the site offers, or None for anything else."""
    return code if code in dict(settings.LANGUAGES) else None
