from __future__ import annotations

from django.contrib import admin
from django.urls import include, path

from pathways.accounts import views as account_views

admin.site.site_header = "Pathways administration"
admin.site.site_title = "Pathways admin"

urlpatterns = [
    path("i18n/", include("django.conf.urls.i18n")),
    # One sign-in page for everyone, so the lock-out and the two-factor step always apply.
    path("admin/login/", account_views.admin_login),
    path("admin/", admin.site.urls),
    path("", include("pathways.accounts.urls")),
    path("", include("pathways.home.urls")),
    path("", include("pathways.activities.urls")),
    path("", include("pathways.jobs.urls")),
    path("", include("pathways.notifications.urls")),
    path("casework/", include("pathways.casework.urls")),
    path("statistics/", include("pathways.stats.urls")),
    path("", include("pathways.translations.urls")),
    path("", include("pathways.results.urls")),
    path("", include("pathways.api.urls")),
    path("", include("pathways.reports.urls")),
    path("", include("pathways.ops.urls")),
]
