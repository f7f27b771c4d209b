from __future__ import annotations

from django.urls import path

from pathways.jobs import views

app_name = "jobs"

urlpatterns = [
    path("jobs/", views.job_list, name="job_list"),
    path("jobs/<int:job_id>/", views.job_detail, name="job_detail"),
    path("jobs/<int:job_id>/retry/", views.job_retry_view, name="job_retry"),
    path("jobs/<int:job_id>/file/", views.job_download, name="job_download"),
]
