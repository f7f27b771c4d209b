from __future__ import annotations

from django.urls import path

from pathways.translations import views

app_name = "translations"
urlpatterns = [
    path("translations/", views.status, name="status"),
    path("translations/<str:language>/", views.review, name="review"),
    path("translations/<str:language>/export.po", views.export, name="export"),
]
