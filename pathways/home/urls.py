from __future__ import annotations

from django.urls import path

from pathways.home import views

app_name = "home"
urlpatterns = [
    path("", views.program, name="program"),
    path("countries/<str:code>/", views.country, name="country"),
]
