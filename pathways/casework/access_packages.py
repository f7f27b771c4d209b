"""Who reaches a referral's package (casework.md §3.4 external referral), beside `access.py`:
the referral is found through its case, so a referral whose case the user may not see is a
404; exporting its package is for the sending case's team (`referral_package.py` checks)."""

from __future__ import annotations

from typing import Any

from django.http import Http404

from pathways.casework.access import cases_visible_to
from pathways.casework.models import Referral


def package_referral_for(user: Any, pk: int | str) -> Referral:
    """The referral by id when the user may see its case; 404 otherwise."""
    try:
        return (
            Referral.objects.filter(case__in=cases_visible_to(user))
            .select_related("case", "country", "from_agency", "to_agency", "from_user")
            .get(pk=int(pk))
        )
    except (Referral.DoesNotExist, ValueError, TypeError) as exc:
        raise Http404("No such referral.") from exc
