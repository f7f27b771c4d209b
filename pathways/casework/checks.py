"""Production mode refuses to start without a usable casework master key file (`manage.py
check`, and every command that runs the checks: migrate, runserver). Settings already refuse
to start when PATHWAYS_CASEWORK_MASTER_KEY_FILE is not set."""

from __future__ import annotations

from typing import Any

from django.conf import settings
from django.core import checks

from pathways.casework.keys import MasterKeyError, read_master_key


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
