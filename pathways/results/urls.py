from __future__ import annotations

from django.urls import path

from pathways.results.views import achievements, dashboard, evidence, indicators, records

app_name = "results"
urlpatterns = [
    # Fixed paths first, so that "records" or "breakdown" is never read as a country code.
    path("dashboard/", dashboard.dashboard_region, name="dashboard_region"),
    path("dashboard/records/<slug:figure>/", records.records_region, name="records_region"),
    path("dashboard/breakdown/", records.breakdown_region, name="breakdown_region"),
    path("dashboard/indicators/", indicators.indicators_region, name="indicators_region"),
    path("dashboard/<str:code>/", dashboard.dashboard_country, name="dashboard_country"),
    path(
        "dashboard/<str:code>/records/<slug:figure>/",
        records.records_country,
        name="records_country",
    ),
    path("dashboard/<str:code>/breakdown/", records.breakdown_country, name="breakdown_country"),
    path(
        "dashboard/<str:code>/indicators/", indicators.indicators_country, name="indicators_country"
    ),
    path(
        "dashboard/<str:code>/indicators/<int:pk>/report/",
        indicators.reported_value_create,
        name="reported_value_create",
    ),
    path("achievements/", achievements.achievement_list, name="achievement_list"),
    path("achievements/new/", achievements.achievement_create, name="achievement_create"),
    path("achievements/<int:pk>/", achievements.achievement_detail, name="achievement_detail"),
    path("achievements/<int:pk>/edit/", achievements.achievement_edit, name="achievement_edit"),
    path(
        "achievements/<int:pk>/submit/", achievements.achievement_submit, name="achievement_submit"
    ),
    path(
        "achievements/<int:pk>/verify/", achievements.achievement_verify, name="achievement_verify"
    ),
    path(
        "achievements/<int:pk>/send-back/",
        achievements.achievement_send_back,
        name="achievement_send_back",
    ),
    path("achievements/<int:pk>/evidence/", evidence.evidence_upload, name="evidence_upload"),
    path("evidence/<int:pk>/", evidence.evidence_download, name="evidence_download"),
    path("evidence/<int:pk>/public/", evidence.evidence_set_public, name="evidence_set_public"),
]
