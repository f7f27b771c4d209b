"""The JSON API v1: one NinjaAPI, bearer tokens, a rate limit per token, JSON errors."""

from __future__ import annotations

from django.http import HttpRequest, HttpResponse
from ninja import NinjaAPI

from pathways.api import errors
from pathways.api.auth import BearerToken, TokenRateThrottle
from pathways.api.routers import events, figures, imports, persons, reference, results

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

for module in (reference, events, imports, persons, figures, results):
    api.add_router("", module.router)


def not_found(request: HttpRequest, rest: str = "") -> HttpResponse:
    """Unknown paths under /api/v1/ answer in JSON too."""
    return errors.error_response(404, "No such API endpoint. See /api/v1/openapi.json.")
