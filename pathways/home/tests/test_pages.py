from __future__ import annotations

import re

import pytest
from django.conf import settings
from django.urls import reverse

from pathways.activities.models import Event
from pathways.programs.models import Country, Organisation

pytestmark = pytest.mark.django_db


def make_event(country_code: str, title: str, lead: str | None = None) -> Event:
    return Event.objects.create(
        title=title,
        event_type=Event.Type.WORKSHOP,
        start_date="2022-01-10",
        end_date="2022-01-10",
        country=Country.objects.get(code=country_code),
        lead_organisation=Organisation.objects.get(acronym=lead) if lead else None,
    )


def test_anonymous_visitors_are_sent_to_sign_in(client):
    response = client.get(reverse("home:program"))
    assert response.status_code == 302
    assert response["Location"].startswith(reverse("accounts:login"))


@pytest.mark.parametrize(
    "persona", ["admin", "kh_manager", "kh_officer", "la_manager", "lscw_partner", "donor"]
)
def test_every_persona_sees_the_program_overview(client, personas, persona):
    client.force_login(personas[persona])
    response = client.get(reverse("home:program"))
    assert response.status_code == 200
    body = response.content.decode()
    assert "ASEAN-Australia Counter Trafficking" in body
    assert "Enhancing national-level capacity" in body
    assert "Lead Shepherd on Trafficking in Persons" in body
    assert "National programming on hold" in body


def test_overview_links_only_the_countries_a_user_may_open(client, la_manager):
    client.force_login(la_manager)
    body = client.get(reverse("home:program")).content.decode()
    assert reverse("home:country", args=["LA"]) in body
    assert reverse("home:country", args=["KH"]) not in body


def test_cambodia_officer_sees_partners_and_focal_point(client, kh_officer):
    client.force_login(kh_officer)
    response = client.get(reverse("home:country", args=["KH"]))
    assert response.status_code == 200
    body = response.content.decode()
    assert "Director General of Prosecution and Criminal Affairs" in body
    for partner in ["Cambodian National Police", "Legal Support for Children and Women"]:
        assert partner in body
    assert "NGO / civil society" in body and "Government" in body


def test_another_countrys_manager_cannot_open_cambodia(client, la_manager):
    client.force_login(la_manager)
    assert client.get(reverse("home:country", args=["KH"])).status_code == 404


def test_unknown_country_code_is_not_found(client, admin_user):
    client.force_login(admin_user)
    assert client.get(reverse("home:country", args=["XX"])).status_code == 404


def test_country_page_lists_only_the_events_a_partner_may_see(client, lscw_partner):
    make_event("KH", "LSCW-led dialogue", lead="LSCW")
    make_event("KH", "Police-only planning", lead="CNP")
    client.force_login(lscw_partner)
    body = client.get(reverse("home:country", args=["KH"])).content.decode()
    assert "LSCW-led dialogue" in body
    assert "Police-only planning" not in body
    assert client.get(reverse("home:country", args=["LA"])).status_code == 404


def test_donor_sees_every_country_page(client, donor):
    make_event("LA", "Lao workshop")
    client.force_login(donor)
    response = client.get(reverse("home:country", args=["LA"]))
    assert response.status_code == 200
    assert "Lao workshop" in response.content.decode()


def test_khmer_reader_sees_country_partner_and_pathway_names_in_khmer(client, kh_officer):
    client.force_login(kh_officer)
    client.cookies[settings.LANGUAGE_COOKIE_NAME] = "km"
    country_page = client.get(reverse("home:country", args=["KH"])).content.decode()
    assert "<h1>កម្ពុជា" in country_page
    assert "ក្រសួងយុត្តិធម៌" in country_page  # Ministry of Justice
    overview = client.get(reverse("home:program")).content.decode()
    assert "ការ​ពង្រឹង​សមត្ថភាព​ថ្នាក់​ជាតិ" in overview  # Enhancing national-level capacity
    assert "Enhancing national-level capacity" not in overview


def test_steering_committee_seats_name_their_country_in_the_readers_language(client, kh_officer):
    client.force_login(kh_officer)
    english = client.get(reverse("home:program")).content.decode()
    assert "<li>Member for Cambodia</li>" in english
    client.cookies[settings.LANGUAGE_COOKIE_NAME] = "km"
    khmer = client.get(reverse("home:program")).content.decode()
    assert "Member for Cambodia" not in khmer
    assert re.search(r"<li>[^<]*កម្ពុជា[^<]*</li>", khmer)


@pytest.mark.parametrize(
    ("persona", "home"), [("kh_officer", "KH"), ("lscw_partner", "KH"), ("donor", None)]
)
def test_my_country_link_leads_a_country_or_partner_user_home(client, personas, persona, home):
    from django.db import connection
    from django.test.utils import CaptureQueriesContext

    client.force_login(personas[persona])
    with CaptureQueriesContext(connection) as queries:
        body = client.get(reverse("home:program")).content.decode()
    link = f'<a href="{reverse("home:country", args=[home or "KH"])}">My country</a>'
    assert (link in body) == (home is not None)
    # The code comes with the memberships: no query of its own on every page.
    assert not any('"programs_country"."code" AS' in q["sql"] for q in queries.captured_queries)
