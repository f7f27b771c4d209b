from __future__ import annotations

import io
import re

import pytest
from django.core.exceptions import PermissionDenied, ValidationError
from django.urls import reverse
from openpyxl import load_workbook

from pathways.activities import services
from pathways.activities.dedup import matching
from pathways.activities.models import Attendance, Person, Sex
from pathways.activities.tests.factories import make_attendance, make_event, make_person
from pathways.audit.models import AuditEvent

pytestmark = pytest.mark.django_db
HTMX = {"HX-Request": "true"}


def new_person_data(**overrides):
    data = {
        "action": "add",
        "q": "",
        "person": "",
        "role": "participant",
        "days_attended": "2",
        "pre_test_score": "",
        "post_test_score": "",
        "new-full_name": "ស៊ុន ស្រីពៅ",
        "new-latin_name": "Sun Sreypov",
        "new-sex": "woman",
        "new-birth_year": "1990",
        "new-age_band": "not_recorded",
        "new-position": "prosecutor",
        "new-phone": "012 345 678",
        "new-email": "Sreypov@Example.org",
        **{f"new-wg_{d}": "not_asked" for d in Person.WASHINGTON_GROUP_DOMAINS},
    }
    return {**data, **overrides}


def add_url(event):
    return reverse("activities:attendance_add", args=[event.pk])


# --- services -----------------------------------------------------------------------------


def test_attendance_add_update_remove_are_audited(kh_officer):
    event, person = make_event(), make_person()
    attendance = services.attendance_add(actor=kh_officer, event=event, person=person)
    services.attendance_update(
        actor=kh_officer, attendance=attendance, values={"role": "facilitator"}
    )
    pk = attendance.pk
    services.attendance_remove(actor=kh_officer, attendance=attendance)
    audits = AuditEvent.objects.filter(
        object_id=str(pk), content_type__model="attendance"
    ).order_by("id")
    assert [a.action for a in audits] == ["create", "update", "delete"]
    assert audits[1].changes["role"] == ["participant", "facilitator"]
    assert not Attendance.objects.exists()


def test_the_same_person_cannot_attend_an_event_twice(kh_officer):
    event, person = make_event(), make_person()
    services.attendance_add(actor=kh_officer, event=event, person=person)
    with pytest.raises(ValidationError):
        services.attendance_add(actor=kh_officer, event=event, person=person)


def test_a_person_of_another_country_cannot_be_added(kh_officer):
    with pytest.raises(ValidationError):
        services.attendance_add(
            actor=kh_officer, event=make_event(), person=make_person(country_code="LA")
        )


def test_donor_cannot_add_attendance(donor):
    with pytest.raises(PermissionDenied):
        services.attendance_add(actor=donor, event=make_event(), person=make_person())


def test_new_person_and_attendance_are_written_together_or_not_at_all(kh_officer):
    event, person = make_event(), make_person()
    make_attendance(event=event, person=person)
    with pytest.raises(ValidationError):
        services.attendance_add_new_person(
            actor=kh_officer,
            event=event,
            person_values={"full_name": "New Person"},
            values={"days_attended": -1, "role": "nobody"},
        )
    assert not Person.objects.filter(full_name="New Person").exists()


# --- pages --------------------------------------------------------------------------------


def test_add_a_new_person_inline_normalises_phone_and_name_key(client, kh_officer):
    event = make_event()
    client.force_login(kh_officer)
    response = client.post(add_url(event), new_person_data())
    assert response.status_code == 302
    person = Person.objects.get(latin_name="Sun Sreypov")
    assert person.phone == "+85512345678"
    assert person.email == "sreypov@example.org"
    assert person.name_key == matching.name_key("ស៊ុន ស្រីពៅ")
    assert person.country == event.country
    attendance = Attendance.objects.get(event=event, person=person)
    assert attendance.days_attended == 2


def test_a_new_person_is_stored_without_control_characters_but_with_khmer_spaces(
    client, kh_officer
):
    event = make_event()
    client.force_login(kh_officer)
    data = new_person_data(
        **{"new-full_name": "ស៊ុន\u200bស្រីពៅ\x1b[2J\u202e", "new-latin_name": "Sun\x07 Srey\x9bpov"}
    )
    assert client.post(add_url(event), data).status_code == 302
    person = Person.objects.get()
    assert person.full_name == "ស៊ុន\u200bស្រីពៅ[2J"
    assert person.latin_name == "Sun Sreypov"
    assert person.name_key == matching.name_key("ស៊ុនស្រីពៅ[2J")


def test_invalid_phone_is_a_clear_error_and_nothing_is_written(client, kh_officer):
    event = make_event()
    client.force_login(kh_officer)
    response = client.post(add_url(event), new_person_data(**{"new-phone": "12"}), headers=HTMX)
    assert response.status_code == 200
    html = response.content.decode()
    assert "“12” is not a valid phone number for KH." in html
    assert 'id="id_new-phone_error"' in html
    assert not Person.objects.filter(latin_name="Sun Sreypov").exists()


def test_phone_is_read_with_the_event_country_as_region(client, la_manager):
    event = make_event(country_code="LA")
    client.force_login(la_manager)
    client.post(add_url(event), new_person_data(**{"new-phone": "020 5555 1234"}))
    assert Person.objects.get(latin_name="Sun Sreypov").phone == "+8562055551234"


def test_add_with_neither_person_nor_name_asks_for_one(client, kh_officer):
    event = make_event()
    client.force_login(kh_officer)
    response = client.post(add_url(event), new_person_data(**{"new-full_name": ""}), headers=HTMX)
    assert "Pick a person found by the search" in response.content.decode()
    assert not Attendance.objects.exists()


def test_htmx_add_returns_fresh_form_and_out_of_band_rows(client, kh_officer):
    event = make_event()
    client.force_login(kh_officer)
    response = client.post(add_url(event), new_person_data(), headers=HTMX)
    html = response.content.decode()
    assert html.startswith('<section id="attendance-form"')
    assert '<section id="attendance" aria-live="polite" hx-swap-oob="true">' in html
    assert "Sun Sreypov" in html
    assert "<html" not in html


def test_search_finds_existing_person_by_name_or_phone_within_scope(client, kh_officer):
    event = make_event()
    make_person(full_name="Sok Dara", phone="+85512000111")
    make_person(full_name="Sok Dara Lao", country_code="LA")
    client.force_login(kh_officer)
    for query in ("dara sok", "012000111"):
        data = new_person_data(action="search", q=query, **{"new-full_name": ""})
        response = client.post(add_url(event), data, headers=HTMX)
        html = response.content.decode()
        assert "Sok Dara" in html, query
        assert "Sok Dara Lao" not in html
        assert "errorlist" not in html
    assert not Attendance.objects.exists()


def test_pick_existing_person(client, kh_officer):
    event, person = make_event(), make_person(full_name="Sok Dara")
    client.force_login(kh_officer)
    data = new_person_data(person=person.pk, **{"new-full_name": ""})
    response = client.post(add_url(event), data, headers=HTMX)
    assert response.status_code == 200
    assert Attendance.objects.get().person == person


def test_cannot_pick_a_person_outside_scope(client, kh_officer):
    event, stranger = make_event(), make_person(country_code="LA")
    client.force_login(kh_officer)
    data = new_person_data(person=stranger.pk, **{"new-full_name": ""})
    response = client.post(add_url(event), data, headers=HTMX)
    assert "person" in response.context["add_form"].errors
    assert not Attendance.objects.exists()


def test_without_javascript_add_errors_render_the_whole_page(client, kh_officer):
    event = make_event()
    client.force_login(kh_officer)
    response = client.post(add_url(event), new_person_data(**{"new-phone": "12"}))
    assert response.status_code == 200
    assert "<html" in response.content.decode()
    assert response.context["new_person_form"].errors["phone"]


def test_edit_attendance_by_htmx_and_by_full_page(client, kh_officer):
    attendance = make_attendance(event=make_event())
    url = reverse("activities:attendance_edit", args=[attendance.event_id, attendance.pk])
    client.force_login(kh_officer)
    fragment = client.get(url, headers=HTMX).content.decode()
    assert fragment.startswith('<section id="attendance-form"') and "<html" not in fragment
    assert "<html" in client.get(url).content.decode()
    data = {
        "role": "speaker",
        "days_attended": "1.5",
        "pre_test_score": "40",
        "post_test_score": "",
    }
    response = client.post(url, data, headers=HTMX)
    assert 'hx-swap-oob="true"' in response.content.decode()
    attendance.refresh_from_db()
    assert attendance.role == "speaker" and str(attendance.pre_test_score) == "40.0"
    data["role"] = "staff"
    assert client.post(url, data).status_code == 302


def test_edit_form_takes_focus_so_it_is_scrolled_into_view(client, kh_officer):
    attendance = make_attendance(event=make_event())
    url = reverse("activities:attendance_edit", args=[attendance.event_id, attendance.pk])
    client.force_login(kh_officer)
    fragment = client.get(url, headers=HTMX).content.decode()
    assert re.search(r'<select name="role"[^>]*autofocus', fragment)
    data = {"role": "speaker", "days_attended": "-1", "pre_test_score": "", "post_test_score": ""}
    refused = client.post(url, data, headers=HTMX).content.decode()
    days = re.search(r'<input[^>]*name="days_attended"[^>]*>', refused)
    assert days and "autofocus" in days.group(0)


def test_negative_days_are_refused(client, kh_officer):
    attendance = make_attendance(event=make_event())
    url = reverse("activities:attendance_edit", args=[attendance.event_id, attendance.pk])
    client.force_login(kh_officer)
    response = client.post(url, {"role": "participant", "days_attended": "-1"}, headers=HTMX)
    assert "days_attended" in response.context["edit_form"].errors


def test_remove_attendance_by_htmx_returns_rows(client, kh_officer):
    attendance = make_attendance(event=make_event())
    url = reverse("activities:attendance_remove", args=[attendance.event_id, attendance.pk])
    client.force_login(kh_officer)
    response = client.post(url, headers=HTMX)
    html = response.content.decode()
    assert html.startswith('<section id="attendance"') and "<html" not in html
    assert not Attendance.objects.exists()


def test_remove_without_javascript_redirects_to_event(client, kh_officer):
    attendance = make_attendance(event=make_event())
    url = reverse("activities:attendance_remove", args=[attendance.event_id, attendance.pk])
    client.force_login(kh_officer)
    response = client.post(url)
    assert response.status_code == 302
    assert response["Location"].startswith(
        reverse("activities:event_detail", args=[attendance.event_id])
    )


def test_attendance_views_out_of_scope_404_and_read_only_403(client, la_manager, donor):
    attendance = make_attendance(event=make_event())
    event_pk = attendance.event_id
    urls = [
        reverse("activities:attendance_add", args=[event_pk]),
        reverse("activities:attendance_edit", args=[event_pk, attendance.pk]),
        reverse("activities:attendance_remove", args=[event_pk, attendance.pk]),
        reverse("activities:attendance_download", args=[event_pk, "csv"]),
    ]
    client.force_login(la_manager)
    assert [client.post(u).status_code for u in urls[:3]] == [404, 404, 404]
    assert client.get(urls[3]).status_code == 404
    client.force_login(donor)
    assert client.post(urls[0], new_person_data()).status_code == 403
    assert client.post(urls[2]).status_code == 403
    assert client.get(urls[3]).status_code == 403
    assert Attendance.objects.count() == 1


def test_partner_edits_attendance_of_their_event_only(client, lscw_partner):
    own = make_attendance(event=make_event(lead="LSCW"))
    other = make_attendance(event=make_event(lead="MoJ"))
    client.force_login(lscw_partner)
    own_url = reverse("activities:attendance_edit", args=[own.event_id, own.pk])
    other_url = reverse("activities:attendance_edit", args=[other.event_id, other.pk])
    assert client.get(own_url).status_code == 200
    assert client.get(other_url).status_code == 404


def test_donor_sees_counts_by_sex_and_role_only(client, donor):
    event = make_event()
    make_attendance(event=event, person=make_person(full_name="Chan Sophea", sex=Sex.WOMAN))
    make_attendance(event=event, person=make_person(full_name="Keo Vuthy", sex=Sex.MAN))
    make_attendance(event=event, person=make_person(sex=Sex.NOT_RECORDED))
    make_attendance(event=event, role="facilitator", person=make_person(full_name="Meas Bopha"))
    client.force_login(donor)
    response = client.get(reverse("activities:event_detail", args=[event.pk]))
    html = response.content.decode()
    sexes = response.context["sexes"]
    assert (sexes.total, sexes.women, sexes.men, sexes.not_recorded) == (3, 1, 1, 1)
    assert dict(response.context["roles"])["Facilitator"] == 1
    assert "Not recorded 1 (33%)" in html
    for name in ("Chan Sophea", "Keo Vuthy", "Meas Bopha"):
        assert name not in html
    assert "attendance.csv" not in html


def test_download_csv_and_xlsx_neutralise_formulas(client, kh_officer):
    event = make_event()
    make_attendance(event=event, person=make_person(full_name="=HYPERLINK(1)"), days_attended=2)
    client.force_login(kh_officer)
    csv = client.get(reverse("activities:attendance_download", args=[event.pk, "csv"]))
    assert csv["Content-Type"].startswith("text/csv")
    assert "'=HYPERLINK(1)" in csv.content.decode("utf-8-sig")
    xlsx = client.get(reverse("activities:attendance_download", args=[event.pk, "xlsx"]))
    sheet = load_workbook(io.BytesIO(xlsx.content)).active
    assert sheet["A2"].value == "'=HYPERLINK(1)"
    assert sheet["K2"].value == 2


def test_download_of_other_formats_is_404(client, kh_officer):
    event = make_event()
    client.force_login(kh_officer)
    response = client.get(f"/events/{event.pk}/attendance.pdf")
    assert response.status_code == 404


def test_adding_a_person_already_at_the_event_is_a_form_error(client, kh_officer):
    event, person = make_event(), make_person(full_name="Sok Dara")
    make_attendance(event=event, person=person)
    client.force_login(kh_officer)
    data = new_person_data(person=person.pk, **{"new-full_name": ""})
    response = client.post(add_url(event), data, headers=HTMX)
    assert "already recorded at this event" in response.content.decode()
    assert Attendance.objects.count() == 1


def test_without_javascript_search_then_pick_works_by_full_page_posts(client, kh_officer):
    event, person = make_event(), make_person(full_name="Sok Dara")
    client.force_login(kh_officer)
    data = new_person_data(action="search", q="sok", **{"new-full_name": ""})
    page = client.post(add_url(event), data).content.decode()
    assert "<html" in page and f'value="{person.pk}"' in page
    response = client.post(add_url(event), {**data, "action": "add", "person": person.pk})
    assert response.status_code == 302
    assert Attendance.objects.get().person == person


def test_partner_cannot_record_at_their_event_a_person_they_cannot_see(lscw_partner):
    # Attended only another organisation's event: the partner has never seen this record.
    stranger = make_attendance(event=make_event(lead="MoJ")).person
    own = make_event(lead="LSCW")
    with pytest.raises(ValidationError) as caught:
        services.attendance_add(actor=lscw_partner, event=own, person=stranger)
    assert "person" in caught.value.error_dict
    assert not Attendance.objects.filter(event=own).exists()


def test_partner_records_a_new_person_at_their_event(lscw_partner):
    own = make_event(lead="LSCW")
    attendance = services.attendance_add_new_person(
        actor=lscw_partner, event=own, person_values={"full_name": "Synthetic Newcomer"}
    )
    assert attendance.person.country.code == "KH"
    assert Person.objects.visible_to(lscw_partner).filter(pk=attendance.person_id).exists()


def test_attendance_remove_goes_by_the_stored_event_not_the_one_passed(lscw_partner):
    other = make_attendance(event=make_event(lead="MoJ"))
    other.event = make_event(lead="LSCW")  # as a careless caller might attach it
    with pytest.raises(PermissionDenied):
        services.attendance_remove(actor=lscw_partner, attendance=other)
    assert Attendance.objects.filter(pk=other.pk).exists()


def test_attendance_update_goes_by_the_stored_event_not_the_one_passed(lscw_partner):
    other = make_attendance(event=make_event(lead="MoJ"))
    other.event = make_event(lead="LSCW")
    with pytest.raises(PermissionDenied):
        services.attendance_update(
            actor=lscw_partner, attendance=other, values={"role": "facilitator"}
        )
    other.refresh_from_db()
    assert other.role == "participant"
