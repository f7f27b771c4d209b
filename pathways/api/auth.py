"""Bearer-token authentication and a per-token rate limit for the API."""

from __future__ import annotations

import time

from django.conf import settings
from django.core.cache import cache
from django.http import HttpRequest
from ninja.security import HttpBearer
from ninja.throttling import BaseThrottle

from pathways.api.models import ApiToken
from pathways.api.services import api_token_authenticate


class BearerToken(HttpBearer):
    """`Authorization: Bearer <token>`. The token's user becomes `request.user`, so the same
    access helpers as the pages (`visible_to`, `scope_for`) apply unchanged."""

    def authenticate(self, request: HttpRequest, token: str) -> ApiToken | None:
        api_token = api_token_authenticate(token)
        if api_token is not None:
            request.user = api_token.user
        return api_token


def rate_limit() -> tuple[int, int]:
    """(requests, window in seconds) allowed per token, from settings."""
    return settings.API_RATE_LIMIT, settings.API_RATE_WINDOW_SECONDS


class TokenRateThrottle(BaseThrottle):
    """A fixed-window counter per token in the Django cache (per process with the default
    local-memory cache; configure a shared cache to count across processes)."""

    def allow_request(self, request: HttpRequest) -> bool:
        token = getattr(request, "auth", None)
        if not isinstance(token, ApiToken):
            return True
        limit, window = rate_limit()
        window_start = int(time.time() // window) * window
        key = f"pathways:api-rate:{token.prefix}:{window_start}"
        cache.add(key, 0, timeout=window + 1)
        try:
            count = cache.incr(key)
        except ValueError:  # expired between add and incr
            cache.set(key, 1, timeout=window + 1)
            count = 1
        return count <= limit

    def wait(self) -> float:
        _limit, window = rate_limit()
        return window - (time.time() % window)
