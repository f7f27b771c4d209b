"""Data residency: which countries' casework this deployment holds.

`PATHWAYS_CASEWORK_COUNTRIES` (ISO codes, comma-separated; empty holds every country's)
limits a deployment to the countries that must keep their victims' data at home: a client or
case of another country is refused, no data key is made for it, and the demo loads only the
countries held. Records move between deployments only as referral packages (a later change).
"""

from __future__ import annotations

from django.conf import settings
from django.core.exceptions import ValidationError
from django.utils.translation import gettext as _

from pathways.programs.models import Country


def held_countries() -> frozenset[str]:
    """The ISO codes of the countries held; empty when every country's casework is."""
    return frozenset(code.upper() for code in settings.CASEWORK_COUNTRIES)


def holds_country(country: Country | str) -> bool:
    code = country if isinstance(country, str) else country.code
    held = held_countries()
    return not held or code.upper() in held


def require_country_held(country: Country, field: str = "country") -> None:
    """ValidationError naming `field` when this deployment does not hold `country`'s casework."""
    if holds_country(country):
        return
    raise ValidationError(
        {
            field: _(
                "This deployment holds the casework of %(held)s only; a record of %(country)s "
                "belongs in that country's own deployment (send it there as a referral)."
            )
            % {"held": ", ".join(sorted(held_countries())), "country": country.code}
        }
    )


class CountryNotHeld(ValueError):
    """A data key was asked for a country whose casework this deployment does not hold."""
