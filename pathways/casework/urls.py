from __future__ import annotations

from django.urls import path

from pathways.casework.views import attachments

app_name = "casework"

urlpatterns = [
    path(
        "cases/<int:case_id>/attachments/new/",
        attachments.attachment_add_view,
        name="attachment_add",
    ),
    path(
        "cases/<int:case_id>/attachments/<int:pk>/",
        attachments.attachment_download,
        name="attachment",
    ),
]
