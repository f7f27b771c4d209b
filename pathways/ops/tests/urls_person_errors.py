"""A person page that fails, the way a bug in a person edit or an import would."""

from __future__ import annotations

from django.http import HttpRequest, HttpResponse
from django.urls import include, path


def failing_person_edit(request: HttpRequest, pk: int) -> HttpResponse:
    name = request.POST.get("full_name", "")
    raise ValueError(f"could not save person {name!r}")


urlpatterns = [
    path("persons/<int:pk>/edit/", failing_person_edit),
    path("", include("pathways.urls")),
]
