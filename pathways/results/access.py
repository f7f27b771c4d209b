"""Who may see and change dashboards, indicators, achievements and evidence files.

Out of scope is a 404, in scope without the role a 403 (`accounts/access.py`). The
services check writes again, whoever calls them.
"""

from __future__ import annotations

from typing import Any

from django.db.models import QuerySet
from django.http import FileResponse
from django.shortcuts import get_object_or_404

from pathways.accounts.access import require, scope_for
from pathways.programs.models import Country
from pathways.results.models import Achievement, EvidenceFile

# --- dashboards -----------------------------------------------------------------------------


def can_report_values(user: Any, country: Country) -> bool:
    """Report an indicator's value for the country: its manager or the admin."""
    return scope_for(user).can_manage_country(country.pk)


# --- achievements ---------------------------------------------------------------------------


def get_achievement_for_user(user: Any, pk: int) -> Achievement:
    return get_object_or_404(Achievement.objects.visible_to(user), pk=pk)


def can_edit_achievement(user: Any, achievement: Achievement) -> bool:
    """Draft, change, submit and attach evidence: the country's editing staff."""
    return scope_for(user).can_edit_in_country(achievement.country_id)


def can_verify_achievement(user: Any, achievement: Achievement) -> bool:
    """Verify or send back, and make its evidence public: the country manager or the admin."""
    return scope_for(user).can_manage_country(achievement.country_id)


def get_achievement_for_edit(user: Any, pk: int) -> Achievement:
    achievement = get_achievement_for_user(user, pk)
    require(can_edit_achievement(user, achievement))
    return achievement


def editable_countries(user: Any) -> QuerySet[Country]:
    """The countries the user may record achievements in."""
    scope = scope_for(user)
    return Country.objects.filter(
        pk__in=[c.pk for c in Country.objects.all() if scope.can_edit_in_country(c.pk)]
    )


def can_create_achievements(user: Any) -> bool:
    scope = scope_for(user)
    return scope.is_admin or any(scope.can_edit_in_country(c) for c in scope.country_ids)


# --- evidence files -------------------------------------------------------------------------


def get_evidence_for_user(user: Any, pk: int) -> EvidenceFile:
    """A file `user` may download. A staff-only file is a 404 to those who may see only the
    public ones, as if it did not exist: its name may already say too much."""
    visible = EvidenceFile.objects.visible_to(user).select_related("achievement", "reported_value")
    return get_object_or_404(visible, pk=pk)


def can_set_evidence_public(user: Any, evidence: EvidenceFile) -> bool:
    """Whoever may verify the record: the country manager or the admin."""
    owner = evidence.achievement or evidence.reported_value
    return scope_for(user).can_manage_country(owner.country_id)


def evidence_download_response(user: Any, pk: int) -> FileResponse:
    """The file for the page and the API alike, after `get_evidence_for_user`'s check."""
    evidence = get_evidence_for_user(user, pk)
    response = FileResponse(
        evidence.file.open("rb"),
        as_attachment=True,
        filename=evidence.original_name,
        content_type=evidence.content_type,
    )
    response["X-Content-Type-Options"] = "nosniff"
    return response
