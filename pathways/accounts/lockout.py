"""Locking out password guessing: per account and per client address.

django-axes locks an account (a username, from any address) after `AXES_FAILURE_LIMIT`
failures. That alone lets one address try a few passwords on every account, so this module
adds a second lock that axes cannot express with its single limit: an address is locked
after `SIGN_IN_ADDRESS_FAILURE_LIMIT` failures across all usernames within the cool-off
time. Its limit is far higher than an account's because partner offices sign in from one
shared (NAT) address. A failure counts once the password (or a two-factor code, or the
current password on the change-password page) was checked and found wrong; an attempt
refused because of a lock checks nothing and counts towards no address.

The client address is the connection's (`REMOTE_ADDR`), unless that connection comes from
one of the `TRUSTED_PROXIES`: then `X-Forwarded-For` is read from the right, past the
trusted proxies, to the first address they did not add themselves. A client cannot choose
its address by sending the header.
"""

from __future__ import annotations

import ipaddress
from typing import Any

from axes.handlers.database import AxesDatabaseHandler
from axes.handlers.proxy import AxesProxyHandler
from axes.helpers import get_cool_off
from django.conf import settings
from django.contrib.auth.signals import user_login_failed
from django.http import HttpRequest, HttpResponse
from django.shortcuts import render
from django.utils import timezone

from pathways.accounts.models import SignInFailure


def client_address(request: HttpRequest) -> str | None:
    """The address of whoever is signing in (axes' AXES_CLIENT_IP_CALLABLE)."""
    address = _parse(request.META.get("REMOTE_ADDR", ""))
    if address is None or not _trusted(address):
        return str(address) if address else None
    forwarded = request.META.get("HTTP_X_FORWARDED_FOR", "")
    for hop in reversed([part.strip() for part in forwarded.split(",") if part.strip()]):
        hop_address = _parse(hop)
        if hop_address is None:
            break  # not written by a proxy we trust: stop at the last one that is
        address = hop_address
        if not _trusted(address):
            break
    return str(address)


def _parse(text: str) -> ipaddress.IPv4Address | ipaddress.IPv6Address | None:
    try:
        return ipaddress.ip_address(text.strip())
    except ValueError:
        return None


def _trusted(address: ipaddress.IPv4Address | ipaddress.IPv6Address) -> bool:
    return any(address in network for network in settings.TRUSTED_PROXIES)


def address_failures(address: str | None) -> int:
    if not address:
        return 0
    since = timezone.now() - get_cool_off()
    return SignInFailure.objects.filter(address=address, at__gte=since).count()


def address_locked(request: HttpRequest) -> bool:
    limit = settings.SIGN_IN_ADDRESS_FAILURE_LIMIT
    if limit <= 0:  # turned off
        return False
    return address_failures(getattr(request, "axes_ip_address", None)) >= limit


def address_failure_record(*, address: str | None) -> None:
    if not address:
        return
    now = timezone.now()
    # Rows older than the cool-off count for nothing: the table stays as small as the window.
    SignInFailure.objects.filter(at__lt=now - get_cool_off()).delete()
    SignInFailure.objects.create(address=address, at=now)


class LockoutHandler(AxesDatabaseHandler):
    """Axes' lock per username, and the lock per address (AXES_HANDLER)."""

    def is_locked(self, request: HttpRequest, credentials: dict | None = None) -> bool:
        return super().is_locked(request, credentials) or address_locked(request)

    def user_login_failed(
        self, sender: Any, credentials: dict, request: HttpRequest | None = None, **kwargs: Any
    ) -> None:
        # Decided before this failure is counted: was anything checked at all?
        refused = request is not None and self.is_locked(request, credentials)
        super().user_login_failed(sender, credentials, request=request, **kwargs)
        if request is None:
            return
        if not refused:
            address_failure_record(address=request.axes_ip_address)
        if address_locked(request):
            request.axes_locked_out = True
            request.axes_credentials = credentials

    def reset_attempts(
        self,
        *,
        ip_address: str | None = None,
        username: str | None = None,
        ip_or_username: bool = False,
    ) -> int:
        """`manage.py axes_reset_ip ADDRESS` unlocks the address too; `axes_reset`, all."""
        count = super().reset_attempts(
            ip_address=ip_address, username=username, ip_or_username=ip_or_username
        )
        if ip_address or not username:
            failures = SignInFailure.objects.all()
            if ip_address:
                failures = failures.filter(address=ip_address)
            count += failures.delete()[0]
        return count


def lockout_response(
    request: HttpRequest, original_response: HttpResponse | None, credentials: dict | None
) -> HttpResponse:
    """The page shown instead of the sign-in form while a lock holds (AXES_LOCKOUT_CALLABLE):
    it says whether the account or the network is locked, for how long, and who can help."""
    context = {"address_locked": address_locked(request)}
    return render(request, "accounts/locked_out.html", context, status=429)


def report_wrong_password(request: HttpRequest, user: Any) -> None:
    """A wrong password typed anywhere but the sign-in form (which reports its own) counts
    towards the locks like a failed sign-in."""
    user_login_failed.send(
        sender=__name__, credentials={"username": user.get_username()}, request=request
    )


def is_locked_out(request: HttpRequest, user: Any) -> bool:
    return not AxesProxyHandler.is_allowed(request, {"username": user.get_username()})
