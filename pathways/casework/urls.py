from __future__ import annotations

from django.urls import path

from pathways.casework.views import attachments, break_glass

app_name = "casework"

urlpatterns = [
    path("break-glass/", break_glass.report, name="break_glass_report"),
    path("break-glass/open/", break_glass.start, name="break_glass_start"),
    path("break-glass/<int:pk>/review/", break_glass.review, name="break_glass_review"),
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
