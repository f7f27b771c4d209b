from __future__ import annotations

from django.urls import path

from pathways.casework.views import (
    access_log,
    attachments,
    break_glass,
    cases,
    exports,
    intake,
    staff,
    worklist,
)

app_name = "casework"

urlpatterns = [
    path("", worklist.worklist, name="worklist"),
    path("cases/", cases.case_list, name="case_list"),
    path("cases/<int:pk>/", cases.case_detail, name="case_detail"),
    path("cases/<int:pk>/notes/", cases.note_add, name="note_add"),
    path("cases/<int:pk>/export/", exports.case_export, name="case_export"),
    path("exports/", exports.export_list, name="export_list"),
    path("exports/<int:pk>/", exports.export_detail, name="export_detail"),
    path("exports/<int:pk>/decide/", exports.export_decide, name="export_decide"),
    path("exports/<int:pk>/prepare/", exports.export_prepare_view, name="export_prepare"),
    path("exports/<int:pk>/download/", exports.export_download_view, name="export_download"),
    path("intake/", intake.intake_search_page, name="intake"),
    path("intake/register/", intake.intake_register_page, name="intake_register"),
    path("access-log/", access_log.access_log, name="access_log"),
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
    path("staff/", staff.staff_list, name="staff"),
    path("staff/<int:pk>/remove/", staff.staff_remove, name="staff_remove"),
    path("staff/<int:pk>/break-glass/", staff.staff_break_glass, name="staff_break_glass"),
]
