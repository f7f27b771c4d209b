from __future__ import annotations

from typing import Any

from django.http import HttpRequest
from django.utils.functional import SimpleLazyObject

from pathways.casework.access import casework_scope


def navigation(request: HttpRequest) -> dict[str, Any]:
    """The user's casework scope for the navigation, read only if a template asks."""
    user = getattr(request, "user", None)
    return {"casework_scope": SimpleLazyObject(lambda: casework_scope(user))}
