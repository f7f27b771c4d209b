"""A forgotten password, reset through a link sent by email (Django's reset views).

The request page answers the same whether or not an account has the address: Django's form
sends nothing for an unknown address, an inactive user or one without a usable password, and
the page after it says "if an account has this address, we sent a link" either way.

Requests are counted in fixed windows (`PASSWORD_RESET_RATE_WINDOW_SECONDS`) in a shared
cache: per client address (the sign-in locks' address, lockout.client_address) and per email
address. Past the address limit the page says to try again later (429) and sends nothing;
past the email limit the usual answer shows and nothing is sent, so the limit reveals no
account either. Cache keys hold hashes, never the addresses.

A new password set through a link is audited (never the password), ends the user's other
sessions (their session hash changes), and clears the account's sign-in lock; it does not
sign the user in, so signing in afterwards still asks for the two-factor code.
"""

from __future__ import annotations

import hashlib
import logging

from axes.utils import reset as axes_reset
from django.conf import settings
from django.contrib.auth import views as auth_views
from django.core.cache import caches
from django.db import transaction
from django.http import HttpRequest, HttpResponse, HttpResponseRedirect
from django.shortcuts import render
from django.urls import reverse_lazy
from django.utils.decorators import method_decorator
from django.utils.translation import ngettext
from django.views.decorators.debug import sensitive_post_parameters

from pathways.accounts import lockout
from pathways.audit.models import AuditEvent
from pathways.audit.services import audit_record

logger = logging.getLogger(__name__)

# --- Counting requests -------------------------------------------------------------------


def _key(kind: str, value: str) -> str:
    digest = hashlib.sha256(f"{settings.SECRET_KEY}:{value}".encode()).hexdigest()
    return f"password-reset:{kind}:{digest}"


def _count(kind: str, value: str) -> int:
    """This request counted in its window; the window's count so far, this one included.
    A cache that cannot be reached counts nothing (and is logged): an outage of the counter
    must not stop people from resetting their password."""
    cache = caches[settings.PASSWORD_RESET_RATE_CACHE]
    key = _key(kind, value)
    window = settings.PASSWORD_RESET_RATE_WINDOW_SECONDS
    try:
        cache.add(key, 0, timeout=window)  # starts the window; a no-op while it runs
        try:
            return cache.incr(key)
        except ValueError:  # the window ended between add and incr
            cache.set(key, 1, timeout=window)
            return 1
    except Exception:
        logger.exception(
            "Password reset limit: the cache %r cannot be reached",
            settings.PASSWORD_RESET_RATE_CACHE,
        )
        return 0


def address_allowed(request: HttpRequest) -> bool:
    address = lockout.client_address(request) or "unknown"
    return _count("address", address) <= settings.PASSWORD_RESET_LIMIT_PER_ADDRESS


def email_allowed(email: str) -> bool:
    return _count("email", email.strip().casefold()) <= settings.PASSWORD_RESET_LIMIT_PER_EMAIL


def too_many_requests(request: HttpRequest) -> HttpResponse:
    window = settings.PASSWORD_RESET_RATE_WINDOW_SECONDS
    minutes = max(1, round(window / 60))
    wait = ngettext("%(count)d minute", "%(count)d minutes", minutes) % {"count": minutes}
    response = render(request, "accounts/password_reset_limited.html", {"wait": wait}, status=429)
    response["Retry-After"] = str(window)
    return response


# --- Views ---------------------------------------------------------------------------------


class PasswordResetView(auth_views.PasswordResetView):
    template_name = "accounts/password_reset.html"
    email_template_name = "accounts/password_reset_email.txt"
    subject_template_name = "accounts/password_reset_subject.txt"
    success_url = reverse_lazy("accounts:password_reset_done")

    @property
    def extra_email_context(self) -> dict[str, int]:  # type: ignore[override]
        return {"timeout_minutes": max(1, settings.PASSWORD_RESET_TIMEOUT // 60)}

    def post(self, request: HttpRequest, *args, **kwargs) -> HttpResponse:
        if not address_allowed(request):
            return too_many_requests(request)
        return super().post(request, *args, **kwargs)

    def form_valid(self, form) -> HttpResponse:
        if email_allowed(form.cleaned_data["email"]):
            return super().form_valid(form)
        return HttpResponseRedirect(self.get_success_url())


class PasswordResetDoneView(auth_views.PasswordResetDoneView):
    template_name = "accounts/password_reset_done.html"


@method_decorator(sensitive_post_parameters("new_password1", "new_password2"), name="dispatch")
class PasswordResetConfirmView(auth_views.PasswordResetConfirmView):
    template_name = "accounts/password_reset_confirm.html"
    success_url = reverse_lazy("accounts:password_reset_complete")
    post_reset_login = False  # signing in goes through the sign-in page and its second step

    def form_valid(self, form) -> HttpResponse:
        with transaction.atomic():
            response = super().form_valid(form)
            audit_record(
                actor=form.user,
                action=AuditEvent.Action.UPDATE,
                instance=form.user,
                changes={"password": ["(hidden)", "(reset by email)"]},
            )
            # Whoever holds the mailbox chose a new password: guesses at the old one no
            # longer matter. The address lock stays: it is about the network, not this account.
            axes_reset(username=form.user.get_username())
        return response


class PasswordResetCompleteView(auth_views.PasswordResetCompleteView):
    template_name = "accounts/password_reset_complete.html"


password_reset = PasswordResetView.as_view()
password_reset_done = PasswordResetDoneView.as_view()
password_reset_confirm = PasswordResetConfirmView.as_view()
password_reset_complete = PasswordResetCompleteView.as_view()
