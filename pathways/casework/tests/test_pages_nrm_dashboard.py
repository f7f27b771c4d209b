"""The NRM coordinator's dashboard (casework.md §6.2, issue 21 item 7): the country's open
referrals by receiving agency and status, the overdue ones late as soon as read (no job has
run), declines by reason, service gaps and the median hours, with the same tables as CSV and
XLSX; only the coordinator of the country sees it, and it shows no person."""

from __future__ import annotations

import csv
import datetime as dt
import io

import pytest
from django.urls import reverse
from django.utils import timezone
from openpyxl import load_workbook

from pathways.casework.models import AccessEvent, CaseworkRole, Referral, ServiceDirectoryEntry
from pathways.casework.models.care import ServiceType
from pathways.casework.nrm_figures import NrmFilters, dashboard_tables, median_hours
from pathways.casework.tests.conftest import make_agency, staff
from pathways.casework.tests.nrm_helpers import make_referral, referral_world
from pathways.casework.tests.pages import IDENTITY, browser_as
from pathways.programs.models import Province

S = Referral.Status
D = Referral.DeclineReason
HOUR = dt.timedelta(hours=1)
URL = reverse("casework:nrm_dashboard")


@pytest.fixture
def world(kh):
    w = referral_world(kh, "Kh")
    w.coordinator = staff(make_agency(kh, "Kh Secretariat"), CaseworkRole.NRM_COORDINATOR)
    return w


def cell(value) -> str:
    """A value as the page, the CSV and the workbook agree on it (5.0 hours is 5)."""
    try:
        return f"{float(value):g}"
    except (TypeError, ValueError):
        return str(value)


def tables_of(response) -> dict[str, list[list[str]]]:
    context = response.context
    tables = {t.key: t for t in context["tables"]}
    tables["overdue"] = context["overdue"]
    return {key: [[cell(v) for v in row] for row in t.rows] for key, t in tables.items()}


def figures(country, **filters):
    tables = dashboard_tables(NrmFilters(country_id=country.pk, **filters), timezone.now())
    return {t.key: t.rows for t in tables}


def test_open_referrals_are_counted_by_receiving_agency_and_status(world):
    make_referral(world, status=S.OFFERED, respond_by=timezone.now() + HOUR)
    make_referral(world, status=S.OFFERED, respond_by=timezone.now() + HOUR)
    make_referral(world, status=S.ACCEPTED)
    make_referral(world, world.second, status=S.IN_PROGRESS)
    make_referral(world, world.second, status=S.CLOSED, closed_at=timezone.now())
    make_referral(world, status=S.DECLINED, decline_reason=D.OTHER)
    expired = make_referral(world, world.second, status=S.EXPIRED)
    rerouted = make_referral(world, world.second, status=S.EXPIRED)
    make_referral(world, status=S.OFFERED, rerouted_from=rerouted)
    rows = figures(world.country)["open"]
    assert rows == [["Kh Receiver One", 3, 1, 0, 0, 4], ["Kh Receiver Two", 0, 0, 1, 1, 2]]
    assert expired.reroutes.count() == 0


def test_a_deadline_passed_is_overdue_when_read_without_any_job(world):
    now = timezone.now()
    make_referral(world, status=S.OFFERED, respond_by=now - 3 * HOUR - dt.timedelta(minutes=5))
    make_referral(world, world.second, status=S.ACCEPTED, first_contact_by=now - 50 * HOUR)
    make_referral(world, status=S.IN_PROGRESS, complete_by=now + 48 * HOUR)
    make_referral(world, status=S.OFFERED, respond_by=now + HOUR)
    response = browser_as(world.coordinator).get(URL)
    assert response.status_code == 200
    overdue = tables_of(response)["overdue"]
    case_number = world.case.case_number
    assert [row[0] for row in overdue] == [case_number, case_number]
    first, second = overdue
    assert first[1:6] == ["Kh Sender", "Kh Receiver Two", "Legal", "Urgent", "First contact"]
    assert first[-1] == "Overdue by 2 days"
    assert second[2] == "Kh Receiver One" and second[-1] == "Overdue by 3 hours"
    assert "Overdue by 3 hours" in response.content.decode()


def test_the_median_hours_to_answer_and_to_first_contact(world):
    now = timezone.now()
    for hours in (1, 2, 3, 4, 10):
        offered = now - dt.timedelta(days=2)
        make_referral(
            world,
            status=S.IN_PROGRESS,
            offered_ago=dt.timedelta(days=2),
            responded_at=offered + hours * HOUR,
            first_contact_at=offered + (hours + 20) * HOUR,
        )
    filters = NrmFilters(country_id=world.country.pk)
    assert median_hours(filters, "offered_at", "responded_at") == (3.0, 5)
    assert median_hours(filters, "responded_at", "first_contact_at") == (20.0, 5)
    offered = now - dt.timedelta(days=3)
    make_referral(
        world,
        status=S.DECLINED,
        decline_reason=D.OTHER,
        offered_ago=dt.timedelta(days=3),
        responded_at=offered + 20 * HOUR,
    )
    # Six answers: the middle two (3 and 4 hours) averaged; the decline has no first contact.
    assert median_hours(filters, "offered_at", "responded_at") == (3.5, 6)
    assert figures(world.country)["medians"] == [
        ["Hours to answer an offer", 3.5, 6],
        ["Hours from acceptance to first contact", 20.0, 5],
    ]


def test_fewer_than_five_referrals_give_no_median(world):
    for hours in (1, 2, 3, 4):
        make_referral(world, status=S.ACCEPTED, responded_at=timezone.now() - hours * HOUR)
    rows = figures(world.country)["medians"]
    assert rows[0] == ["Hours to answer an offer", "Not enough referrals", 4]


def test_declines_are_counted_by_reason(world):
    for reason in (D.NO_CAPACITY, D.NO_CAPACITY, D.OUT_OF_AREA, D.OTHER):
        make_referral(world, status=S.DECLINED, decline_reason=reason)
    assert figures(world.country)["declines"] == [
        ["No capacity", 2],
        ["Other", 1],
        ["Out of our area", 1],
    ]


def test_service_gaps_by_directory_and_province(world):
    kampot = Province.objects.get(country=world.country, name="Kampot")
    kep = Province.objects.get(country=world.country, name="Kep")
    entry = {"country": world.country, "service_type": ServiceType.LEGAL}
    ServiceDirectoryEntry.objects.create(
        agency=world.first, province=kampot, accepting=False, **entry
    )
    ServiceDirectoryEntry.objects.create(agency=world.second, province=kep, **entry)
    ServiceDirectoryEntry.objects.create(
        agency=world.second, country=world.country, service_type=ServiceType.SHELTER
    )
    make_referral(world, status=S.DECLINED, decline_reason=D.NO_CAPACITY)
    make_referral(
        world,
        world.second,
        status=S.DECLINED,
        decline_reason=D.OUT_OF_AREA,
        service=ServiceType.HEALTH,
    )
    make_referral(world, world.second, status=S.ACCEPTED, service=ServiceType.SHELTER)
    rows = figures(world.country)
    assert rows["gaps_declined"] == [
        ["Health", "Kh Receiver Two", "Out of our area", 1, "Not in the directory"],
        ["Legal", "Kh Receiver One", "No capacity", 1, "Kampot (not accepting)"],
    ]
    provinces = {(r[0], r[1]): r[2] for r in rows["gaps_provinces"]}
    assert provinces[("Legal", "Kampot")] == "Not accepting"
    assert provinces[("Legal", "Takeo")] == "No entry"
    assert provinces[("Health", "Kep")] == "No entry"
    assert ("Legal", "Kep") not in provinces  # the second agency accepts there
    assert not [key for key in provinces if key[0] == "Shelter"]  # accepted nationwide


def test_filters_by_period_urgency_and_service(world):
    make_referral(world, offered_ago=dt.timedelta(days=40), urgency=Referral.Urgency.ROUTINE)
    make_referral(world, service=ServiceType.HEALTH)
    make_referral(world, urgency=Referral.Urgency.EMERGENCY)
    today = timezone.localdate()
    recent = figures(world.country, start=today - dt.timedelta(days=7))
    assert recent["open"] == [["Kh Receiver One", 2, 0, 0, 0, 2]]
    assert figures(world.country, urgency="routine")["open"][0][-1] == 1
    assert figures(world.country, service="Health")["open"][0][-1] == 1
    old = figures(world.country, end=today - dt.timedelta(days=30))
    assert old["open"] == [["Kh Receiver One", 1, 0, 0, 0, 1]]


def test_another_countrys_referrals_are_absent(world, la):
    lao = referral_world(la, "Lao")
    make_referral(lao, status=S.OFFERED, respond_by=timezone.now() - HOUR)
    make_referral(world, status=S.OFFERED, respond_by=timezone.now() - HOUR)
    page = browser_as(world.coordinator).get(URL).content.decode()
    assert "Kh Receiver One" in page and "Lao Receiver One" not in page
    assert lao.case.case_number not in page
    lao_coordinator = staff(make_agency(la, "Lao Secretariat"), CaseworkRole.NRM_COORDINATOR)
    lao_page = browser_as(lao_coordinator).get(URL).content.decode()
    assert "Lao Receiver One" in lao_page and "Kh Receiver One" not in lao_page
    # Not even by asking for Cambodia.
    assert browser_as(lao_coordinator).get(URL, {"country": "KH"}).status_code == 404


def test_a_coordinator_of_two_countries_chooses_one(world, la):
    lao = referral_world(la, "Lao")
    make_referral(lao, status=S.ACCEPTED)
    make_referral(world, status=S.ACCEPTED)
    from pathways.casework.models import StaffMembership

    StaffMembership.objects.create(
        user=world.coordinator,
        agency=make_agency(la, "Lao Desk"),
        role=CaseworkRole.NRM_COORDINATOR,
    )
    browser = browser_as(world.coordinator)
    assert "Kh Receiver One" in browser.get(URL, {"country": "KH"}).content.decode()
    assert "Lao Receiver One" in browser.get(URL, {"country": "LA"}).content.decode()


def test_only_the_coordinator_sees_it(world):
    assert browser_as(world.worker).get(URL).status_code == 403
    supervisor = staff(world.sender, CaseworkRole.CASE_SUPERVISOR)
    assert browser_as(supervisor).get(URL).status_code == 403
    assert (
        browser_as(supervisor).get(reverse("casework:nrm_download", args=["csv"])).status_code
        == 403
    )
    from pathways.accounts.models import Role
    from pathways.api.tests.factories import make_user

    programme = make_user("nocasework", Role.DATA_OFFICER, code="KH")
    assert browser_as(programme).get(URL).status_code == 404


def test_the_page_shows_no_person_and_writes_no_access_event(world):
    make_referral(world, status=S.OFFERED, respond_by=timezone.now() - HOUR)
    before = AccessEvent.objects.count()
    page = browser_as(world.coordinator).get(URL).content.decode()
    assert world.case.case_number in page
    for value in (IDENTITY.first_name, IDENTITY.last_name, IDENTITY.local_script_name):
        assert value not in page
    assert AccessEvent.objects.count() == before


def test_the_page_has_headings_and_captions(world):
    make_referral(world, status=S.OFFERED, respond_by=timezone.now() - HOUR)
    make_referral(world, status=S.DECLINED, decline_reason=D.NO_CAPACITY)
    page = browser_as(world.coordinator).get(URL).content.decode()
    assert "<h1>Referrals in Cambodia</h1>" in page
    for title in (
        "Overdue referrals",
        "Open referrals by receiving agency and status",
        "Declines by reason",
        "Declined for no capacity or out of area",
        "Median hours to answer and to first contact",
    ):
        assert f"<caption>{title}</caption>" in page
        assert f'-title">{title}</h2>' in page
    assert '<label for="id_start"' in page


def test_csv_and_xlsx_hold_the_tables_of_the_page(world):
    make_referral(world, status=S.OFFERED, respond_by=timezone.now() - 5 * HOUR)
    make_referral(world, world.second, status=S.DECLINED, decline_reason=D.NO_CAPACITY)
    for hours in range(1, 6):
        make_referral(world, status=S.ACCEPTED, responded_at=timezone.now() - hours * HOUR)
    browser = browser_as(world.coordinator)
    page = tables_of(browser.get(URL))
    download = reverse("casework:nrm_download", args=["csv"])
    for key, rows in page.items():
        response = browser.get(download, {"table": key})
        assert response.status_code == 200
        lines = list(csv.reader(io.StringIO(response.content.decode("utf-8-sig"))))
        assert [[cell(v) for v in line] for line in lines[2:]] == rows, key
    xlsx = browser.get(reverse("casework:nrm_download", args=["xlsx"]))
    book = load_workbook(io.BytesIO(xlsx.content))
    sheets = {sheet.title: sheet for sheet in book.worksheets}
    overdue = [
        [str(v) for v in r]
        for r in sheets["Overdue referrals"].iter_rows(min_row=3, values_only=True)
    ]
    assert overdue == page["overdue"]
    declines = list(sheets["Declines by reason"].iter_rows(min_row=3, values_only=True))
    assert [[cell(v) for v in r] for r in declines] == page["declines"]


def test_bad_filters_are_named_and_filter_nothing(world):
    make_referral(world, status=S.ACCEPTED)
    browser = browser_as(world.coordinator)
    response = browser.get(URL, {"start": "2026-05-01", "end": "2026-04-01"})
    assert response.status_code == 200
    assert "The end date is before the start date." in response.content.decode()
    assert tables_of(response)["open"] == [["Kh Receiver One", "0", "1", "0", "0", "1"]]
    bad = browser.get(reverse("casework:nrm_download", args=["csv"]), {"start": "not a day"})
    assert bad.status_code == 400 and "Enter a valid date" in bad.content.decode()
    assert browser.get(reverse("casework:nrm_download", args=["pdf"])).status_code == 400
    assert (
        browser.get(reverse("casework:nrm_download", args=["csv"]), {"table": "x"}).status_code
        == 400
    )


def test_the_coordinators_work_list_leads_to_the_dashboard(world):
    worklist = browser_as(world.coordinator).get(reverse("casework:worklist")).content.decode()
    assert f'href="{URL}"' in worklist
    assert (
        f'href="{URL}"'
        not in browser_as(world.worker).get(reverse("casework:worklist")).content.decode()
    )
