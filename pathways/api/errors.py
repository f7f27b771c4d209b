"""Every API error is JSON: {"detail": "a clear message"}, validation errors also list
each field and what was expected."""

from __future__ import annotations

import logging
from typing import Any

from django.core.exceptions import PermissionDenied
from django.core.exceptions import ValidationError as DjangoValidationError
from django.http import Http404, HttpRequest, HttpResponse, JsonResponse
from django.utils.translation import gettext as _
from ninja import NinjaAPI
from ninja.errors import AuthenticationError, HttpError, Throttled, ValidationError

from pathways.activities.services import ConflictError
from pathways.api.auth import TokenRefusedError, rate_limit
from pathways.api.writes import conflict_body

logger = logging.getLogger(__name__)

# Ninja's locations for parameters, in words a client understands.
_LOCATIONS = {
    "query": "query parameter",
    "path": "path",
    "body": "request body",
    "form": "form field",
    "file": "file",
}


def error_response(status: int, detail: str, **extra: Any) -> HttpResponse:
    return JsonResponse({"detail": detail, **extra}, status=status)


def form_errors_response(form_errors: dict[str, list[str]], where: str) -> HttpResponse:
    """422 naming each field of a Django form the request filled (`where`: "form field",
    "request body", "query parameter") and what was expected, as every invalid input."""
    fields = [
        {"field": "" if name == "__all__" else name, "in": where, "message": str(message)}
        for name, messages in form_errors.items()
        for message in messages
    ]
    return error_response(422, _validation_detail(fields), errors=fields)


def _field_errors(errors: list[dict[str, Any]]) -> list[dict[str, str]]:
    out = []
    for error in errors:
        loc = [str(part) for part in error.get("loc", ())]
        where = _LOCATIONS.get(loc[0], loc[0]) if loc else ""
        # Ninja nests a body under its parameter name ("payload"); the client never sees it.
        path = loc[2:] if loc[:1] == ["body"] and len(loc) > 2 else loc[1:]
        out.append({"field": ".".join(path) or where, "in": where, "message": error.get("msg", "")})
    return out


def _validation_detail(fields: list[dict[str, str]]) -> str:
    parts = [f"{f['field']}: {f['message']}" for f in fields]
    return _("Invalid input. %(errors)s") % {"errors": "; ".join(parts)}


def on_validation_error(request: HttpRequest, exc: ValidationError) -> HttpResponse:
    fields = _field_errors(exc.errors)
    return error_response(422, _validation_detail(fields), errors=fields)


def on_django_validation_error(request: HttpRequest, exc: DjangoValidationError) -> HttpResponse:
    fields = (
        [
            {"field": "" if name == "__all__" else name, "in": "request body", "message": message}
            for name, messages in exc.message_dict.items()
            for message in messages
        ]
        if hasattr(exc, "error_dict")
        else [{"field": "", "in": "request body", "message": m} for m in exc.messages]
    )
    return error_response(422, _validation_detail(fields), errors=fields)


def on_authentication_error(request: HttpRequest, exc: AuthenticationError) -> HttpResponse:
    refused = isinstance(exc, TokenRefusedError)
    response = error_response(
        401,
        str(exc)
        if refused
        else _(
            "Authentication required: send a valid, unrevoked API token as "
            "'Authorization: Bearer <token>'."
        ),
    )
    response["WWW-Authenticate"] = 'Bearer realm="pathways"'
    return response


def on_throttled(request: HttpRequest, exc: Throttled) -> HttpResponse:
    limit, window = rate_limit()
    return error_response(
        429,
        _("Too many requests: this token may make %(limit)d requests per %(window)d seconds.")
        % {"limit": limit, "window": window},
    )


def on_not_found(request: HttpRequest, exc: Http404) -> HttpResponse:
    return error_response(404, str(exc) or _("Not found, or not in your scope."))


def on_permission_denied(request: HttpRequest, exc: PermissionDenied) -> HttpResponse:
    return error_response(403, str(exc) or _("You do not have the role to do this."))


def on_http_error(request: HttpRequest, exc: HttpError) -> HttpResponse:
    return error_response(exc.status_code, str(exc))


def on_unexpected(request: HttpRequest, exc: Exception) -> HttpResponse:
    # The exception's type and place only: messages may carry personal data.
    logger.error("API error %s at %s", type(exc).__name__, request.path, exc_info=False)
    return error_response(500, _("Something went wrong on the server; it has been logged."))


def on_conflict(request: HttpRequest, exc: ConflictError) -> HttpResponse:
    return JsonResponse(conflict_body(exc), status=409)


def install(api: NinjaAPI) -> None:
    # Ninja looks handlers up by the exception's class hierarchy, most specific first.
    api.add_exception_handler(ValidationError, on_validation_error)
    api.add_exception_handler(DjangoValidationError, on_django_validation_error)
    api.add_exception_handler(AuthenticationError, on_authentication_error)
    api.add_exception_handler(Throttled, on_throttled)
    api.add_exception_handler(HttpError, on_http_error)
    api.add_exception_handler(Http404, on_not_found)
    api.add_exception_handler(PermissionDenied, on_permission_denied)
    api.add_exception_handler(ConflictError, on_conflict)
    api.add_exception_handler(Exception, on_unexpected)
