from __future__ import annotations

from django.urls import path

from pathways.stats import views

app_name = "stats"

urlpatterns = [
    path("ctdc/", views.ctdc_countries, name="ctdc_countries"),
    path("ctdc/<str:code>/<int:year>/", views.ctdc_download, name="ctdc_download"),
]
