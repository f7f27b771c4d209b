from __future__ import annotations

from typing import Any

from django.core.cache import cache
from django.http import HttpRequest

from pathways.accounts.access import scope_for
from pathways.programs.models import Country


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
    home_code = None
    if scope.home_country_id is not None and not scope.is_regional:
        home_code = Country.objects.filter(pk=scope.home_country_id).values_list("code", flat=True)
        home_code = home_code.first()
    return {"scope": scope, "home_country_code": home_code, "demo_mode": _demo_mode()}
