"""The event page's list of imports, the undo page, and the blank sign-in sheet: who sees
and may use them, and that a filled-in sheet imports in every language it is offered in."""

from __future__ import annotations

import io

import pytest
from django.test import Client
from django.urls import reverse
from openpyxl import load_workbook

from pathways.activities.importing import import_file
from pathways.activities.importing.headers import field_for_header
from pathways.activities.importing.history import PER_PAGE
from pathways.activities.importing.template import (
    COLUMNS,
    LANGUAGES,
    SEX_WORDS,
    header,
    signin_template,
    template_languages,
)
from pathways.activities.importing.values import sex
from pathways.activities.models import Attendance, ImportBatch, Person
from pathways.activities.services import attendance_update
from pathways.activities.tests.import_sheets import make_event, signin_sheet, xlsx_bytes
from pathways.programs.models import Organisation

pytestmark = pytest.mark.django_db


def _import(actor, event, data=None, name="signin.xlsx"):
    result = import_file(
        actor=actor, event=event, data=data or xlsx_bytes(signin_sheet()), file_name=name
    )
    assert result.written, result.errors
    return ImportBatch.objects.get(pk=result.batch_id)


def _page(client: Client, event, **query) -> str:
    response = client.get(reverse("activities:event_detail", args=[event.pk]), query)
    assert response.status_code == 200
    return response.content.decode()


# --- the list on the event page -------------------------------------------------------------


def test_officer_sees_the_events_imports_with_counts_and_an_undo_link(client, kh_officer):
    event = make_event()
    batch = _import(kh_officer, event)
    client.force_login(kh_officer)
    html = _page(client, event)
    assert "signin.xlsx" in html
    assert reverse("activities:import_undo", args=[event.pk, batch.pk]) in html
    assert kh_officer.display_name in html


def test_a_viewer_without_personal_data_sees_nothing_of_the_imports(client, kh_officer, donor):
    event = make_event()
    _import(kh_officer, event, name="who-came-to-the-training.xlsx")
    client.force_login(donor)
    html = _page(client, event)
    assert "who-came-to-the-training.xlsx" not in html
    assert reverse("activities:import_template", args=[event.pk]) not in html


def test_the_list_is_paginated(client, kh_officer):
    event = make_event()
    for i in range(PER_PAGE + 2):
        sheet = signin_sheet([[str(i), f"Person Number{i}", "F", "Judge", "MoJ", "", ""]])
        _import(kh_officer, event, data=xlsx_bytes(sheet), name=f"sheet-{i:02}.xlsx")
    client.force_login(kh_officer)
    first, second = _page(client, event), _page(client, event, imports=2)
    assert "sheet-11.xlsx" in first and "sheet-00.xlsx" not in first
    assert "sheet-00.xlsx" in second and "sheet-11.xlsx" not in second


# --- the undo page -----------------------------------------------------------------------------


def test_undo_page_confirms_then_removes_and_the_list_says_undone(client, kh_officer):
    event = make_event()
    batch = _import(kh_officer, event)
    client.force_login(kh_officer)
    url = reverse("activities:import_undo", args=[event.pk, batch.pk])
    page = client.get(url)
    assert page.status_code == 200 and b"Undo the import" in page.content
    response = client.post(url)
    assert response.status_code == 302
    assert not Attendance.objects.filter(event=event).exists()
    assert not Person.objects.exists()
    html = _page(client, event)
    assert "signin.xlsx" in html and "Undone" in html


def test_undo_page_shows_the_refusal_and_posting_changes_nothing(client, kh_officer):
    event = make_event()
    batch = _import(kh_officer, event)
    attendance = batch.attendances.first()
    attendance_update(actor=kh_officer, attendance=attendance, values={"days_attended": 2})
    client.force_login(kh_officer)
    url = reverse("activities:import_undo", args=[event.pk, batch.pk])
    assert b"edited since" in client.get(url).content
    response = client.post(url, follow=True)
    assert b"edited since" in response.content
    assert batch.attendances.count() == 3


def test_undo_access_out_of_scope_404_read_only_403(client, kh_officer, la_manager, donor):
    event = make_event()
    batch = _import(kh_officer, event)
    url = reverse("activities:import_undo", args=[event.pk, batch.pk])
    client.force_login(la_manager)
    assert client.post(url).status_code == 404
    client.force_login(donor)
    assert client.post(url).status_code == 403
    other = make_event(title="Another")
    client.force_login(kh_officer)
    wrong_event = reverse("activities:import_undo", args=[other.pk, batch.pk])
    assert client.get(wrong_event).status_code == 404
    assert batch.attendances.count() == 3


def test_undo_needs_the_csrf_token(kh_officer):
    event = make_event()
    batch = _import(kh_officer, event)
    client = Client(enforce_csrf_checks=True)
    client.force_login(kh_officer)
    response = client.post(reverse("activities:import_undo", args=[event.pk, batch.pk]))
    assert response.status_code == 403
    assert batch.attendances.count() == 3


# --- the blank sign-in sheet -----------------------------------------------------------------


@pytest.mark.parametrize("language", LANGUAGES)
@pytest.mark.parametrize("field", list(COLUMNS))
def test_every_header_is_one_the_importer_reads(field, language):
    assert field_for_header(header(field, language)) == field
    assert field_for_header(COLUMNS[field].get(language, "Full name")) in (field, "full_name")


@pytest.mark.parametrize("language", LANGUAGES)
def test_every_sex_word_of_the_list_is_one_the_importer_reads(language):
    assert [sex(word) for word in SEX_WORDS[language]] == ["woman", "man", "other"]


def _fill(data: bytes, rows: list[list[str]]) -> bytes:
    workbook = load_workbook(io.BytesIO(data))
    sheet = workbook["Sign-in"]
    header_row = next(r for r in range(1, 10) if sheet.cell(row=r, column=2).value)
    for offset, values in enumerate(rows, start=1):
        for column, value in enumerate(values, start=1):
            sheet.cell(row=header_row + offset, column=column, value=value)
    out = io.BytesIO()
    workbook.save(out)
    return out.getvalue()


@pytest.mark.parametrize("language", LANGUAGES)
def test_a_filled_in_template_imports_in_every_language(kh_officer, language):
    event = make_event()
    women, men = SEX_WORDS[language][0], SEX_WORDS[language][1]
    filled = _fill(
        signin_template(event, language),
        [
            ["Sok Dara", "", men, "1990", "Ministry of Justice", "Judge", "012 345 678", "", ""],
            ["Chan Sreymom", "", women, "", "", "Prosecutor", "", "c@example.org", ""],
        ],
    )
    result = import_file(actor=kh_officer, event=event, data=filled, file_name="t.xlsx")
    assert result.errors == [] and result.written
    assert result.report()["rows_read"] == 2
    dara = Person.objects.get(full_name="Sok Dara")
    assert (dara.sex, dara.birth_year, dara.organisation.acronym) == ("man", 1990, "MoJ")
    assert Person.objects.get(full_name="Chan Sreymom").email == "c@example.org"


def test_template_has_title_rows_lists_and_no_personal_data(client, kh_officer):
    event = make_event(title="Synthetic training on victim referral")
    _import(kh_officer, event)
    client.force_login(kh_officer)
    response = client.get(reverse("activities:import_template", args=[event.pk]))
    assert response.status_code == 200
    assert "-km.xlsx" in response["Content-Disposition"]
    workbook = load_workbook(io.BytesIO(response.content))
    sheet, lists = workbook["Sign-in"], workbook["Lists"]
    assert sheet["A1"].value == event.title
    assert "2022-03-01" in sheet["A2"].value
    assert sheet["A4"].value == "Full name / ឈ្មោះ"
    assert lists.sheet_state == "hidden"
    organisations = {lists.cell(row=r, column=2).value for r in range(1, lists.max_row + 1)}
    assert "Ministry of Justice" in organisations
    assert len(sheet.data_validations.dataValidation) == 2
    text = " ".join(
        str(c.value) for ws in workbook for row in ws.iter_rows() for c in row if c.value
    )
    assert not any(name in text for name in Person.objects.values_list("full_name", flat=True))


def test_template_language_is_one_of_the_countrys(client, kh_officer):
    event = make_event()
    assert template_languages(event) == ["km", "en"]
    client.force_login(kh_officer)
    url = reverse("activities:import_template", args=[event.pk])
    english = load_workbook(io.BytesIO(client.get(url, {"language": "en"}).content))
    assert english["Sign-in"]["A4"].value == "Full name"
    unknown = load_workbook(io.BytesIO(client.get(url, {"language": "xx"}).content))
    assert unknown["Sign-in"]["A4"].value == "Full name / ឈ្មោះ"


def test_template_access_out_of_scope_404_read_only_403(client, la_manager, donor):
    event = make_event()
    url = reverse("activities:import_template", args=[event.pk])
    client.force_login(la_manager)
    assert client.get(url).status_code == 404
    client.force_login(donor)
    assert client.get(url).status_code == 403


def test_organisations_of_other_countries_are_not_listed(kh_officer):
    event = make_event()
    lao = Organisation.objects.filter(country__code="LA").values_list("name", flat=True).first()
    workbook = load_workbook(io.BytesIO(signin_template(event, "km")))
    listed = {c.value for c in workbook["Lists"]["B"]}
    assert lao is None or lao not in listed
