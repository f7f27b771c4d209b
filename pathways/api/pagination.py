"""Limit/offset pagination for every API list, with the count and links to the neighbours."""

from __future__ import annotations

from collections.abc import Callable
from typing import Any

from django.conf import settings
from django.db.models import QuerySet
from django.http import HttpRequest
from ninja import Field, Schema
from ninja.pagination import PaginationBase


class LimitOffset(PaginationBase):
    class Input(Schema):
        limit: int = Field(
            settings.API_PAGE_SIZE,
            ge=1,
            le=settings.API_MAX_PAGE_SIZE,
            description="How many results to return.",
        )
        offset: int = Field(0, ge=0, description="How many results to skip.")

    class Output(Schema):
        count: int
        next: str | None
        previous: str | None
        results: list[Any]

    items_attribute = "results"

    def paginate_queryset(
        self, queryset: QuerySet, pagination: Input, request: HttpRequest, **params: Any
    ) -> dict[str, Any]:
        limit, offset = pagination.limit, pagination.offset
        count = self._items_count(queryset)
        return {
            "count": count,
            "next": _link(request, limit, offset + limit) if offset + limit < count else None,
            "previous": _link(request, limit, max(offset - limit, 0)) if offset else None,
            "results": list(queryset[offset : offset + limit]),
        }


def _link(request: HttpRequest, limit: int, offset: int) -> str:
    query = request.GET.copy()
    query["limit"] = str(limit)
    query["offset"] = str(offset)
    return request.build_absolute_uri(f"{request.path}?{query.urlencode()}")


def page(
    request: HttpRequest,
    queryset: QuerySet,
    pagination: LimitOffset.Input,
    serialize: Callable[[Any], Any],
) -> dict[str, Any]:
    """The same page as `@paginate(LimitOffset)`, for lists whose rows depend on the user."""
    result = LimitOffset().paginate_queryset(queryset, pagination, request)
    result["results"] = [serialize(row) for row in result["results"]]
    return result
