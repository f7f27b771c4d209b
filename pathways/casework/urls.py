from __future__ import annotations

from django.urls import path

from pathways.casework.views import staff

app_name = "casework"

urlpatterns = [
    path("staff/", staff.staff_list, name="staff"),
    path("staff/<int:pk>/remove/", staff.staff_remove, name="staff_remove"),
    path("staff/<int:pk>/break-glass/", staff.staff_break_glass, name="staff_break_glass"),
]
