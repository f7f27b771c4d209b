from __future__ import annotations

import json
import re

import pytest
from django.urls import reverse

from pathways.reports.tests.factories import make_event, make_seed_cambodia

SEED_QUERY = {"start": "2021-07-01", "end": "2022-06-30"}


@pytest.fixture
def seed(db) -> None:
    make_seed_cambodia()


def test_index_lists_the_countries_in_scope(client, kh_officer):
    client.force_login(kh_officer)
    response = client.get(reverse("reports:factsheet_index"))
    assert response.status_code == 200
    links = [c.code for c in response.context["countries"]]
    assert links == ["KH"]
    assert not response.context["show_region"]
    assert not response.context["can_download_exports"]


def test_index_offers_the_region_and_exports_to_the_donor(client, donor):
    client.force_login(donor)
    response = client.get(reverse("reports:factsheet_index"))
    assert response.context["show_region"] and response.context["can_download_exports"]
    assert reverse("reports:iati_prepare") in response.content.decode()


def test_index_links_every_factsheet_to_the_financial_year_picked(client, kh_officer, seed):
    client.force_login(kh_officer)
    response = client.get(reverse("reports:factsheet_index"), {"fy": "2021"})
    assert response.status_code == 200
    page = response.content.decode()
    assert "start=2021-07-01&amp;end=2022-06-30" in page
    assert "start=2022-07-01" not in page
    assert '<option value="2021" selected>' in page
    # The picker submits itself through the static script, never inline script.
    assert "data-submit-on-change" in page and not re.search(r"\son[a-z]+=", page)


def test_index_refuses_a_year_it_does_not_offer(client, kh_officer, seed):
    client.force_login(kh_officer)
    response = client.get(reverse("reports:factsheet_index"), {"fy": "1999"})
    assert response.status_code == 400
    assert "There is no financial year 1999 to report on." in response.content.decode()


def test_index_needs_login(client, db):
    response = client.get(reverse("reports:factsheet_index"))
    assert response.status_code == 302


def test_officer_sees_the_cambodia_factsheet(client, kh_officer, seed):
    client.force_login(kh_officer)
    response = client.get(reverse("reports:factsheet", args=["KH"]), SEED_QUERY)
    assert response.status_code == 200
    page = response.content.decode()
    assert "1,038" in page and "35% women" in page and "34% women" in page
    assert "Director General of Prosecution and Criminal Affairs" in page


def test_page_opens_on_the_financial_year_of_the_latest_event(client, kh_officer, seed):
    client.force_login(kh_officer)
    response = client.get(reverse("reports:factsheet", args=["KH"]))
    factsheet = response.context["factsheet"]
    assert (factsheet.start.isoformat(), factsheet.end.isoformat()) == (
        "2022-07-01",
        "2023-06-30",
    )


def test_other_country_manager_gets_404_on_cambodia(client, la_manager, seed):
    client.force_login(la_manager)
    for name in ("reports:factsheet", "reports:factsheet_pdf", "reports:factsheet_json"):
        assert client.get(reverse(name, args=["KH"]), SEED_QUERY).status_code == 404


def test_country_users_get_404_on_the_region(client, kh_manager):
    client.force_login(kh_manager)
    assert client.get(reverse("reports:region_factsheet")).status_code == 404
    assert client.get(reverse("reports:region_factsheet_json"), SEED_QUERY).status_code == 404


def test_partner_sees_only_its_events_and_is_told(client, lscw_partner, db):
    make_event(lead="LSCW")
    make_event()
    client.force_login(lscw_partner)
    response = client.get(reverse("reports:factsheet", args=["KH"]), SEED_QUERY)
    assert response.status_code == 200
    assert response.context["factsheet"].events == 1
    assert "counts only the events you can see" in response.content.decode()


def test_json_download_matches_the_command(client, donor, seed):
    client.force_login(donor)
    response = client.get(reverse("reports:factsheet_json", args=["KH"]), SEED_QUERY)
    data = json.loads(response.content)
    assert data["events"] == 35 and data["people_trained"]["total"] == 328


def test_bad_period_is_a_400_with_the_reason(client, donor, db):
    client.force_login(donor)
    url = reverse("reports:factsheet_json", args=["KH"])
    response = client.get(url, {"start": "2022-07-01", "end": "2022-06-30"})
    assert response.status_code == 400
    assert "The end date cannot be before the start date." in response.content.decode()
    page = client.get(reverse("reports:factsheet", args=["KH"]), {"start": "nonsense"})
    assert page.status_code == 400
    assert 'aria-invalid="true"' in page.content.decode()


def test_pdf_download_in_another_language(client, kh_officer, seed):
    client.force_login(kh_officer)
    query = SEED_QUERY | {"lang": "km"}
    response = client.get(reverse("reports:factsheet_pdf", args=["KH"]), query)
    assert response.status_code == 200
    assert response["Content-Type"] == "application/pdf"
    assert response.content.startswith(b"%PDF")
    assert "factsheet-KH-20210701-20220630-km.pdf" in response["Content-Disposition"]


@pytest.mark.parametrize("name", ["reports:iati_prepare", "reports:workbook_prepare"])
def test_admin_and_donor_prepare_exports(client, admin_user, donor, seed, name):
    for user in (admin_user, donor):
        client.force_login(user)
        response = client.post(reverse(name))
        assert response.status_code == 302
        assert response["Location"].startswith("/jobs/")


@pytest.mark.parametrize("name", ["reports:iati_prepare", "reports:workbook_prepare"])
def test_country_and_partner_users_cannot_prepare_exports(
    client, kh_manager, kh_officer, lscw_partner, name
):
    for user in (kh_manager, kh_officer, lscw_partner):
        client.force_login(user)
        assert client.post(reverse(name)).status_code == 404


def test_regional_viewer_without_donor_role_is_refused(client, db):
    from pathways.accounts.models import Role
    from pathways.accounts.services import user_create

    viewer = user_create(
        actor=None, username="regional_viewer", password="x-Long-Passw0rd!", role=Role.VIEWER
    )
    client.force_login(viewer)
    assert client.post(reverse("reports:iati_prepare")).status_code == 403
    assert client.get(reverse("reports:region_factsheet")).status_code == 200
