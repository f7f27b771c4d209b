"""A user's language: picked once in the language menu, kept on the account, applied on
every request (and so at login), on any device.

Django's set_language view stores the choice in a cookie; for a signed-in user this module
also stores it as User.preferred_language, and the middleware activates it from then on.
"""

from __future__ import annotations

from collections.abc import Callable

from django.conf import settings
from django.db import transaction
from django.http import HttpRequest, HttpResponse
from django.urls import reverse
from django.utils import translation

from pathways.accounts.models import User
from pathways.audit.models import AuditEvent
from pathways.audit.services import audit_record


def is_offered(language: str | None) -> bool:
    return language in dict(settings.LANGUAGES)


def set_preferred_language(*, actor: User, user: User, language: str) -> User:
    """Store the user's language; a language the site does not offer is refused."""
    if not is_offered(language):
        raise ValueError(f"Language {language!r} is not offered.")
    if user.preferred_language == language:
        return user
    with transaction.atomic():
        before = user.preferred_language
        user.preferred_language = language
        user.save(update_fields=["preferred_language"])
        audit_record(
            actor=actor,
            action=AuditEvent.Action.UPDATE,
            instance=user,
            changes={"preferred_language": [before, language]},
        )
    return user


class PreferredLanguageMiddleware:
    """After authentication: activate the signed-in user's language, remember a new pick
    made through set_language, and keep the language cookie in step with the account."""

    def __init__(self, get_response: Callable[[HttpRequest], HttpResponse]) -> None:
        self.get_response = get_response

    def __call__(self, request: HttpRequest) -> HttpResponse:
        user = getattr(request, "user", None)
        signed_in = bool(user and user.is_authenticated)
        if signed_in and is_offered(user.preferred_language):
            translation.activate(user.preferred_language)
            request.LANGUAGE_CODE = user.preferred_language
        response = self.get_response(request)
        if signed_in:
            self._remember(request, response, user)
        return response

    def _remember(self, request: HttpRequest, response: HttpResponse, user: User) -> None:
        picked = request.POST.get("language") if self._is_language_pick(request) else None
        if is_offered(picked) and response.status_code in (200, 302):
            set_preferred_language(actor=user, user=user, language=picked)
        cookie = settings.LANGUAGE_COOKIE_NAME
        stale = request.COOKIES.get(cookie) != user.preferred_language
        if is_offered(user.preferred_language) and not picked and stale:
            response.set_cookie(
                cookie,
                user.preferred_language,
                max_age=settings.LANGUAGE_COOKIE_AGE,
                samesite=settings.LANGUAGE_COOKIE_SAMESITE or "Lax",
                secure=settings.LANGUAGE_COOKIE_SECURE,
                httponly=settings.LANGUAGE_COOKIE_HTTPONLY,
            )

    @staticmethod
    def _is_language_pick(request: HttpRequest) -> bool:
        return request.method == "POST" and request.path == reverse("set_language")
