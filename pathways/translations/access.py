"""Who may review a language's translations: its translators and the regional MEL admin."""

from __future__ import annotations

from typing import Any

from django.utils.translation import gettext as _

from pathways.accounts.access import require, scope_for
from pathways.translations.catalogs import require_language


def get_language_for_reviewer(user: Any, language: str) -> str:
    """The language, if the interface is translated into it (else 404) and the user reviews
    it (else 403: the status page shows every signed-in user how far it is)."""
    require_language(language)
    require(
        scope_for(user).can_review_language(language),
        _("Only this language's translators and the regional MEL admin review it."),
    )
    return language
