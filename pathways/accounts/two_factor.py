"""Two-factor sign-in with a time-based one-time code (TOTP) from an authenticator app.

Every user may turn it on from their profile. A user with a confirmed device signs in in two
steps: password, then code. Admins must have it in production mode, and so must anyone a
check named in `TWO_FACTOR_REQUIRED_CHECKS` requires it of (casework staff, always): until
they do, every page sends them to set it up. Wrong codes count towards the account lock-out
like wrong passwords, and the device itself slows down repeated guesses (django-otp
throttling).
"""

from __future__ import annotations

import functools
import time
from base64 import b32encode
from collections.abc import Callable
from typing import Any
from urllib.parse import urlencode

import qrcode
import qrcode.image.svg
from django import forms
from django.conf import settings
from django.contrib import messages
from django.contrib.auth import get_user_model, login, user_login_failed
from django.contrib.auth.decorators import login_required
from django.db import transaction
from django.http import HttpRequest, HttpResponse
from django.shortcuts import redirect, render
from django.urls import reverse
from django.utils.http import url_has_allowed_host_and_scheme
from django.utils.module_loading import import_string
from django.utils.safestring import SafeString, mark_safe
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy
from django.views.decorators.cache import never_cache
from django.views.decorators.debug import sensitive_post_parameters
from django_otp import login as otp_login
from django_otp.models import Device
from django_otp.plugins.otp_totp.models import TOTPDevice

from pathways.accounts import recovery
from pathways.accounts.access import scope_for
from pathways.audit.models import AuditEvent
from pathways.audit.services import audit_record

PENDING = "two_factor_pending"
PENDING_SECONDS = 5 * 60
MAX_CODE_FAILURES = 5
# Pages a user must reach before the second step is done or a device is set up.
EXEMPT_URL_NAMES = frozenset(
    {
        "accounts:login",
        "accounts:logout",
        "accounts:two_factor",
        "accounts:two_factor_verify",
        "set_language",
    }
)


# --- Devices ---------------------------------------------------------------------------


def confirmed_device(user: Any) -> TOTPDevice | None:
    return TOTPDevice.objects.filter(user=user, confirmed=True).first()


def pending_device(user: Any) -> TOTPDevice | None:
    return TOTPDevice.objects.filter(user=user, confirmed=False).first()


ADMIN = "admin"
ROLE = "role"


@functools.cache
def _required_checks(paths: tuple[str, ...]) -> tuple[Callable[[Any], bool], ...]:
    return tuple(import_string(path) for path in paths)


def two_factor_requirement(user: Any) -> str:
    """Why the user must use two-factor sign-in: ADMIN, ROLE (a check of
    `TWO_FACTOR_REQUIRED_CHECKS` says so, e.g. a casework role), or "" when they need not.
    The checks are dotted paths so that apps above accounts can answer without accounts
    importing them."""
    is_admin = user.is_superuser or user.is_staff or scope_for(user).is_admin
    if settings.TWO_FACTOR_REQUIRED_FOR_ADMINS and is_admin:
        return ADMIN
    checks = _required_checks(tuple(getattr(settings, "TWO_FACTOR_REQUIRED_CHECKS", ())))
    if any(check(user) for check in checks):
        return ROLE
    return ""


def must_use_two_factor(user: Any) -> bool:
    return bool(two_factor_requirement(user))


def device_start(*, actor: Any) -> TOTPDevice:
    """A fresh, unconfirmed device with a new secret; an earlier unconfirmed one is dropped."""
    with transaction.atomic():
        TOTPDevice.objects.filter(user=actor, confirmed=False).delete()
        return TOTPDevice.objects.create(user=actor, name=_("Authenticator app"), confirmed=False)


def device_confirm(*, actor: Any, device: TOTPDevice, code: str) -> bool:
    """Confirm the device when the code matches; the secret never enters the audit trail."""
    with transaction.atomic():
        if not device.verify_token(code):
            return False
        device.confirmed = True
        device.save(update_fields=["confirmed"])
        audit_record(
            actor=actor,
            action=AuditEvent.Action.CREATE,
            instance=device,
            changes={"two_factor": ["off", "on"]},
        )
    return True


def device_remove(*, actor: Any, device: TOTPDevice, code: str) -> bool:
    with transaction.atomic():
        if not device.verify_token(code):
            return False
        audit_record(
            actor=actor,
            action=AuditEvent.Action.DELETE,
            instance=device,
            changes={"two_factor": ["on", "off"]},
        )
        recovery.codes_remove(actor=actor)
        device.delete()
    return True


def qr_code_svg(device: TOTPDevice) -> SafeString:
    image = qrcode.make(device.config_url, image_factory=qrcode.image.svg.SvgPathImage)
    # Built here from our own data, so it is safe to embed.
    return mark_safe(image.to_string(encoding="unicode"))  # noqa: S308


def secret_for_typing(device: TOTPDevice) -> str:
    secret = b32encode(device.bin_key).decode()
    return " ".join(secret[i : i + 4] for i in range(0, len(secret), 4))


# --- The pending second step of a sign-in ------------------------------------------------


def begin_pending_login(request: HttpRequest, user: Any, *, next_url: str) -> HttpResponse:
    """After the password: remember who is signing in, without signing them in yet."""
    request.session[PENDING] = {
        "user": user.pk,
        "backend": user.backend,
        "next": next_url,
        "at": time.time(),
        "failures": 0,
    }
    return redirect("accounts:two_factor_verify")


def pending_login(request: HttpRequest) -> dict[str, Any] | None:
    pending = request.session.get(PENDING)
    if not pending or time.time() - pending["at"] > PENDING_SECONDS:
        request.session.pop(PENDING, None)
        return None
    return pending


def safe_next(request: HttpRequest, url: str | None) -> str:
    if url and url_has_allowed_host_and_scheme(
        url, allowed_hosts={request.get_host()}, require_https=request.is_secure()
    ):
        return url
    return reverse(settings.LOGIN_REDIRECT_URL)


# --- Forms and views ---------------------------------------------------------------------


class CodeForm(forms.Form):
    code = forms.RegexField(
        label=gettext_lazy("6-digit code from your authenticator app"),
        regex=r"^\s*\d{6}\s*$",
        error_messages={"invalid": gettext_lazy("Enter the 6 digits shown in the app.")},
        widget=forms.TextInput(
            attrs={"autocomplete": "one-time-code", "inputmode": "numeric", "maxlength": 8}
        ),
    )

    def clean_code(self) -> str:
        return self.cleaned_data["code"].strip()


def wrong_code_message() -> str:
    return _("That code is not right or has expired. Enter the code the app shows now.")


def record_code_failure(request: HttpRequest, user: Any, pending: dict[str, Any] | None) -> bool:
    """Counts a wrong code like a wrong password; True when the sign-in must start again."""
    user_login_failed.send(
        sender=__name__, credentials={"username": user.get_username()}, request=request
    )
    if pending is None:
        return False
    pending["failures"] += 1
    request.session[PENDING] = pending
    return pending["failures"] >= MAX_CODE_FAILURES


@sensitive_post_parameters("code")
@never_cache
def verify_view(request: HttpRequest) -> HttpResponse:
    """The second step of signing in (or of a session that has not done it yet)."""
    pending = None if request.user.is_authenticated else pending_login(request)
    if request.user.is_authenticated:
        user = request.user
        if user.is_verified() or confirmed_device(user) is None:
            return redirect(safe_next(request, request.GET.get("next")))
    elif pending is None:
        messages.info(request, _("Your sign-in timed out. Please sign in again."))
        return redirect("accounts:login")
    else:
        user = get_user_model().objects.get(pk=pending["user"])
    recovering = request.GET.get("with") == "recovery"
    form = recovery.SignInCodeForm(request.POST or None, recovering=recovering)
    if request.method == "POST" and form.is_valid():
        code = form.cleaned_data["code"]
        device = recovery.verified_device(request, user, code, app=confirmed_device(user))
        if device is not None:
            return finish_login(request, user, device, pending)
        if record_code_failure(request, user, pending):
            request.session.pop(PENDING, None)
            messages.error(request, _("Too many wrong codes. Please sign in again."))
            return redirect("accounts:login")
        form.add_error("code", recovery.wrong_code_message(code) or wrong_code_message())
    context = {"form": form, "recovering": recovering, "next": request.GET.get("next", "")}
    return render(request, "accounts/two_factor_verify.html", context)


def finish_login(
    request: HttpRequest, user: Any, device: Device, pending: dict[str, Any] | None
) -> HttpResponse:
    next_url = request.GET.get("next")
    if pending is not None:
        request.session.pop(PENDING, None)
        login(request, user, backend=pending["backend"])
        next_url = pending["next"]
    otp_login(request, device)
    return redirect(safe_next(request, next_url))


@sensitive_post_parameters("code")
@never_cache
@login_required
def manage_view(request: HttpRequest) -> HttpResponse:
    """Set up, confirm or turn off the user's authenticator app, from their profile."""
    action = request.POST.get("action") if request.method == "POST" else None
    device = confirmed_device(request.user)
    if action == "start" and device is None:
        device_start(actor=request.user)
        return redirect("accounts:two_factor")
    pending = None if device else pending_device(request.user)
    form = CodeForm(request.POST if action in {"confirm", "remove"} else None)
    if form.is_bound and form.is_valid():
        response = apply_code(request, action, device or pending, form)
        if response is not None:
            return response
    context = {
        "device": device,
        "pending": pending,
        "form": form,
        "required": two_factor_requirement(request.user),
        "recovery_codes_left": recovery.codes_left(request.user),
        "qr_svg": qr_code_svg(pending) if pending else "",
        "secret": secret_for_typing(pending) if pending else "",
    }
    return render(request, "accounts/two_factor.html", context)


def apply_code(
    request: HttpRequest, action: str | None, device: TOTPDevice | None, form: CodeForm
) -> HttpResponse | None:
    services: dict[str, Callable[..., bool]] = {"confirm": device_confirm, "remove": device_remove}
    if device is None or device.confirmed != (action == "remove"):
        return redirect("accounts:two_factor")
    if not services[action](actor=request.user, device=device, code=form.cleaned_data["code"]):
        form.add_error("code", wrong_code_message())
        return None
    if action == "confirm":
        otp_login(request, device)
        messages.success(request, _("Two-factor sign-in is on."))
        return recovery.show_new_codes(request, recovery.codes_create(actor=request.user))
    messages.success(request, _("Two-factor sign-in is off."))
    return redirect("accounts:profile")


# --- Enforcement -------------------------------------------------------------------------


class TwoFactorMiddleware:
    """Finishes the second step for sessions that skipped it, and makes admins set it up."""

    def __init__(self, get_response: Callable[[HttpRequest], HttpResponse]) -> None:
        self.get_response = get_response

    def __call__(self, request: HttpRequest) -> HttpResponse:
        return self.get_response(request)

    def process_view(self, request: HttpRequest, view_func, args, kwargs) -> HttpResponse | None:
        user = request.user
        if not user.is_authenticated or user.is_verified():
            return None
        match = request.resolver_match
        if match is None or match.view_name in EXEMPT_URL_NAMES:
            return None
        if request.path.startswith("/api/"):
            return None  # the API authenticates each request with its own token
        if confirmed_device(user) is not None:
            target = reverse("accounts:two_factor_verify")
        elif requirement := two_factor_requirement(user):
            messages.warning(request, requirement_message(requirement))
            target = reverse("accounts:two_factor")
        else:
            return None
        return send_to(request, f"{target}?{urlencode({'next': request.get_full_path()})}")


def requirement_message(requirement: str) -> str:
    if requirement == ADMIN:
        return _("Admins must set up two-factor sign-in first.")
    return _("Your role requires two-factor sign-in: set it up before you continue.")


def send_to(request: HttpRequest, url: str) -> HttpResponse:
    if getattr(request, "htmx", False):
        return HttpResponse(status=204, headers={"HX-Redirect": url})
    return redirect(url)
