from __future__ import annotations

import datetime as dt
import re

import pytest
from django.conf import settings
from django.urls import reverse

from pathways.activities.models import Event, Sex, Topic
from pathways.activities.tests.factories import (
    country,
    make_attendance,
    make_event,
    make_person,
    organisation,
)
from pathways.programs.models import OutcomeArea, Pathway, Province

pytestmark = pytest.mark.django_db


def event_form_data(**overrides):
    data = {
        "title": "Synthetic training on victim identification",
        "event_type": Event.Type.TRAINING,
        "start_date": "2021-11-02",
        "end_date": "2021-11-03",
        "country": country("KH").pk,
        "province": "",
        "pathway": "",
        "lead_organisation": "",
        "modality": Event.Modality.IN_PERSON,
        "description": "",
        "new_topics": "",
    }
    return {**data, **overrides}


def titles(response):
    return [e.title for e in response.context["page_obj"]]


# --- access -------------------------------------------------------------------------------


def test_officer_sees_and_edits_cambodia_event(client, kh_officer):
    event = make_event()
    client.force_login(kh_officer)
    assert client.get(reverse("activities:event_detail", args=[event.pk])).status_code == 200
    assert client.get(reverse("activities:event_edit", args=[event.pk])).status_code == 200


def test_event_page_links_to_the_attendance_import_for_editors_only(client, kh_officer, donor):
    event = make_event()
    import_url = reverse("activities:import_upload", args=[event.pk])
    page_url = reverse("activities:event_detail", args=[event.pk])
    client.force_login(kh_officer)
    assert import_url in client.get(page_url).content.decode()
    client.force_login(donor)
    assert import_url not in client.get(page_url).content.decode()


def test_event_page_names_country_and_organisations_in_the_readers_language(client, kh_officer):
    event = make_event(lead="MoJ", co_organisers=("LSCW",))
    client.force_login(kh_officer)
    client.cookies[settings.LANGUAGE_COOKIE_NAME] = "km"
    html = client.get(reverse("activities:event_detail", args=[event.pk])).content.decode()
    assert "<dd>កម្ពុជា</dd>" in html
    assert "ក្រសួងយុត្តិធម៌ (MoJ)" in html  # Ministry of Justice
    # The new-person form of the attendance panel offers organisations by the same names.
    assert ">ក្រសួងយុត្តិធម៌ (MoJ)</option>" in html


def test_khmer_reader_picks_countries_pathways_and_organisations_by_khmer_names(client, kh_officer):
    client.force_login(kh_officer)
    client.cookies[settings.LANGUAGE_COOKIE_NAME] = "km"
    for url in (reverse("activities:event_list"), reverse("activities:event_create")):
        html = client.get(url).content.decode()
        assert ">កម្ពុជា</option>" in html
        assert ">ការ​ពង្រឹង​សមត្ថភាព​ថ្នាក់​ជាតិ</option>" in html  # a pathway
        assert ">ក្រសួងយុត្តិធម៌ (MoJ)</option>" in html
        assert "Enhancing national-level capacity" not in html


def test_empty_event_list_tells_a_new_team_to_record_the_first_event(client, kh_officer):
    client.force_login(kh_officer)
    html = client.get(reverse("activities:event_list")).content.decode()
    assert "No events are recorded yet." in html
    assert f'<a href="{reverse("activities:event_create")}">Record the first event</a>' in html
    make_event()
    html = client.get(reverse("activities:event_list") + "?q=no-such-words").content.decode()
    assert "No events match these filters." in html
    assert "No events are recorded yet." not in html


def test_event_form_offers_co_organisers_and_topics_as_checkboxes(client, kh_officer):
    client.force_login(kh_officer)
    html = client.get(reverse("activities:event_create")).content.decode()
    assert "Hold Ctrl" not in html
    assert 'type="checkbox" name="co_organisers"' in html
    assert 'type="checkbox" name="topics"' in html or not Topic.objects.exists()


def test_event_organisations_are_the_countrys_and_regional_ones(client, kh_officer):
    client.force_login(kh_officer)
    form = client.get(reverse("activities:event_create")).context["form"]
    leads = {o.acronym for o in form.fields["lead_organisation"].queryset}
    assert {"MoJ", "LSCW", "ASEC"} <= leads and "MoPS" not in leads
    response = client.post(
        reverse("activities:event_create"),
        event_form_data(lead_organisation=organisation("MoPS").pk),
    )
    assert "lead_organisation" in response.context["form"].errors
    assert not Event.objects.exists()


def test_changing_the_country_swaps_the_organisation_lists_keeping_regional_choices(
    client, kh_officer
):
    client.force_login(kh_officer)
    url = reverse("activities:event_provinces")
    asec = organisation("ASEC").pk
    params = {"country": country("LA").pk, "co_organisers": [asec, organisation("MoJ").pk]}
    html = client.get(url, params, headers={"HX-Request": "true"}).content.decode()
    assert 'id="co_organisers-field" hx-swap-oob="true"' in html
    assert "Lao Ministry of Public Security" in html and "Ministry of Justice" not in html
    # ASEC stays ticked; MoJ is not an organisation of Laos.
    assert html.count("checked") == 1 and re.search(rf'value="{asec}"[^>]*checked', html)


def test_an_event_keeps_its_lead_from_another_country_recorded_before(client, kh_officer):
    event = make_event(lead=organisation("MoPS"))
    client.force_login(kh_officer)
    form = client.get(reverse("activities:event_edit", args=[event.pk])).context["form"]
    assert organisation("MoPS") in form.fields["lead_organisation"].queryset


def test_other_country_manager_gets_404_on_cambodia_event(client, la_manager):
    event = make_event()
    client.force_login(la_manager)
    for name in ("event_detail", "event_edit", "event_delete"):
        assert client.get(reverse(f"activities:{name}", args=[event.pk])).status_code == 404


def test_donor_sees_event_counts_but_no_names_and_cannot_edit(client, donor):
    event = make_event()
    make_attendance(event=event, person=make_person(full_name="Sok Dara", sex=Sex.MAN))
    client.force_login(donor)
    response = client.get(reverse("activities:event_detail", args=[event.pk]))
    assert response.status_code == 200
    assert response.context["sexes"].men == 1
    assert "Sok Dara" not in response.content.decode()
    assert client.get(reverse("activities:event_edit", args=[event.pk])).status_code == 403
    assert client.get(reverse("activities:event_create")).status_code == 403
    post = client.post(reverse("activities:event_edit", args=[event.pk]), event_form_data())
    assert post.status_code == 403


def test_partner_sees_only_events_their_organisation_leads_or_co_organises(client, lscw_partner):
    led = make_event(title="Led by LSCW", lead="LSCW")
    co = make_event(title="Co-organised by LSCW", lead="MoJ", co_organisers=("LSCW",))
    other = make_event(title="MoJ only", lead="MoJ")
    client.force_login(lscw_partner)
    response = client.get(reverse("activities:event_list"))
    assert sorted(titles(response)) == ["Co-organised by LSCW", "Led by LSCW"]
    assert client.get(reverse("activities:event_detail", args=[other.pk])).status_code == 404
    for event in (led, co):
        assert client.get(reverse("activities:event_edit", args=[event.pk])).status_code == 200


def test_list_requires_login(client):
    response = client.get(reverse("activities:event_list"))
    assert response.status_code == 302


# --- create and edit ----------------------------------------------------------------------


def test_officer_creates_event_with_new_topics(client, kh_officer):
    province = Province.objects.filter(country__code="KH").first()
    area = OutcomeArea.objects.first()
    client.force_login(kh_officer)
    data = event_form_data(
        province=province.pk,
        outcome_areas=[area.pk],
        co_organisers=[organisation("LSCW").pk],
        new_topics="Victim identification, SOPs ,",
    )
    response = client.post(reverse("activities:event_create"), data)
    event = Event.objects.get()
    assert response.status_code == 302
    assert response["Location"] == reverse("activities:event_detail", args=[event.pk])
    assert event.reported_by == kh_officer
    assert event.province == province
    assert sorted(t.name for t in event.topics.all()) == ["SOPs", "Victim identification"]
    assert list(event.outcome_areas.all()) == [area]


def test_event_form_stores_text_without_control_characters(client, kh_officer):
    client.force_login(kh_officer)
    data = event_form_data(
        title="Synthetic\x1b]0;owned\x07 training\u202e",
        description="Day one:\r\n\tSOPs\x1b[31m\x00",
        new_topics="Victim\x07 identification, \x1b",
    )
    assert client.post(reverse("activities:event_create"), data).status_code == 302
    event = Event.objects.get()
    assert event.title == "Synthetic]0;owned training"
    assert event.description == "Day one:\n\tSOPs[31m"
    assert [t.name for t in event.topics.all()] == ["Victim identification"]


def test_a_title_of_control_characters_only_is_missing(client, kh_officer):
    client.force_login(kh_officer)
    response = client.post(reverse("activities:event_create"), event_form_data(title="\x1b\x07"))
    assert response.status_code == 200
    assert response.context["form"].errors["title"] == ["This field is required."]
    assert not Event.objects.exists()


def test_end_date_before_start_date_shows_error_on_end_date(client, kh_officer):
    client.force_login(kh_officer)
    data = event_form_data(start_date="2021-11-03", end_date="2021-11-02")
    response = client.post(reverse("activities:event_create"), data)
    assert response.status_code == 200
    assert "end_date" in response.context["form"].errors
    assert 'aria-describedby="id_end_date_error"' in response.content.decode()
    assert not Event.objects.exists()


def test_refused_event_form_lists_every_error_above_the_form(client, kh_officer):
    client.force_login(kh_officer)
    data = event_form_data(title="", start_date="2021-11-03", end_date="2021-11-02")
    response = client.post(reverse("activities:event_create"), data)
    html = response.content.decode()
    assert response.status_code == 200
    summary = html[
        html.index('class="error-summary"') : html.index('<form method="post" class="stacked card"')
    ]
    assert "Please correct the following" in summary
    assert '<a href="#id_title">Title: This field is required.</a>' in summary
    assert '<a href="#id_end_date">End date:' in summary
    assert not Event.objects.exists()


def test_province_of_another_country_is_a_form_error(client, kh_officer):
    client.force_login(kh_officer)
    lao = Province.objects.filter(country__code="LA").first()
    response = client.post(reverse("activities:event_create"), event_form_data(province=lao.pk))
    assert "province" in response.context["form"].errors
    assert not Event.objects.exists()


def test_officer_cannot_pick_another_country(client, kh_officer):
    client.force_login(kh_officer)
    data = event_form_data(country=country("LA").pk)
    response = client.post(reverse("activities:event_create"), data)
    assert "country" in response.context["form"].errors


def test_partner_creating_an_event_without_their_organisation_gets_a_form_error(
    client, lscw_partner
):
    client.force_login(lscw_partner)
    response = client.post(reverse("activities:event_create"), event_form_data())
    assert "lead_organisation" in response.context["form"].errors
    assert not Event.objects.exists()
    data = event_form_data(co_organisers=[organisation("LSCW").pk])
    assert client.post(reverse("activities:event_create"), data).status_code == 302


def test_partner_create_form_starts_with_their_organisation_as_lead(client, lscw_partner):
    client.force_login(lscw_partner)
    form = client.get(reverse("activities:event_create")).context["form"]
    assert form["lead_organisation"].value() == organisation("LSCW").pk
    assert [c.code for c in form.fields["country"].queryset] == ["KH"]


def test_province_select_follows_the_country_by_htmx(client, kh_officer):
    client.force_login(kh_officer)
    url = reverse("activities:event_provinces")
    response = client.get(url, {"country": country("LA").pk}, headers={"HX-Request": "true"})
    html = response.content.decode()
    assert html.startswith('<div id="province-field">')
    assert "Vientiane Capital" in html
    assert "Phnom Penh" not in html


def test_event_form_country_select_reloads_provinces(client, kh_officer):
    client.force_login(kh_officer)
    html = client.get(reverse("activities:event_create")).content.decode()
    assert f'hx-get="{reverse("activities:event_provinces")}"' in html
    assert 'hx-target="#province-field"' in html


def test_two_users_editing_the_same_event_second_save_shows_conflict(
    client, kh_officer, kh_manager
):
    event = make_event(title="Original")
    manager = client.__class__()
    manager.force_login(kh_manager)
    client.force_login(kh_officer)
    url = reverse("activities:event_edit", args=[event.pk])
    officer_form = client.get(url).context["form"]
    assert officer_form["version"].value() == 1
    assert manager.post(url, event_form_data(title="Manager's title", version=1)).status_code == 302
    response = client.post(url, event_form_data(title="Officer's title", version=1))
    assert response.status_code == 409
    html = response.content.decode()
    assert "Manager&#x27;s title" in html and "Officer&#x27;s title" in html
    assert response.context["form"]["title"].value() == "Officer's title"
    assert response.context["form"]["version"].value() == "2"
    event.refresh_from_db()
    assert event.title == "Manager's title"
    again = client.post(url, event_form_data(title="Officer's title", version=2))
    assert again.status_code == 302
    event.refresh_from_db()
    assert (event.title, event.version) == ("Officer's title", 3)


def test_delete_event(client, kh_manager):
    event = make_event()
    client.force_login(kh_manager)
    response = client.post(reverse("activities:event_delete", args=[event.pk]))
    assert response.status_code == 302
    assert not Event.objects.filter(pk=event.pk).exists()


def test_event_delete_is_403_for_donor(client, donor):
    event = make_event()
    client.force_login(donor)
    assert client.post(reverse("activities:event_delete", args=[event.pk])).status_code == 403


# --- list ---------------------------------------------------------------------------------


def test_country_scoped_user_defaults_to_their_country_and_can_clear_it(client, kh_officer):
    make_event(title="Cambodia event")
    make_event(title="Lao event", country_code="LA")
    client.force_login(kh_officer)
    response = client.get(reverse("activities:event_list"))
    assert titles(response) == ["Cambodia event"]
    assert response.context["form"]["country"].value() == "KH"


def test_admin_sees_every_country_by_default(client, admin_user):
    make_event(title="Cambodia event")
    make_event(title="Lao event", country_code="LA")
    client.force_login(admin_user)
    response = client.get(reverse("activities:event_list"))
    assert sorted(titles(response)) == ["Cambodia event", "Lao event"]
    response = client.get(reverse("activities:event_list"), {"country": "LA"})
    assert titles(response) == ["Lao event"]


def test_list_filters_by_period_type_pathway_area_organisation_topic(client, admin_user):
    pathway = Pathway.objects.first()
    area = OutcomeArea.objects.first()
    topic = Topic.objects.create(name="SOPs")
    target = make_event(
        title="Target",
        start_date=dt.date(2022, 3, 1),
        event_type=Event.Type.TRAINING,
        pathway=pathway,
        co_organisers=("NCCT",),
    )
    target.outcome_areas.add(area)
    target.topics.add(topic)
    make_event(title="Too early", start_date=dt.date(2021, 6, 30))
    make_event(title="Other type", start_date=dt.date(2022, 3, 1))
    client.force_login(admin_user)
    url = reverse("activities:event_list")
    cases = [
        {"start": "2021-07-01", "end": "2022-06-30", "type": "training"},
        {"pathway": pathway.pk},
        {"outcome_area": area.pk},
        {"organisation": organisation("NCCT").pk},
        {"topic": topic.pk},
        {"q": "targ"},
    ]
    for params in cases:
        assert titles(client.get(url, params)) == ["Target"], params


def test_an_event_with_several_areas_topics_and_co_organisers_is_listed_once(client, kh_officer):
    event = make_event(title="Busy", co_organisers=("NCCT", "LSCW"))
    event.outcome_areas.add(*OutcomeArea.objects.all()[:2])
    event.topics.add(Topic.objects.create(name="SOPs"), Topic.objects.create(name="Forms"))
    client.force_login(kh_officer)
    url = reverse("activities:event_list")
    topic = Topic.objects.get(name="SOPs")
    for params in [{}, {"outcome_area": event.outcome_areas.first().pk}, {"topic": topic.pk}]:
        response = client.get(url, params)
        assert titles(response) == ["Busy"], params
        assert response.context["page_obj"].paginator.count == 1, params


def test_organisation_filter_matches_lead_or_co_organiser(client, admin_user):
    make_event(title="Lead", lead="MoJ")
    make_event(title="Co", co_organisers=("MoJ",))
    make_event(title="Neither", lead="CNP")
    client.force_login(admin_user)
    response = client.get(
        reverse("activities:event_list"), {"organisation": organisation("MoJ").pk}
    )
    assert sorted(titles(response)) == ["Co", "Lead"]


def test_search_looks_in_description(client, admin_user):
    make_event(title="Workshop", description="Review of the anti-trafficking SOPs")
    make_event(title="Other")
    client.force_login(admin_user)
    assert titles(client.get(reverse("activities:event_list"), {"q": "sops"})) == ["Workshop"]


def test_sort_by_participants_and_title(client, admin_user):
    few, many = make_event(title="B few"), make_event(title="A many")
    make_attendance(event=few)
    for _ in range(3):
        make_attendance(event=many)
    make_attendance(event=few, role="facilitator")
    make_attendance(event=few, role="speaker")
    client.force_login(admin_user)
    url = reverse("activities:event_list")
    response = client.get(url, {"sort": "participants", "order": "desc"})
    assert titles(response) == ["A many", "B few"]
    assert [e.participants for e in response.context["page_obj"]] == [3, 1]
    assert titles(client.get(url, {"sort": "participants", "order": "asc"})) == ["B few", "A many"]
    assert titles(client.get(url, {"sort": "title", "order": "asc"})) == ["A many", "B few"]


def test_sort_by_country_and_start_date(client, admin_user):
    make_event(title="Lao", country_code="LA", start_date=dt.date(2021, 1, 1))
    make_event(title="Cambodia", start_date=dt.date(2022, 1, 1))
    client.force_login(admin_user)
    url = reverse("activities:event_list")
    assert titles(client.get(url, {"sort": "country", "order": "asc"})) == ["Cambodia", "Lao"]
    assert titles(client.get(url, {"sort": "start_date", "order": "asc"})) == ["Lao", "Cambodia"]
    assert titles(client.get(url)) == ["Cambodia", "Lao"]


def test_pagination_keeps_filters_in_page_links(client, admin_user):
    for i in range(30):
        make_event(title=f"Event {i:02d}", event_type=Event.Type.TRAINING)
    make_event(title="Not a training")
    client.force_login(admin_user)
    url = reverse("activities:event_list")
    first = client.get(url, {"type": "training", "sort": "title", "order": "asc"})
    assert len(first.context["page_obj"]) == 25
    html = first.content.decode()
    assert "?type=training&amp;sort=title&amp;order=asc&amp;page=2" in html
    second = client.get(url, {"type": "training", "sort": "title", "order": "asc", "page": 2})
    assert titles(second) == [f"Event {i:02d}" for i in range(25, 30)]


def test_invalid_filter_value_is_shown_not_a_crash(client, admin_user):
    make_event(title="Any")
    client.force_login(admin_user)
    response = client.get(reverse("activities:event_list"), {"start": "not a date"})
    assert response.status_code == 200
    assert "start" in response.context["form"].errors


def test_column_headers_sort_and_flip_order_keeping_filters(client, admin_user):
    make_event(title="Any", event_type=Event.Type.TRAINING)
    client.force_login(admin_user)
    response = client.get(
        reverse("activities:event_list"), {"type": "training", "sort": "title", "order": "desc"}
    )
    sorting = response.context["sorting"]
    assert sorting["title"] == {"url": "?type=training&sort=title&order=asc", "aria": "descending"}
    assert sorting["participants"]["url"] == "?type=training&sort=participants&order=desc"
    assert sorting["participants"]["aria"] == "none"


def test_moving_an_event_with_attendance_is_a_form_error_on_country(client, admin_user):
    event = make_event()
    make_attendance(event=event)
    client.force_login(admin_user)
    response = client.post(
        reverse("activities:event_edit", args=[event.pk]),
        event_form_data(country=country("LA").pk, version=1),
    )
    assert response.status_code == 200
    assert "its country cannot change" in " ".join(response.context["form"].errors["country"])
    event.refresh_from_db()
    assert event.country.code == "KH"


def test_the_import_page_shows_a_good_sheet_and_offers_the_blank_one(client, kh_officer):
    event = make_event()
    client.force_login(kh_officer)
    html = client.get(reverse("activities:import_upload", args=[event.pk])).content.decode()
    assert "What a good sheet looks like" in html
    assert "These rows are made up." in html and "Sok Dara" in html
    assert reverse("activities:import_template", args=[event.pk]) in html
    assert '<th scope="col">Full name / ឈ្មោះ</th>' in html  # English and Khmer, as printed
