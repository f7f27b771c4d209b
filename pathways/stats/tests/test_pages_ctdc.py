"""The CTDC pages and command: a regional administrator sees each country's switch and takes
a file per year; for anyone else the pages do not exist; a country with the file off is
refused with the reason."""

from __future__ import annotations

import pytest
from django.core.management import CommandError, call_command
from django.test import Client as Browser
from django.urls import reverse

from pathways.accounts.models import Role
from pathways.api.tests.factories import make_user
from pathways.casework.models import AccessEvent, CaseworkRole, CountryCaseworkSettings
from pathways.casework.tests.conftest import signed_in, staff
from pathways.stats.ctdc import COLUMNS
from pathways.stats.tests.ctdc_helpers import YEAR, ctdc_world, victim

LIST = reverse("stats:ctdc_countries")


def download_url(code: str = "KH", year: int = YEAR) -> str:
    return reverse("stats:ctdc_download", kwargs={"code": code, "year": year})


@pytest.fixture
def w(db):
    world = ctdc_world()
    world.case = victim(world)
    return world


def as_admin(w) -> Browser:
    browser = Browser()
    browser.force_login(w.admin)
    return browser


def test_the_administrator_sees_each_country_s_switch_and_its_years(w):
    page = as_admin(w).get(LIST)
    assert page.status_code == 200
    text = page.content.decode()
    assert download_url() in text
    assert download_url("LA") not in text  # Laos has not switched it on
    assert "Switched off: no file." in text


def test_the_administrator_downloads_the_csv_and_it_is_logged(w):
    response = as_admin(w).get(download_url())
    assert response.status_code == 200
    assert response["Content-Type"].startswith("text/csv")
    assert f'filename="ctdc-kh-{YEAR}.csv"' in response["Content-Disposition"]
    assert response.content.decode().splitlines()[0] == ",".join(COLUMNS)
    event = AccessEvent.objects.get(action=AccessEvent.Action.EXPORT)
    assert (event.client_id, event.via) == (w.case.client_id, AccessEvent.Via.WEB)


def test_a_country_with_the_file_off_is_refused_with_the_reason(w):
    CountryCaseworkSettings.objects.filter(country=w.kh).update(ctdc_contribution_enabled=False)
    response = as_admin(w).get(download_url())
    assert response.status_code == 403
    assert "has not switched on the CTDC contribution file" in response.content.decode()
    assert not AccessEvent.objects.exists()


def test_a_year_out_of_range_is_refused(w):
    response = as_admin(w).get(download_url(year=YEAR + 1))
    assert response.status_code == 400
    assert "Choose a year" in response.content.decode()


@pytest.mark.parametrize(
    "who", ["kh_manager", "supervisor", "statistician", "data_protection", "anonymous"]
)
def test_no_one_but_a_regional_administrator_finds_the_pages(w, who):
    browser = Browser()
    if who == "kh_manager":
        browser.force_login(make_user("kh_manager_ctdc", Role.COUNTRY_MANAGER, code="KH"))
    elif who != "anonymous":
        roles = {
            "statistician": CaseworkRole.STATISTICIAN,
            "data_protection": CaseworkRole.DATA_PROTECTION,
        }
        signed_in(browser, w.supervisor if who == "supervisor" else staff(w.shelter, roles[who]))
    expected = 302 if who == "anonymous" else 404
    assert browser.get(LIST).status_code == expected
    assert browser.get(download_url()).status_code == expected
    assert not AccessEvent.objects.exists()


def test_the_command_writes_the_file_under_the_administrator(w, tmp_path):
    output = tmp_path / "kh.csv"
    call_command(
        "ctdc_contribution",
        "--country",
        "kh",
        "--year",
        str(YEAR),
        "--output",
        str(output),
        "--user",
        w.admin.username,
    )
    assert output.read_text().splitlines()[0] == ",".join(COLUMNS)
    assert len(output.read_text().splitlines()) == 2
    event = AccessEvent.objects.get(action=AccessEvent.Action.EXPORT)
    assert event.via == AccessEvent.Via.COMMAND


def test_the_command_refuses_a_country_with_the_file_off_and_a_non_administrator(w, tmp_path):
    output = tmp_path / "la.csv"
    with pytest.raises(CommandError, match="has not switched on"):
        call_command(
            "ctdc_contribution",
            "--country",
            "LA",
            "--year",
            str(YEAR),
            "--output",
            str(output),
            "--user",
            w.admin.username,
        )
    with pytest.raises(CommandError, match="regional administrator"):
        call_command(
            "ctdc_contribution",
            "--country",
            "KH",
            "--year",
            str(YEAR),
            "--output",
            str(output),
            "--user",
            w.supervisor.username,
        )
    assert not output.exists()


def test_the_administrator_s_navigation_leads_to_the_page_and_no_one_else_s(w):
    assert f'href="{LIST}"' in as_admin(w).get(reverse("home:program")).content.decode()
    manager = Browser()
    manager.force_login(make_user("kh_manager_nav", Role.COUNTRY_MANAGER, code="KH"))
    assert f'href="{LIST}"' not in manager.get(reverse("home:program")).content.decode()
