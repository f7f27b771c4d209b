"""Settings that only hold on one machine, used where several are meant (`manage.py check`)."""

from __future__ import annotations

from typing import Any

from django.conf import settings
from django.core import checks


@checks.register()
def several_hosts_need_redis(app_configs: Any = None, **kwargs: Any) -> list[checks.CheckMessage]:
    """Files in a bucket mean workers on other machines; their progress and heartbeats then
    reach the web hosts only through Redis, or the web hosts fail their long jobs as dead."""
    if settings.SHARED_STORAGE != "s3" or settings.REDIS_URL:
        return []
    return [
        checks.Warning(
            "PATHWAYS_SHARED_STORAGE=s3 is for several machines, but without "
            "PATHWAYS_REDIS_URL each machine keeps jobs' progress and heartbeats on its own "
            "disk: a web host would fail a long job running on another host as dead.",
            hint="Set PATHWAYS_REDIS_URL on every host (docs/operations.md, "
            '"More than one machine").',
            id="jobs.W001",
        )
    ]
