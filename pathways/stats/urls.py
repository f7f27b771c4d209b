from __future__ import annotations

from django.urls import path

from pathways.stats import ctdc_views, views

app_name = "stats"
urlpatterns = [
    path("", views.release_list, name="release_list"),
    path("releases/<int:pk>/", views.release_detail, name="release_detail"),
    path("releases/<int:pk>/pdf/", views.release_pdf, name="release_pdf"),
    path("releases/<int:pk>/xlsx/", views.release_xlsx_download, name="release_xlsx"),
    path("releases/<int:pk>/recompute/", views.release_recompute_view, name="release_recompute"),
    path("releases/<int:pk>/publish/", views.release_publish_view, name="release_publish"),
    path("releases/<int:pk>/review/", views.release_review_view, name="release_review"),
    path("workspace/", views.workspace, name="workspace"),
    path("workspace/new/", views.release_new, name="release_new"),
    path("internal/", views.internal_counts, name="internal_counts"),
    path("internal/xlsx/", views.internal_counts_xlsx, name="internal_counts_xlsx"),
    path("ctdc/", ctdc_views.ctdc_countries, name="ctdc_countries"),
    path("ctdc/<str:code>/<int:year>/", ctdc_views.ctdc_download, name="ctdc_download"),
]
