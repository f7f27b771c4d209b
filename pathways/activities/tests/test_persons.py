from __future__ import annotations

import pytest
from django.core.exceptions import PermissionDenied
from django.test import Client
from django.urls import reverse

from pathways.activities import services
from pathways.activities.dedup import matching
from pathways.activities.models import Person, Sex
from pathways.activities.tests.factories import country, make_attendance, make_event, make_person
from pathways.audit.models import AuditEvent

pytestmark = pytest.mark.django_db


def person_form_data(person, **overrides):
    data = {
        "version": person.version,
        "full_name": person.full_name,
        "latin_name": person.latin_name,
        "sex": person.sex,
        "birth_year": person.birth_year or "",
        "age_band": person.age_band,
        "organisation": person.organisation_id or "",
        "position": person.position,
        "phone": person.phone,
        "email": person.email,
        "id_number": person.id_number,
        **{f"wg_{d}": getattr(person, f"wg_{d}") for d in Person.WASHINGTON_GROUP_DOMAINS},
    }
    return {**data, **overrides}


# --- services -----------------------------------------------------------------------------


def test_person_create_sets_name_key_and_audits(kh_officer):
    person = services.person_create(
        actor=kh_officer, country=country("KH"), values={"full_name": "DARA,  Sok"}
    )
    assert person.name_key == matching.name_key("Sok Dara") == "dara sok"
    audit = AuditEvent.objects.get(object_id=str(person.pk), content_type__model="person")
    assert audit.action == "create"
    assert audit.changes["full_name"] == [None, "DARA,  Sok"]


@pytest.mark.parametrize("persona", ["la_manager", "lscw_partner", "donor"])
def test_person_create_needs_an_editing_role_in_the_persons_country(personas, persona):
    with pytest.raises(PermissionDenied):
        services.person_create(
            actor=personas[persona], country=country("KH"), values={"full_name": "Sok Dara"}
        )
    assert not Person.objects.filter(full_name="Sok Dara").exists()


def test_person_update_recomputes_name_key_and_audits_old_and_new(kh_officer):
    person = make_person(full_name="Sok Dara")
    services.person_update(
        actor=kh_officer, person=person, version=1, values={"full_name": "Chan Sophea"}
    )
    person.refresh_from_db()
    assert (person.name_key, person.version) == ("chan sophea", 2)
    audit = AuditEvent.objects.get(
        action="update", content_type__model="person", object_id=str(person.pk)
    )
    assert audit.changes["full_name"] == ["Sok Dara", "Chan Sophea"]


def test_two_users_editing_the_same_person_second_gets_conflict(kh_officer, kh_manager):
    person = make_person(full_name="Sok Dara", sex=Sex.NOT_RECORDED)
    services.person_update(actor=kh_manager, person=person, version=1, values={"sex": Sex.MAN})
    with pytest.raises(services.ConflictError) as caught:
        services.person_update(
            actor=kh_officer,
            person=person,
            version=1,
            values={"sex": Sex.WOMAN, "email": "a@b.org"},
        )
    [conflict] = caught.value.conflicts
    assert (conflict.label, conflict.theirs, conflict.yours) == ("Sex", "Man", "Woman")
    assert conflict.you_changed
    person.refresh_from_db()
    assert (person.sex, person.email) == (Sex.MAN, "")


def test_conflict_tells_apart_fields_the_second_user_left_as_loaded(kh_officer, kh_manager):
    person = make_person(full_name="Sok Dara")
    services.person_update(
        actor=kh_manager, person=person, version=1, values={"latin_name": "Sok Dara"}
    )
    with pytest.raises(services.ConflictError) as caught:
        services.person_update(
            actor=kh_officer, person=person, version=1, values={"latin_name": ""}
        )
    [conflict] = caught.value.conflicts
    assert (conflict.field, conflict.you_changed, conflict.theirs_plain) == (
        "latin_name",
        False,
        "Sok Dara",
    )


def test_other_country_staff_cannot_update_a_person(la_manager):
    with pytest.raises(PermissionDenied):
        services.person_update(
            actor=la_manager, person=make_person(), version=1, values={"full_name": "X"}
        )


# --- pages --------------------------------------------------------------------------------


def test_person_detail_lists_attendances_with_event_links(client, kh_officer):
    person = make_person(full_name="Sok Dara")
    event = make_event(title="Synthetic SOP workshop")
    make_attendance(event=event, person=person)
    client.force_login(kh_officer)
    response = client.get(reverse("activities:person_detail", args=[person.pk]))
    html = response.content.decode()
    assert response.status_code == 200
    assert reverse("activities:event_detail", args=[event.pk]) in html


def test_person_page_names_organisation_and_country_in_khmer(client, kh_officer):
    from django.conf import settings

    from pathways.activities.tests.factories import organisation

    person = make_person(full_name="Sok Dara", organisation=organisation("MoJ"))
    make_attendance(event=make_event(), person=person)
    client.force_login(kh_officer)
    client.cookies[settings.LANGUAGE_COOKIE_NAME] = "km"
    html = client.get(reverse("activities:person_detail", args=[person.pk])).content.decode()
    assert "<dd>ក្រសួងយុត្តិធម៌ (MoJ)</dd>" in html
    assert "<td>កម្ពុជា</td>" in html


def test_person_pages_404_outside_scope_and_for_donor(client, la_manager, donor):
    person = make_person()
    for user in (la_manager, donor):
        client.force_login(user)
        for name in ("person_detail", "person_edit"):
            url = reverse(f"activities:{name}", args=[person.pk])
            assert client.get(url).status_code == 404, (user, name)


def test_partner_sees_persons_of_their_events_only(client, lscw_partner):
    theirs, other = make_person(), make_person()
    make_attendance(event=make_event(lead="LSCW"), person=theirs)
    make_attendance(event=make_event(lead="MoJ"), person=other)
    client.force_login(lscw_partner)
    assert client.get(reverse("activities:person_detail", args=[theirs.pk])).status_code == 200
    assert client.get(reverse("activities:person_edit", args=[theirs.pk])).status_code == 200
    response = client.get(reverse("activities:person_detail", args=[theirs.pk]))
    assert response.context["hidden_attendances"] == 0
    assert client.get(reverse("activities:person_detail", args=[other.pk])).status_code == 404


def test_country_viewer_gets_403_on_event_edit_and_404_on_persons(client, kh_officer):
    from pathways.accounts.access import forget_scope
    from pathways.accounts.models import Membership, Role, User

    person = make_person()
    viewer = User.objects.create_user(username="kh_viewer", password="x")
    Membership.objects.create(user=viewer, role=Role.VIEWER, country=country("KH"))
    forget_scope(viewer)
    client.force_login(viewer)
    # A viewer does not see personal data: the person is out of scope (404).
    assert client.get(reverse("activities:person_edit", args=[person.pk])).status_code == 404
    event = make_event()
    assert client.get(reverse("activities:event_edit", args=[event.pk])).status_code == 403


def test_edit_person_normalises_phone(client, kh_officer):
    person = make_person()
    client.force_login(kh_officer)
    url = reverse("activities:person_edit", args=[person.pk])
    response = client.post(url, person_form_data(person, phone="(012) 345-678"))
    assert response.status_code == 302
    person.refresh_from_db()
    assert person.phone == "+85512345678"


def test_edit_person_normalises_the_identity_number_as_the_importer_does(client, kh_officer):
    person = make_person()
    client.force_login(kh_officer)
    url = reverse("activities:person_edit", args=[person.pk])
    response = client.post(url, person_form_data(person, id_number=" n 0123-456 "))
    assert response.status_code == 302
    person.refresh_from_db()
    assert person.id_number == "N0123456"
    html = client.get(reverse("activities:person_detail", args=[person.pk])).content.decode()
    assert "<dd>N0123456</dd>" in html
    audit = AuditEvent.objects.get(
        action="update", content_type__model="person", object_id=str(person.pk)
    )
    assert audit.changes["id_number"] == ["", "N0123456"]


def test_edit_person_rejects_an_identity_number_that_is_not_letters_and_digits(client, kh_officer):
    person = make_person(id_number="N0123456")
    client.force_login(kh_officer)
    url = reverse("activities:person_edit", args=[person.pk])
    response = client.post(url, person_form_data(person, id_number="N01#23"))
    assert response.status_code == 200
    assert response.context["form"].errors["id_number"] == [
        "“N01#23” is not an identity number (letters and digits)."
    ]
    person.refresh_from_db()
    assert (person.id_number, person.version) == ("N0123456", 1)


def test_identity_number_is_shown_only_to_those_who_see_personal_data(
    client, kh_officer, donor, lscw_partner
):
    person = make_person(full_name="Sok Dara", id_number="N0123456")
    make_attendance(event=make_event(lead="MoJ"), person=person)
    url = reverse("activities:person_detail", args=[person.pk])
    client.force_login(kh_officer)
    assert "N0123456" in client.get(url).content.decode()
    edit = client.get(reverse("activities:person_edit", args=[person.pk])).content.decode()
    assert 'value="N0123456"' in edit
    for user in (donor, lscw_partner):
        client.force_login(user)
        response = client.get(url)
        assert response.status_code == 404
        assert "N0123456" not in response.content.decode()


def test_edit_person_rejects_invalid_phone_and_implausible_birth_year(client, kh_officer):
    person = make_person()
    client.force_login(kh_officer)
    url = reverse("activities:person_edit", args=[person.pk])
    response = client.post(url, person_form_data(person, phone="abc", birth_year="1850"))
    assert set(response.context["form"].errors) == {"phone", "birth_year"}
    person.refresh_from_db()
    assert person.version == 1


def test_a_birth_date_gives_the_birth_year_and_must_agree_with_it(client, kh_officer):
    person = make_person()
    client.force_login(kh_officer)
    url = reverse("activities:person_edit", args=[person.pk])
    response = client.post(
        url, person_form_data(person, birth_date="1990-02-03", birth_year="1991")
    )
    assert set(response.context["form"].errors) == {"birth_year"}
    client.post(url, person_form_data(person, birth_date="1990-02-03"))
    person.refresh_from_db()
    assert (person.birth_year, str(person.birth_date)) == (1990, "1990-02-03")


def test_two_users_editing_the_same_person_in_the_browser(client, kh_officer, kh_manager):
    person = make_person(full_name="Sok Dara")
    url = reverse("activities:person_edit", args=[person.pk])
    manager = Client()
    manager.force_login(kh_manager)
    client.force_login(kh_officer)
    loaded = client.get(url).context["form"]["version"].value()
    manager.post(url, person_form_data(person, version=loaded, latin_name="Sok Dara (manager)"))
    response = client.post(url, person_form_data(person, version=loaded, position="judge"))
    assert response.status_code == 409
    html = response.content.decode()
    assert "Someone else saved changes" in html
    assert "Sok Dara (manager)" in html
    form = response.context["form"]
    assert form["position"].value() == "judge"
    # The officer had not touched the Latin name: the form now holds the manager's.
    assert form["latin_name"].value() == "Sok Dara (manager)"
    person.refresh_from_db()
    assert (person.latin_name, person.position) == ("Sok Dara (manager)", "")
    again = person_form_data(person, version=form["version"].value(), position="judge")
    assert client.post(url, again).status_code == 302
    person.refresh_from_db()
    assert (person.latin_name, person.position, person.version) == (
        "Sok Dara (manager)",
        "judge",
        3,
    )
