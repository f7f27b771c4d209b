from __future__ import annotations

from typing import Any

from django.http import HttpRequest
from django.utils.functional import SimpleLazyObject

from pathways.notifications.access import unread_count


def inbox_unread(request: HttpRequest) -> dict[str, Any]:
    """The user's unread notices for the navigation: one count query, run only when a page
    shows it (signed-in users) and once per request."""
    user = getattr(request, "user", None)
    return {"inbox_unread": SimpleLazyObject(lambda: unread_count(user))}
