"""API tokens on the user's profile page: create (shown once) and revoke your own."""

from __future__ import annotations

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.exceptions import PermissionDenied, ValidationError
from django.http import HttpRequest, HttpResponse
from django.shortcuts import get_object_or_404, redirect, render
from django.utils.translation import gettext as _
from django.views.decorators.cache import never_cache
from django.views.decorators.http import require_POST

from pathways.api.forms import ApiTokenForm
from pathways.api.models import ApiToken
from pathways.api.tokens import api_token_create, api_token_revoke


@login_required
@require_POST
@never_cache
def token_create(request: HttpRequest) -> HttpResponse:
    form = ApiTokenForm(request.POST)
    if not form.is_valid():
        messages.error(request, " ".join(e for errs in form.errors.values() for e in errs))
        return redirect("accounts:profile")
    try:
        issued = api_token_create(
            actor=request.user,
            user=request.user,
            name=form.cleaned_data["name"],
            two_factor_verified=request.user.is_verified(),
        )
    except PermissionDenied as exc:
        messages.error(request, str(exc))
        return redirect("accounts:profile")
    return render(request, "api/token_created.html", {"issued": issued})


@login_required
@require_POST
def token_revoke(request: HttpRequest, prefix: str) -> HttpResponse:
    # Only your own tokens: anyone else's is a 404.
    token = get_object_or_404(ApiToken, user=request.user, prefix=prefix)
    try:
        api_token_revoke(actor=request.user, token=token)
    except ValidationError as exc:
        messages.error(request, " ".join(exc.messages))
    else:
        messages.success(request, _("Token %(prefix)s is revoked.") % {"prefix": prefix})
    return redirect("accounts:profile")
