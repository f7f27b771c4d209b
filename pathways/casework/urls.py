from __future__ import annotations

from django.urls import path

from pathways.casework.views import access_log, cases, intake, worklist

app_name = "casework"
urlpatterns = [
    path("", worklist.worklist, name="worklist"),
    path("cases/", cases.case_list, name="case_list"),
    path("cases/<int:pk>/", cases.case_detail, name="case_detail"),
    path("cases/<int:pk>/notes/", cases.note_add, name="note_add"),
    path("intake/", intake.intake_search_page, name="intake"),
    path("intake/register/", intake.intake_register_page, name="intake_register"),
    path("access-log/", access_log.access_log, name="access_log"),
]
