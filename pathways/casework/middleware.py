"""Casework sessions end after `CASEWORK_IDLE_MINUTES` (15) without a request from the person
(casework.md §6.3 rule 5): background polling neither keeps them alive nor resets the clock."""

from __future__ import annotations

import time
from collections.abc import Callable
from typing import Any
from urllib.parse import urlencode, urlsplit

from django.contrib import messages
from django.contrib.auth import logout
from django.http import HttpRequest, HttpResponse
from django.urls import reverse
from django.utils.translation import gettext as _

from pathways.accounts.two_factor import send_to
from pathways.casework.signin import idle_limit, is_background_poll, is_casework_user

LAST_ACTIVITY = "casework_last_activity"
# The time is written again only when it moved this much: not a session write per request.
PRECISION_SECONDS = 15


class IdleTimeoutMiddleware:
    def __init__(self, get_response: Callable[[HttpRequest], HttpResponse]) -> None:
        self.get_response = get_response

    def __call__(self, request: HttpRequest) -> HttpResponse:
        return self.get_response(request)

    def process_view(
        self, request: HttpRequest, view_func: Any, args: Any, kwargs: Any
    ) -> HttpResponse | None:
        user = request.user
        if not user.is_authenticated or request.path.startswith("/api/"):
            return None
        if not is_casework_user(user):
            return None
        now = time.time()
        last = request.session.get(LAST_ACTIVITY)
        if last is not None and now - last > idle_limit().total_seconds():
            return sign_out(request)
        if not is_background_poll(request) and (last is None or now - last >= PRECISION_SECONDS):
            request.session[LAST_ACTIVITY] = now
        return None


def sign_out(request: HttpRequest) -> HttpResponse:
    next_url = _page_of(request)
    logout(request)
    minutes = int(idle_limit().total_seconds() // 60)
    messages.info(
        request,
        _("Signed out after %(minutes)d minutes without activity. Please sign in again.")
        % {"minutes": minutes},
    )
    login = reverse("accounts:login")
    return send_to(request, f"{login}?{urlencode({'next': next_url})}" if next_url else login)


def _page_of(request: HttpRequest) -> str:
    """Where to come back to: the page itself, or for a fragment the page that asked for it."""
    if request.headers.get("HX-Request") == "true":
        current = urlsplit(request.headers.get("HX-Current-URL", ""))
        if current.path and current.netloc in ("", request.get_host()):
            return current.path + (f"?{current.query}" if current.query else "")
        return ""
    return request.get_full_path() if request.method == "GET" else request.path
