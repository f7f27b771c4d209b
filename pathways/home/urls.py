from __future__ import annotations

from django.urls import path

from pathways.home import views

app_name = "home"
urlpatterns = [
    path("", views.home, name="home"),
    path("program/", views.program, name="program"),
    path("countries/<str:code>/", views.country, name="country"),
]
