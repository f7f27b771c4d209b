"""Production mode refuses to start without a usable casework master key file (`manage.py
check`, and every command that runs the checks: migrate, runserver). Settings already refuse
to start when PATHWAYS_CASEWORK_MASTER_KEY_FILE is not set."""

from __future__ import annotations

from typing import Any

from django.conf import settings
from django.core import checks
from django.db import DatabaseError

from pathways.casework.keys import MasterKeyError, read_master_key
from pathways.casework.residency import held_countries


@checks.register(checks.Tags.security)
def master_key_file_check(app_configs: Any = None, **kwargs: Any) -> list[checks.CheckMessage]:
    if not settings.PRODUCTION:
        return []
    try:
        read_master_key()
    except MasterKeyError as error:
        return [
            checks.Error(
                str(error),
                hint="No victim's identifiers can be written or read without it. "
                "See docs/casework.md.",
                id="casework.E001",
            )
        ]
    return []


@checks.register()
def residency_check(app_configs: Any = None, **kwargs: Any) -> list[checks.CheckMessage]:
    """Records of countries this deployment does not hold (PATHWAYS_CASEWORK_COUNTRIES set
    after they were written, or a restored backup of a regional deployment)."""
    held = held_countries()
    if not held:
        return []
    from pathways.casework.models import Case, Client

    try:
        found = sorted(
            set(
                Client.objects.exclude(country__code__in=held).values_list(
                    "country__code", flat=True
                )
            )
            | set(
                Case.objects.exclude(country__code__in=held).values_list("country__code", flat=True)
            )
        )
    except DatabaseError:
        return []  # not migrated yet: nothing is held at all
    if not found:
        return []
    return [
        checks.Warning(
            f"This deployment holds casework of {', '.join(sorted(held))} only "
            f"(PATHWAYS_CASEWORK_COUNTRIES), but has clients or cases of {', '.join(found)}.",
            hint="Move them to their country's deployment (as referral packages) and remove "
            "them here, or add the countries to PATHWAYS_CASEWORK_COUNTRIES if this "
            "deployment is meant to hold them. See docs/casework.md.",
            id="casework.W001",
        )
    ]
