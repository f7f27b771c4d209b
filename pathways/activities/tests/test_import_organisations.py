"""Organisations in sign-in sheets: recognised by name, acronym or alias in any script; an
unrecognised one kept on the attendance as written, listed in the preview, and named there
by the country's staff (an alias for the next sheet, or a new organisation)."""

from __future__ import annotations

import datetime as dt

import pytest
from django.core.files.uploadedfile import SimpleUploadedFile
from django.test import Client
from django.urls import reverse

from pathways.activities.importing import import_file, prepare_import
from pathways.activities.models import Attendance, Person
from pathways.activities.tests.import_sheets import make_event, signin_sheet, xlsx_bytes
from pathways.audit.models import AuditEvent
from pathways.programs.models import Organisation, OrganisationAlias
from pathways.results.figures import NOT_RECORDED, UNMATCHED, FigureFilters, Rule, breakdown
from pathways.results.figures import records as figure_records

pytestmark = pytest.mark.django_db

UNKNOWN = "មន្ទីរ ថ្មី"  # a body nothing on record names (invented)
PEOPLE = [
    ["1", "សុខ ដារា", "M", "Prosecutor", "ក្រសួងយុត្តិធម៌", "", ""],
    ["2", "ចាន់ ស្រីមុំ", "F", "Judge", "ក្រសួង\u200bយុត្តិធម៌", "", ""],
    ["3", "កែវ វណ្ណា", "F", "Police officer", "cambodia national police", "", ""],
    ["4", "ហេង សុភា", "F", "Social worker", UNKNOWN, "", ""],
    ["5", "លី សំណាង", "M", "Social worker", "មន្ទីរថ្មី", "", ""],
    ["6", "ពៅ ចន្ទា", "F", "Lawyer", "", "", ""],
]


@pytest.fixture(autouse=True)
def _uploads_in_tmp(settings, tmp_path):
    settings.MEDIA_ROOT = tmp_path


def _sheet(people=PEOPLE) -> bytes:
    return xlsx_bytes(signin_sheet(people))


def _moj() -> Organisation:
    return Organisation.objects.get(acronym="MoJ")


def _upload(client, event, data: bytes) -> str:
    url = reverse("activities:import_upload", args=[event.pk])
    response = client.post(url, {"file": SimpleUploadedFile("sheet.xlsx", data)})
    assert response.status_code == 302, response.content.decode()[:2000]
    return response["Location"]


def _token(preview_url: str) -> str:
    return preview_url.rstrip("/").rsplit("/", 1)[1]


def _alias_url(event, token) -> str:
    return reverse("activities:import_organisation_alias", args=[event.pk, token])


def _create_url(event, token) -> str:
    return reverse("activities:import_organisation_create", args=[event.pk, token])


def test_preview_recognises_khmer_names_and_lists_the_rest_with_their_rows(kh_officer):
    event = make_event()
    preview = prepare_import(actor=kh_officer, event=event, data=_sheet(), file_name="s.xlsx")
    moj, cnp = _moj().pk, Organisation.objects.get(acronym="CNP").pk
    assert preview.organisations.matched == {5: moj, 6: moj, 7: cnp}
    [found] = preview.organisations.unmatched  # two spellings of one text
    assert (found.text, found.rows) == (UNKNOWN, [8, 9])
    assert any(UNKNOWN in w and "as written" in w for w in preview.result().warnings)


def test_import_saves_the_organisation_and_keeps_an_unrecognised_text(kh_officer):
    event = make_event()
    result = import_file(actor=kh_officer, event=event, data=_sheet(), file_name="s.xlsx")
    assert result.attendances_added == 6
    by_name = {a.person.full_name: a for a in Attendance.objects.select_related("person")}
    assert by_name["សុខ ដារា"].person.organisation == _moj()
    assert by_name["សុខ ដារា"].organisation_text == ""
    assert by_name["ហេង សុភា"].person.organisation is None
    assert by_name["ហេង សុភា"].organisation_text == UNKNOWN
    assert by_name["លី សំណាង"].organisation_text == "មន្ទីរថ្មី"  # as this row wrote it
    assert by_name["ពៅ ចន្ទា"].organisation_text == ""


def test_the_split_by_organisation_type_counts_unmatched_apart_from_not_recorded(kh_officer):
    event = make_event()
    import_file(actor=kh_officer, event=event, data=_sheet(), file_name="s.xlsx")
    kw = {
        "events": type(event).objects.all(),
        "start": dt.date(2022, 1, 1),
        "end": dt.date(2022, 12, 31),
    }
    for rule in (Rule.PARTICIPANTS, Rule.PEOPLE_TRAINED):
        split = breakdown(rule, "organisation_type", **kw)
        counts = {row.key: row.count for row in split.rows}
        assert counts == {"government": 3, UNMATCHED: 2, NOT_RECORDED: 1}, rule
        assert split.row(UNMATCHED).label == "Organisation not matched"
        assert split.total == 6
        unmatched = figure_records(rule, **kw, filters=FigureFilters(organisation_type=UNMATCHED))
        assert unmatched.count() == 2
        not_recorded = figure_records(
            rule, **kw, filters=FigureFilters(organisation_type=NOT_RECORDED)
        )
        assert not_recorded.count() == 1


def test_officer_names_a_text_from_the_preview_and_the_next_sheet_knows_it(client, kh_officer):
    event = make_event()
    client.force_login(kh_officer)
    preview_url = _upload(client, event, _sheet())
    page = client.get(preview_url).content.decode()
    assert "Organisations not recognised" in page and UNKNOWN in page
    org = Organisation.objects.get(acronym="MoSVY")
    response = client.post(
        _alias_url(event, _token(preview_url)), {"text": UNKNOWN, "organisation": org.pk}
    )
    assert response.status_code == 302 and response["Location"] == preview_url
    alias = OrganisationAlias.objects.get(organisation=org, text=UNKNOWN)
    assert AuditEvent.objects.filter(
        content_type__model="organisationalias", object_id=str(alias.pk), actor=kh_officer
    ).exists()
    page = client.get(preview_url).content.decode()
    assert "now recognised as" in page
    assert "Organisations not recognised" not in page
    later = make_event(title="Second training")
    result = import_file(actor=kh_officer, event=later, data=_sheet(), file_name="s2.xlsx")
    assert not result.warnings
    assert Person.objects.filter(full_name="លី សំណាង", organisation=org).exists()


def test_naming_the_same_text_twice_writes_one_alias(client, kh_officer):
    event = make_event()
    client.force_login(kh_officer)
    token = _token(_upload(client, event, _sheet()))
    form = {"text": UNKNOWN, "organisation": _moj().pk}
    client.post(_alias_url(event, token), form)
    audits = AuditEvent.objects.count()
    response = client.post(_alias_url(event, token), form, follow=True)
    assert "already recognised as Ministry of Justice" in response.content.decode()
    assert OrganisationAlias.objects.filter(text=UNKNOWN).count() == 1
    assert AuditEvent.objects.count() == audits


def test_manager_adds_a_text_as_a_new_organisation_of_the_country(client, kh_manager):
    event = make_event()
    client.force_login(kh_manager)
    token = _token(_upload(client, event, _sheet()))
    response = client.post(_create_url(event, token), {"text": UNKNOWN, "type": "ngo"})
    assert response.status_code == 302
    org = Organisation.objects.get(name=UNKNOWN)
    assert (org.country.code, org.type) == ("KH", "ngo")
    assert AuditEvent.objects.filter(content_type__model="organisation", object_id=str(org.pk))
    again = client.post(_create_url(event, token), {"text": UNKNOWN, "type": "ngo"}, follow=True)
    assert "already recognised" in again.content.decode()
    assert Organisation.objects.filter(name=UNKNOWN).count() == 1


@pytest.mark.parametrize(
    "form, message",
    [
        ({"text": UNKNOWN}, "This field is required"),
        ({"text": UNKNOWN, "organisation": "x"}, "Select a valid choice"),
        ({"text": "Not in the sheet", "organisation": "MOJ"}, "not an unrecognised organisation"),
        ({"text": "ក្រសួងយុត្តិធម៌", "organisation": "MOI"}, "already means Ministry of Justice"),
        ({"text": UNKNOWN, "organisation": "RTP"}, "Select a valid choice"),  # Thailand's
    ],
)
def test_bad_input_is_refused_and_writes_nothing(client, kh_officer, form, message):
    event = make_event()
    client.force_login(kh_officer)
    token = _token(_upload(client, event, _sheet()))
    if form.get("organisation", "").isupper():
        acronym = {"MOJ": "MoJ", "MOI": "MoI"}.get(form["organisation"], form["organisation"])
        form = {**form, "organisation": Organisation.objects.get(acronym=acronym).pk}
    aliases, audits = OrganisationAlias.objects.count(), AuditEvent.objects.count()
    response = client.post(_alias_url(event, token), form, follow=True)
    assert response.status_code == 200
    assert message in response.content.decode()
    assert (OrganisationAlias.objects.count(), AuditEvent.objects.count()) == (aliases, audits)


def test_a_new_organisation_needs_a_known_type(client, kh_officer):
    event = make_event()
    client.force_login(kh_officer)
    token = _token(_upload(client, event, _sheet()))
    count = Organisation.objects.count()
    response = client.post(_create_url(event, token), {"text": UNKNOWN, "type": "x"}, follow=True)
    assert "Select a valid choice" in response.content.decode()
    assert Organisation.objects.count() == count


def test_naming_needs_the_csrf_token(client, kh_officer):
    event = make_event()
    client.force_login(kh_officer)
    token = _token(_upload(client, event, _sheet()))
    strict = Client(enforce_csrf_checks=True)
    strict.force_login(kh_officer)
    form = {"text": UNKNOWN, "organisation": _moj().pk}
    assert strict.post(_alias_url(event, token), form).status_code == 403
    assert strict.post(_create_url(event, token), {**form, "type": "ngo"}).status_code == 403
    assert not OrganisationAlias.objects.filter(text=UNKNOWN).exists()


def test_access_out_of_scope_read_only_and_another_users_upload(
    client, kh_officer, kh_manager, la_manager, donor
):
    event = make_event()
    client.force_login(kh_officer)
    token = _token(_upload(client, event, _sheet()))
    form = {"text": UNKNOWN, "organisation": _moj().pk}
    for user, status in [(la_manager, 404), (donor, 403), (kh_manager, 404)]:
        client.force_login(user)  # the manager may name organisations, but not in this upload
        assert client.post(_alias_url(event, token), form).status_code == status
        assert client.post(_create_url(event, token), {**form, "type": "ngo"}).status_code == status
    client.force_login(kh_officer)
    assert client.get(_alias_url(event, token)).status_code == 405
    assert not OrganisationAlias.objects.filter(text=UNKNOWN).exists()


def test_a_partner_imports_into_its_event_but_cannot_name_organisations(client, lscw_partner):
    event = make_event(lead="LSCW")
    client.force_login(lscw_partner)
    preview_url = _upload(client, event, _sheet())
    page = client.get(preview_url).content.decode()
    assert UNKNOWN in page and "Save as this organisation" not in page
    form = {"text": UNKNOWN, "organisation": _moj().pk}
    assert client.post(_alias_url(event, _token(preview_url)), form).status_code == 403
    response = client.post(_create_url(event, _token(preview_url)), {**form, "type": "ngo"})
    assert response.status_code == 403
    assert not OrganisationAlias.objects.filter(text=UNKNOWN).exists()
