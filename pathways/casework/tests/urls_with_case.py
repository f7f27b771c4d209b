"""The project's URLs with a stand-in for the case page (`casework:case`) where this branch has
none yet: break-glass sends the user there. The real page, when present, is kept."""

from __future__ import annotations

from django.http import HttpRequest, HttpResponse
from django.urls import include, path

from pathways import urls as project
from pathways.casework import urls as casework


def case_stand_in(request: HttpRequest, pk: int) -> HttpResponse:
    return HttpResponse(f"case {pk}")


casework_patterns = list(casework.urlpatterns)
if not any(getattr(p, "name", None) == "case" for p in casework_patterns):
    casework_patterns.append(path("cases/<int:pk>/", case_stand_in, name="case"))

urlpatterns = [
    path("casework/", include((casework_patterns, "casework"))),
    *(p for p in project.urlpatterns if getattr(p, "namespace", None) != "casework"),
]
