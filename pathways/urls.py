from __future__ import annotations

from django.contrib import admin
from django.urls import include, path

admin.site.site_header = "Pathways administration"
admin.site.site_title = "Pathways admin"

urlpatterns = [
    path("i18n/", include("django.conf.urls.i18n")),
    path("admin/", admin.site.urls),
    path("", include("pathways.accounts.urls")),
    path("", include("pathways.programs.urls")),
    path("", include("pathways.activities.urls")),
    path("", include("pathways.api.urls")),
    path("", include("pathways.results.urls")),
]
