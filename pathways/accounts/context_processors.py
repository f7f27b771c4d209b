from __future__ import annotations

from typing import Any

from django.core.cache import cache
from django.http import HttpRequest

from pathways.accounts.access import scope_for


def _demo_mode() -> bool:
    from pathways.activities.models import Event

    demo = cache.get("pathways:demo_mode")
    if demo is None:
        demo = Event.objects.filter(is_synthetic=True).exists()
        cache.set("pathways:demo_mode", demo, 300)
    return demo


def navigation(request: HttpRequest) -> dict[str, Any]:
    """What every page needs: the user's scope, their home country, and the demo banner."""
    user = getattr(request, "user", None)
    scope = scope_for(user)
    return {
        "scope": scope,
        "home_country_code": scope.home_country_code,
        "demo_mode": _demo_mode(),
    }
