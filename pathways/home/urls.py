from __future__ import annotations

from django.urls import path

from pathways.programs import views

app_name = "programs"
urlpatterns = [
    path("", views.overview, name="overview"),
    path("countries/<str:code>/", views.country_detail, name="country"),
]
