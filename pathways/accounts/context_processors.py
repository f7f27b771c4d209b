from __future__ import annotations

from typing import Any

from django.http import HttpRequest

from pathways.accounts.access import scope_for


def navigation(request: HttpRequest) -> dict[str, Any]:
    """What every page's navigation needs: the user's scope and their home country."""
    user = getattr(request, "user", None)
    scope = scope_for(user)
    return {"scope": scope, "home_country_code": scope.home_country_code}
