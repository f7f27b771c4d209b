from __future__ import annotations

from django.urls import include, path, re_path

from pathways.api import views
from pathways.api.api import not_found, urls

token_patterns = (
    [
        path("", views.token_create, name="create"),
        path("<str:prefix>/revoke/", views.token_revoke, name="revoke"),
    ],
    "api_tokens",
)

urlpatterns = [
    path("api/v1/", urls()),
    re_path(r"^api/v1/(?P<rest>.*)$", not_found, name="api_not_found"),
    path("profile/api-tokens/", include(token_patterns)),
]
