"""Recovery codes: one-time codes that stand in for the authenticator app at sign-in.

Turning two-factor sign-in on makes `RECOVERY_CODE_COUNT` codes (django-otp's static
device), shown once on the page that follows; "make new codes" replaces them all, after a
code from the app. Each works once, at the second step of signing in, instead of the app's
code; a wrong one counts like a wrong app code (two_factor.record_code_failure). Turning
two-factor off removes them. The audit trail records how many codes there are, never the
codes themselves.

A code is 8 characters of base 32 (40 random bits), shown as `abcd-efgh`; it is typed with
or without the dash, in either case.
"""

from __future__ import annotations

import re
from typing import Any
from urllib.parse import quote

from django import forms
from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.exceptions import ValidationError
from django.db import transaction
from django.http import HttpRequest, HttpResponse
from django.shortcuts import redirect, render
from django.utils import timezone
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy, ngettext
from django.views.decorators.cache import never_cache
from django.views.decorators.debug import sensitive_post_parameters
from django_otp.models import Device
from django_otp.plugins.otp_static.models import StaticDevice, StaticToken
from django_otp.plugins.otp_totp.models import TOTPDevice

from pathways.audit.models import AuditEvent
from pathways.audit.services import audit_record
from pathways.lib.forms import PlainLineField

RECOVERY_CODE_COUNT = 10
RECOVERY_CODE = re.compile(r"[a-z2-7]{8}")
APP_CODE = re.compile(r"\d{6}")


def normalised(code: str) -> str:
    return re.sub(r"[\s-]", "", code).lower()


def is_recovery_code(code: str) -> bool:
    return RECOVERY_CODE.fullmatch(normalised(code)) is not None


def shown(token: str) -> str:
    return f"{token[:4]}-{token[4:]}"


# --- Services ------------------------------------------------------------------------------


def codes_left(user: Any) -> int:
    return StaticToken.objects.filter(device__user=user).count()


def codes_create(*, actor: Any) -> list[str]:
    """New codes for the user, replacing any left. The device is kept (only its codes change),
    so a session verified with a recovery code stays verified."""
    with transaction.atomic():
        devices = list(StaticDevice.objects.select_for_update().filter(user=actor).order_by("pk"))
        device = devices[0] if devices else None
        if device is None:
            device = StaticDevice.objects.create(
                user=actor, name=_("Recovery codes"), confirmed=True
            )
        # Codes an admin may have added on another static device go too: all old ones stop.
        old = StaticToken.objects.filter(device__user=actor)
        before = old.count()
        old.delete()
        tokens: set[str] = set()
        while len(tokens) < RECOVERY_CODE_COUNT:
            tokens.add(StaticToken.random_token())
        StaticToken.objects.bulk_create(StaticToken(device=device, token=t) for t in tokens)
        audit_record(
            actor=actor,
            action=AuditEvent.Action.UPDATE,
            instance=device,
            changes={"recovery_codes": [before, RECOVERY_CODE_COUNT]},
        )
    return [shown(token) for token in sorted(tokens)]


def codes_remove(*, actor: Any) -> None:
    """Called with two-factor sign-in turned off, in the same transaction."""
    for device in StaticDevice.objects.select_for_update().filter(user=actor):
        audit_record(
            actor=actor,
            action=AuditEvent.Action.DELETE,
            instance=device,
            changes={"recovery_codes": [device.token_set.count(), 0]},
        )
        device.delete()


def code_use(*, user: Any, code: str) -> tuple[StaticDevice, int] | None:
    """Spend one code; the device and the codes left, or None when it is not one of them.
    The device's row lock makes two requests with the same code spend it once."""
    with transaction.atomic():
        devices = StaticDevice.objects.select_for_update().filter(user=user).order_by("pk")
        device = next((d for d in devices if d.verify_token(normalised(code))), None)
        if device is None:
            return None
        left = codes_left(user)
        audit_record(
            actor=user,
            action=AuditEvent.Action.UPDATE,
            instance=device,
            changes={"recovery_codes": [left + 1, left]},
        )
    return device, left


# --- Signing in with a code ----------------------------------------------------------------


class SignInCodeForm(forms.Form):
    """The second step's code: the app's 6 digits, or a recovery code."""

    code = PlainLineField(
        label=gettext_lazy("6-digit code from your authenticator app"),
        widget=forms.TextInput(attrs={"autocomplete": "one-time-code"}),
    )

    def __init__(self, *args: Any, recovering: bool = False, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        if recovering:
            self.fields["code"].label = _("Recovery code")

    def clean_code(self) -> str:
        code = self.cleaned_data["code"].strip()
        if APP_CODE.fullmatch(code):
            return code
        if is_recovery_code(code):
            return normalised(code)
        raise ValidationError(
            _("Enter the 6 digits shown in the app, or a recovery code such as abcd-efgh."),
            code="invalid",
        )


def verified_device(
    request: HttpRequest, user: Any, code: str, *, app: TOTPDevice | None
) -> Device | None:
    """The device that accepts `code` (spending it if it is a recovery code), or None."""
    if not is_recovery_code(code):
        return app if app is not None and app.verify_token(code) else None
    used = code_use(user=user, code=code)
    if used is None:
        return None
    device, left = used
    messages.warning(
        request,
        ngettext(
            "You signed in with a recovery code. You have %(count)d recovery code left.",
            "You signed in with a recovery code. You have %(count)d recovery codes left.",
            left,
        )
        % {"count": left}
        + " "
        + _("Make new codes from Two-factor sign-in on your profile if you are running out."),
    )
    return device


def wrong_code_message(code: str) -> str | None:
    """What to say about a refused recovery code (None for an app code)."""
    if not is_recovery_code(code):
        return None
    return _("That recovery code is not right or was already used.")


# --- Pages ---------------------------------------------------------------------------------


class AppCodeForm(forms.Form):
    code = forms.RegexField(
        label=gettext_lazy("6-digit code from your authenticator app"),
        regex=r"^\s*\d{6}\s*$",
        error_messages={"invalid": gettext_lazy("Enter the 6 digits shown in the app.")},
    )

    def clean_code(self) -> str:
        return self.cleaned_data["code"].strip()


def show_new_codes(request: HttpRequest, codes: list[str]) -> HttpResponse:
    """The one page that shows the codes: they are never shown again."""
    text = "\n".join(
        [
            _("Pathways recovery codes for %(username)s, made %(date)s.")
            % {"username": request.user.get_username(), "date": timezone.localdate()},
            _("Each code works once, instead of the code from your authenticator app."),
            "",
            *codes,
            "",
        ]
    )
    context = {"codes": codes, "download": "data:text/plain;charset=utf-8," + quote(text)}
    return render(request, "accounts/recovery_codes_new.html", context)


@sensitive_post_parameters("code")
@never_cache
@login_required
def codes_view(request: HttpRequest) -> HttpResponse:
    """How many codes are left, and new ones after a code from the app."""
    app = TOTPDevice.objects.filter(user=request.user, confirmed=True).first()
    if app is None:
        return redirect("accounts:two_factor")
    form = AppCodeForm(request.POST or None)
    if request.method == "POST" and form.is_valid():
        if app.verify_token(form.cleaned_data["code"]):
            return show_new_codes(request, codes_create(actor=request.user))
        form.add_error(
            "code", _("That code is not right or has expired. Enter the code the app shows now.")
        )
    context = {"form": form, "left": codes_left(request.user)}
    return render(request, "accounts/recovery_codes.html", context)
