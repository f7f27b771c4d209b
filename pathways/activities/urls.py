from __future__ import annotations

from django.urls import path, re_path

from pathways.activities import views
from pathways.activities.dedup import views as dedup_views
from pathways.activities.importing import history as import_history
from pathways.activities.importing import organisation_views
from pathways.activities.importing import views as import_views

app_name = "activities"

urlpatterns = [
    path("events/", views.event_list, name="event_list"),
    path("events/new/", views.event_create, name="event_create"),
    path("events/provinces/", views.event_provinces, name="event_provinces"),
    path("events/<int:pk>/", views.event_detail, name="event_detail"),
    path("events/<int:pk>/edit/", views.event_edit, name="event_edit"),
    path("events/<int:pk>/delete/", views.event_delete, name="event_delete"),
    path("events/<int:pk>/attendance/add/", views.attendance_add, name="attendance_add"),
    path(
        "events/<int:pk>/attendance/<int:attendance_pk>/edit/",
        views.attendance_edit,
        name="attendance_edit",
    ),
    path(
        "events/<int:pk>/attendance/<int:attendance_pk>/remove/",
        views.attendance_remove,
        name="attendance_remove",
    ),
    re_path(
        r"^events/(?P<pk>[0-9]+)/attendance\.(?P<fmt>csv|xlsx)$",
        views.attendance_download,
        name="attendance_download",
    ),
    path("persons/<int:pk>/", views.person_detail, name="person_detail"),
    path("persons/<int:pk>/edit/", views.person_edit, name="person_edit"),
    path("events/<int:event_id>/import/", import_views.import_upload, name="import_upload"),
    path(
        "events/<int:event_id>/import/template.xlsx",
        import_history.import_template,
        name="import_template",
    ),
    path(
        "events/<int:event_id>/imports/<int:batch_id>/undo/",
        import_history.import_undo_confirm,
        name="import_undo",
    ),
    path(
        "events/<int:event_id>/import/<str:token>/",
        import_views.import_preview,
        name="import_preview",
    ),
    path(
        "events/<int:event_id>/import/<str:token>/organisations/alias/",
        organisation_views.import_organisation_alias,
        name="import_organisation_alias",
    ),
    path(
        "events/<int:event_id>/import/<str:token>/organisations/new/",
        organisation_views.import_organisation_create,
        name="import_organisation_create",
    ),
    path(
        "events/<int:event_id>/import/<str:token>/cancel/",
        import_views.import_cancel,
        name="import_cancel",
    ),
    path(
        "events/<int:event_id>/import/report/<int:batch_id>/",
        import_views.import_report,
        name="import_report",
    ),
    path(
        "events/<int:event_id>/import/report/<int:batch_id>/rows-left-out.xlsx",
        import_views.import_problem_rows,
        name="import_problem_rows",
    ),
    path("duplicates/", dedup_views.duplicate_list, name="duplicate_list"),
    path("duplicates/search/", dedup_views.duplicate_find, name="duplicate_find"),
    path(
        "duplicates/groups/merge/",
        dedup_views.duplicate_group_merge,
        name="duplicate_group_merge",
    ),
    path(
        "duplicates/groups/accept/",
        dedup_views.duplicate_groups_accept,
        name="duplicate_groups_accept",
    ),
    path("duplicates/<int:pk>/", dedup_views.duplicate_detail, name="duplicate_detail"),
    path("duplicates/<int:pk>/merge/", dedup_views.duplicate_merge, name="duplicate_merge"),
    path(
        "duplicates/<int:pk>/keep-apart/",
        dedup_views.duplicate_keep_apart,
        name="duplicate_keep_apart",
    ),
    path("duplicates/merges/<int:pk>/undo/", dedup_views.merge_undo, name="merge_undo"),
]
