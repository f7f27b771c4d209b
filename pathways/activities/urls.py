from __future__ import annotations

from django.urls import path

from pathways.activities import dedup_views, import_views

app_name = "activities"

urlpatterns = [
    path("events/<int:event_id>/import/", import_views.import_upload, name="import_upload"),
    path(
        "events/<int:event_id>/import/<str:token>/",
        import_views.import_preview,
        name="import_preview",
    ),
    path(
        "events/<int:event_id>/import/report/<int:batch_id>/",
        import_views.import_report,
        name="import_report",
    ),
    path("duplicates/", dedup_views.duplicate_list, name="duplicate_list"),
    path("duplicates/<int:pk>/", dedup_views.duplicate_detail, name="duplicate_detail"),
    path("duplicates/<int:pk>/merge/", dedup_views.duplicate_merge, name="duplicate_merge"),
    path(
        "duplicates/<int:pk>/keep-apart/",
        dedup_views.duplicate_keep_apart,
        name="duplicate_keep_apart",
    ),
    path("duplicates/merges/<int:pk>/undo/", dedup_views.merge_undo, name="merge_undo"),
]
