"""What every casework page checks first."""

from __future__ import annotations

from typing import Any

from django.core.exceptions import PermissionDenied
from django.http import Http404
from django.urls import reverse

from pathways.casework.access import CaseworkScope, casework_scope

PAGE_SIZE = 25


def casework_user(user: Any) -> CaseworkScope:
    """The user's casework scope; 404 for a user with no casework role: for them casework
    does not exist."""
    scope = casework_scope(user)
    if not scope.is_casework_user:
        raise Http404("No such page.")
    return scope


def with_role(user: Any, *roles: str) -> CaseworkScope:
    """404 without any casework role, 403 without one of `roles`."""
    scope = casework_user(user)
    if not scope.has_role(*roles):
        raise PermissionDenied
    return scope


def url_with_query(name: str, *, query: str = "") -> str:
    url = reverse(name)
    return f"{url}?{query}" if query else url
