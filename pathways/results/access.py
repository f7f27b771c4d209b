"""Who may reach the results app's files, and serving them: 404 outside the scope."""

from __future__ import annotations

from typing import Any

from django.http import FileResponse
from django.shortcuts import get_object_or_404

from pathways.accounts.access import scope_for
from pathways.results.models import EvidenceFile


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
