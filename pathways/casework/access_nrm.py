"""Who sees the NRM coordinator's dashboard (casework.md §6.2): the NRM coordinator, for the
countries where they hold the role. No other casework role has it (a regional administrator
holds no casework role: the country settings are edited in the admin), and the programme
roles get no casework at all. Decides only; opens and writes nothing."""

from __future__ import annotations

from typing import Any

from django.core.exceptions import PermissionDenied
from django.http import Http404

from pathways.casework.access import casework_scope
from pathways.casework.models import CaseworkRole
from pathways.programs.models import Country


def coordinated_countries(user: Any) -> list[Country]:
    """The countries whose referrals the user coordinates, by name: a 404 for someone with
    no casework role (for them casework does not exist), a 403 for another casework role."""
    scope = casework_scope(user)
    if not scope.is_casework_user:
        raise Http404("No such page.")
    ids = scope.countries_with(CaseworkRole.NRM_COORDINATOR)
    if not ids:
        raise PermissionDenied("Only an NRM coordinator sees the referral dashboard.")
    return list(Country.objects.filter(id__in=ids).order_by("name"))


def coordinated_country(user: Any, code: str = "") -> Country:
    """The country chosen by its ISO code among those the user coordinates (the first when
    none is chosen); 404 for one they do not coordinate."""
    countries = coordinated_countries(user)
    if not code:
        return countries[0]
    for country in countries:
        if country.code == code.upper():
            return country
    raise Http404("No such country.")
