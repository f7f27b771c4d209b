"""The JSON API v1: one NinjaAPI, bearer tokens, a rate limit per token, JSON errors."""

from __future__ import annotations

import functools
from collections.abc import Callable
from typing import Any

from django.http import HttpRequest, HttpResponse
from django.urls import URLPattern
from ninja import NinjaAPI

from pathways.api import errors
from pathways.api.auth import BearerToken, TokenRateThrottle
from pathways.api.routers import (
    casework,
    casework_attachments,
    casework_care,
    casework_consent,
    casework_directory,
    casework_exports,
    casework_intake,
    casework_nrm,
    casework_referral_actions,
    casework_referral_package,
    casework_referrals,
    casework_returns,
    casework_roster,
    casework_screening,
    casework_subject,
    casework_transfers,
    casework_workflow,
    events,
    figures,
    imports,
    jobs,
    obligations,
    persons,
    publications,
    reference,
    results,
    statistics,
)

api = NinjaAPI(
    title="Pathways API",
    version="1",
    description=(
        "Read and record events, attendance and figures with the same access rules as the "
        "pages. Authenticate with `Authorization: Bearer <token>`; create a token on your "
        "profile page or with `manage.py api_token USERNAME`. Lists are paginated "
        "(`limit`, `offset`; the answer gives `count` and `next`). Errors are JSON: "
        '`{"detail": "..."}`.'
    ),
    auth=BearerToken(),
    throttle=[TokenRateThrottle()],
    urls_namespace="api",
    openapi_url="/openapi.json",
    docs_url="/docs/",
)
errors.install(api)

for module in (
    reference,
    events,
    imports,
    jobs,
    persons,
    figures,
    results,
    publications,
    obligations,
    casework,
    casework_attachments,
    casework_care,
    casework_directory,
    casework_exports,
    casework_nrm,
    casework_consent,
    casework_intake,
    casework_returns,
    casework_referral_package,
    casework_referrals,
    casework_referral_actions,
    casework_roster,
    casework_screening,
    casework_subject,
    casework_transfers,
    casework_workflow,
    statistics,
):
    api.add_router("", module.router)


def not_found(request: HttpRequest, rest: str = "") -> HttpResponse:
    """Unknown paths under /api/v1/ answer in JSON too."""
    return errors.error_response(404, "No such API endpoint. See /api/v1/openapi.json.")


def json_method_not_allowed(view: Callable[..., HttpResponse]) -> Callable[..., HttpResponse]:
    """Ninja answers a method a path does not offer with a plain-text 405; say it in JSON,
    naming the methods that are allowed, like every other API error."""

    @functools.wraps(view)  # keeps csrf_exempt: the API authenticates by token, not cookie
    def wrapped(request: HttpRequest, *args: Any, **kwargs: Any) -> HttpResponse:
        response = view(request, *args, **kwargs)
        if response.status_code != 405 or response.get("Content-Type") == "application/json":
            return response
        allowed = response.get("Allow", "")
        answer = errors.error_response(
            405, f"{request.method} is not allowed here. Allowed: {allowed}."
        )
        answer["Allow"] = allowed
        return answer

    return wrapped


def urls() -> tuple[list[Any], str, str]:
    """The API's URL patterns, each view answering a wrong method in JSON."""
    patterns, app_name, namespace = api.urls
    for pattern in patterns:
        if isinstance(pattern, URLPattern):
            pattern.callback = json_method_not_allowed(pattern.callback)
    return patterns, app_name, namespace
