from __future__ import annotations

from django.urls import path

from pathways.activities import import_views

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
]
