from __future__ import annotations

from typing import Any

from django.core.exceptions import PermissionDenied
from django.http import HttpRequest
from django.utils.functional import SimpleLazyObject

from pathways.activities.access import candidates_for_user
from pathways.activities.dedup.groups import groups_waiting


def duplicate_groups_waiting(request: HttpRequest) -> dict[str, Any]:
    """How many duplicate groups wait for review, for the navigation link to the queue.

    Lazy: the query runs only when a page shows the link (users who may review), and once per
    request. Groups, not pairs, so the link agrees with the queue's own heading: one query
    reads the pending pairs' two ids and joins them in memory."""
    user = getattr(request, "user", None)

    def count() -> int:
        if user is None or not user.is_authenticated:
            return 0
        try:
            return groups_waiting(candidates_for_user(user))
        except PermissionDenied:
            return 0

    return {"duplicate_groups_waiting": SimpleLazyObject(count)}
