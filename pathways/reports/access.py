"""Who may download what the reports app builds."""

from __future__ import annotations

from typing import Any

from django.http import Http404

from pathways.accounts.access import require, scope_for


def require_region_export(user: Any) -> None:
    """Region-wide exports (the IATI file, the donor workbook): the admin and the donor.
    Others do not see the whole region (404); a regional user without either role is
    refused (403)."""
    scope = scope_for(user)
    if not scope.is_regional:
        raise Http404("The export covers countries outside your scope.")
    require(scope.is_admin or scope.is_donor, "Only the MEL admin and the donor may download this.")
