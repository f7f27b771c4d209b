from __future__ import annotations

from django.urls import path

from pathways.reports import obligation_views, publication_views, views

app_name = "reports"
urlpatterns = [
    path("reports/", views.factsheet_index, name="factsheet_index"),
    # Before the country's pages, whose code would take the word "zip".
    path("reports/factsheets/zip/", views.factsheets_zip, name="factsheets_zip"),
    path("reports/factsheets/region/", views.region_factsheet, name="region_factsheet"),
    path("reports/factsheets/region/pdf/", views.region_factsheet_pdf, name="region_factsheet_pdf"),
    path(
        "reports/factsheets/region/json/",
        views.region_factsheet_json,
        name="region_factsheet_json",
    ),
    path("reports/factsheets/<str:code>/", views.factsheet, name="factsheet"),
    path("reports/factsheets/<str:code>/pdf/", views.factsheet_pdf, name="factsheet_pdf"),
    path("reports/factsheets/<str:code>/json/", views.factsheet_json, name="factsheet_json"),
    path("reports/iati/prepare/", views.iati_prepare, name="iati_prepare"),
    path("reports/donor-workbook/prepare/", views.workbook_prepare, name="workbook_prepare"),
]
urlpatterns += [
    path("reports/publish/", publication_views.publish, name="publish"),
    path("reports/publications/", publication_views.publication_list, name="publication_list"),
    path(
        "reports/publications/<int:pk>/",
        publication_views.publication_detail,
        name="publication_detail",
    ),
    path(
        "reports/publications/<int:pk>/file/",
        publication_views.publication_download,
        name="publication_download",
    ),
    path(
        "reports/publications/<int:pk>/withdraw/",
        publication_views.publication_withdraw,
        name="publication_withdraw",
    ),
]
urlpatterns += [
    path("reports/obligations/", obligation_views.obligations_matrix, name="obligations_matrix"),
    # Before the country's page, whose code would take the word "pdf".
    path(
        "reports/obligations/pdf/",
        obligation_views.obligations_matrix_pdf,
        name="obligations_matrix_pdf",
    ),
    path(
        "reports/obligations/<str:code>/",
        obligation_views.obligations_country,
        name="obligations_country",
    ),
    path(
        "reports/obligations/<str:code>/<int:number>/",
        obligation_views.obligation_edit,
        name="obligation_edit",
    ),
]
