"""Bearer-token authentication and a per-token rate limit for the API."""

from __future__ import annotations

import time

from django.conf import settings
from django.http import HttpRequest
from ninja.errors import AuthenticationError
from ninja.security import HttpBearer
from ninja.throttling import BaseThrottle

from pathways.api import ratelimit
from pathways.api.models import ApiToken
from pathways.api.tokens import TokenRefused, api_token_authenticate


class TokenRefusedError(AuthenticationError):
    """A 401 that says why this token no longer works."""

    def __init__(self, message: str) -> None:
        super().__init__(status_code=401, message=message)


class BearerToken(HttpBearer):
    """`Authorization: Bearer <token>`. The token's user becomes `request.user`, so the same
    access helpers as the pages (`visible_to`, `scope_for`) apply unchanged."""

    def authenticate(self, request: HttpRequest, token: str) -> ApiToken | None:
        try:
            api_token = api_token_authenticate(token)
        except TokenRefused as exc:
            raise TokenRefusedError(str(exc)) from exc
        if api_token is not None:
            request.user = api_token.user
        return api_token


def rate_limit() -> tuple[int, int]:
    """(requests, window in seconds) allowed per token, from settings."""
    return settings.API_RATE_LIMIT, settings.API_RATE_WINDOW_SECONDS


class TokenRateThrottle(BaseThrottle):
    """A fixed-window counter per token, shared by every process serving the API
    (`pathways.api.ratelimit`)."""

    def allow_request(self, request: HttpRequest) -> bool:
        token = getattr(request, "auth", None)
        if not isinstance(token, ApiToken):
            return True
        limit, window = rate_limit()
        window_start = int(time.time() // window) * window
        hits = ratelimit.hit(token.prefix, window_start=window_start, window=window)
        return hits is None or hits <= limit

    def wait(self) -> float:
        _limit, window = rate_limit()
        return window - (time.time() % window)
