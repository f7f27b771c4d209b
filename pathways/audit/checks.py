"""Production mode refuses to start without the audit key file (`manage.py check`, and every
command that runs the checks: migrate, runserver)."""

from __future__ import annotations

from typing import Any

from django.conf import settings
from django.core import checks

from pathways.audit.keys import AuditKeyError, key_file, loose_permissions, read_keys


@checks.register(checks.Tags.security)
def audit_key_file_check(app_configs: Any = None, **kwargs: Any) -> list[checks.CheckMessage]:
    if not settings.PRODUCTION:
        return []
    try:
        read_keys()
    except AuditKeyError as error:
        return [
            checks.Error(
                str(error),
                hint="No audit entry can be written without it. See docs/operations.md.",
                id="audit.E001",
            )
        ]
    if loose_permissions(key_file()):
        return [
            checks.Warning(
                f"The audit key file {key_file()} can be read by other users of the server.",
                hint=f"chmod 600 {key_file()}",
                id="audit.W001",
            )
        ]
    return []
