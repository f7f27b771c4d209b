"""Who opens the statistics pages (casework.md §8).

The CTDC contribution file is "available to a regional administrator": the regional MEL
admin, who also edits the countries' casework settings where the file is switched on. For
anyone else its pages do not exist (404), as casework pages do for those without a role.
"""

from __future__ import annotations

from typing import Any

from django.http import Http404

from pathways.accounts.access import scope_for
from pathways.programs.models import Country


def may_take_ctdc_file(user: Any) -> bool:
    return scope_for(user).is_admin


def require_ctdc_administrator(user: Any) -> None:
    if not may_take_ctdc_file(user):
        raise Http404("No such page.")


def ctdc_country_for(user: Any, code: str) -> Country:
    """The country of a CTDC file, by code: 404 for anyone but a regional administrator and
    for an unknown code."""
    require_ctdc_administrator(user)
    country = Country.objects.filter(code__iexact=code).first()
    if country is None:
        raise Http404("No such country.")
    return country
