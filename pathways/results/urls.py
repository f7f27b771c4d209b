from __future__ import annotations

from django.urls import path

from pathways.results import views

app_name = "results"
urlpatterns = [
    # Fixed paths first, so that "records" or "breakdown" is never read as a country code.
    path("dashboard/", views.dashboard_region, name="dashboard_region"),
    path("dashboard/records/<slug:figure>/", views.records_region, name="records_region"),
    path("dashboard/breakdown/", views.breakdown_region, name="breakdown_region"),
    path("dashboard/indicators/", views.indicators_region, name="indicators_region"),
    path("dashboard/<str:code>/", views.dashboard_country, name="dashboard_country"),
    path(
        "dashboard/<str:code>/records/<slug:figure>/",
        views.records_country,
        name="records_country",
    ),
    path("dashboard/<str:code>/breakdown/", views.breakdown_country, name="breakdown_country"),
    path("dashboard/<str:code>/indicators/", views.indicators_country, name="indicators_country"),
    path(
        "dashboard/<str:code>/indicators/<int:pk>/report/",
        views.reported_value_create,
        name="reported_value_create",
    ),
    path("achievements/", views.achievement_list, name="achievement_list"),
    path("achievements/new/", views.achievement_create, name="achievement_create"),
    path("achievements/<int:pk>/", views.achievement_detail, name="achievement_detail"),
    path("achievements/<int:pk>/edit/", views.achievement_edit, name="achievement_edit"),
    path("achievements/<int:pk>/submit/", views.achievement_submit, name="achievement_submit"),
    path("achievements/<int:pk>/verify/", views.achievement_verify, name="achievement_verify"),
    path(
        "achievements/<int:pk>/send-back/",
        views.achievement_send_back,
        name="achievement_send_back",
    ),
    path("achievements/<int:pk>/evidence/", views.evidence_upload, name="evidence_upload"),
    path("evidence/<int:pk>/", views.evidence_download, name="evidence_download"),
    path("evidence/<int:pk>/public/", views.evidence_set_public, name="evidence_set_public"),
]
