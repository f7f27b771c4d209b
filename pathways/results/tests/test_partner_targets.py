"""A partner's figures count its own events: they say so, and are measured against the
partner's own target, never the country's."""

from __future__ import annotations

import io
import json
import shutil
import subprocess
from decimal import Decimal

import pytest
from django.core.exceptions import PermissionDenied, ValidationError
from django.db import IntegrityError, transaction
from django.urls import reverse
from openpyxl import load_workbook

from pathways.activities.universe import universe_for, universe_of_all
from pathways.api.tests.factories import api_client
from pathways.audit.models import AuditEvent
from pathways.programs.models import OutcomeArea
from pathways.results import services
from pathways.results.figures import Rule
from pathways.results.models import Indicator, IndicatorTarget
from pathways.results.progress import progress_for
from pathways.results.tests.factories import FY_END, FY_START, country, make_event, org

pytestmark = pytest.mark.django_db

LABEL = "Cambodia — events run or co-run by LSCW"
FY = {"start": "2021-07-01", "end": "2022-06-30"}


def make_indicator(code: str, rule: str = Rule.EVENTS) -> Indicator:
    return services.indicator_save(
        actor=None,
        code=code,
        name=f"Indicator {code}",
        unit="events",
        outcome_area=OutcomeArea.objects.get(code="justice"),
        kind=Indicator.Kind.COMPUTED if rule else Indicator.Kind.REPORTED,
        rule=rule,
    )


def set_target(indicator: Indicator, target: int, *, organisation=None, actor=None, code="KH"):
    return services.target_set(
        actor=actor,
        indicator=indicator,
        country=country(code),
        organisation=organisation,
        period_start=FY_START,
        period_end=FY_END,
        target=Decimal(target),
    )


@pytest.fixture
def cambodia():
    """Ten Cambodia events in FY 2021–22, one of them led and one co-run by LSCW; two
    indicators with Cambodia targets (JUS-1 10, PART-2 40), and LSCW's own for JUS-1 (4)."""
    for _ in range(8):
        make_event(code="KH")
    make_event(code="KH", lead="LSCW")
    make_event(code="KH", co_organisers=("LSCW",))
    jus, part = make_indicator("JUS-1"), make_indicator("PART-2")
    set_target(jus, 10)
    set_target(part, 40)
    set_target(jus, 4, organisation=org("LSCW"))
    return {"JUS-1": jus, "PART-2": part}


def by_code(progress):
    return {p.indicator.code: p for p in progress}


# --- The rule -------------------------------------------------------------------------------


def test_partner_is_measured_against_its_own_target(lscw_partner, cambodia):
    universe = universe_for(lscw_partner, country("KH"))
    assert universe.partial and universe.label == LABEL
    jus = by_code(progress_for(universe=universe, start=FY_START, end=FY_END))["JUS-1"]
    assert jus.target.organisation == org("LSCW")
    assert (jus.value, jus.target.target, jus.percent) == (2, 4, 50)


def test_partner_without_own_target_sees_its_value_and_no_percentage(lscw_partner, cambodia):
    universe = universe_for(lscw_partner, country("KH"))
    part = by_code(progress_for(universe=universe, start=FY_START, end=FY_END))["PART-2"]
    assert part.target is None and part.percent is None and part.bar_percent == 0
    assert part.value == 2  # LSCW's two events, never 2 of Cambodia's 40
    assert part.no_target_for == "LSCW"
    assert (part.period_start, part.period_end) == (FY_START, FY_END)


def test_country_figures_keep_the_country_targets(kh_manager, cambodia):
    for universe in (universe_for(kh_manager, country("KH")), universe_of_all(country("KH"))):
        progress = by_code(progress_for(universe=universe, start=FY_START, end=FY_END))
        assert progress["JUS-1"].target.organisation is None
        assert (progress["JUS-1"].value, progress["JUS-1"].percent) == (10, 100)
        assert (progress["PART-2"].value, progress["PART-2"].percent) == (10, 25)


def test_region_ignores_partner_targets(cambodia):
    services.target_set(
        actor=None,
        indicator=cambodia["JUS-1"],
        country=None,
        period_start=FY_START,
        period_end=FY_END,
        target=Decimal(20),
    )
    [jus] = progress_for(universe=universe_of_all(None), start=FY_START, end=FY_END)
    assert (jus.target.country, jus.target.organisation, jus.percent) == (None, None, 50)


def test_partner_sees_no_country_value_reported_by_hand(lscw_partner, cambodia):
    reported = make_indicator("PART-3", rule="")
    set_target(reported, 2)
    services.reported_value_save(
        actor=None,
        indicator=reported,
        country=country("KH"),
        period_start=FY_START,
        period_end=FY_END,
        value=Decimal(2),
    )
    universe = universe_for(lscw_partner, country("KH"))
    part = by_code(progress_for(universe=universe, start=FY_START, end=FY_END))["PART-3"]
    assert (part.target, part.value, part.percent) == (None, None, None)


# --- Setting partner-level targets ----------------------------------------------------------


def test_admin_sets_a_partner_target_with_an_audit_event(admin_user, cambodia):
    target = set_target(cambodia["PART-2"], 5, organisation=org("LSCW"), actor=admin_user)
    assert target.organisation == org("LSCW")
    assert AuditEvent.objects.filter(
        content_type__model="indicatortarget", object_id=str(target.pk)
    ).exists()
    again = set_target(cambodia["PART-2"], 6, organisation=org("LSCW"), actor=admin_user)
    assert again.pk == target.pk and again.target == 6


def test_only_the_admin_sets_partner_targets(kh_manager, lscw_partner, cambodia):
    for actor in (kh_manager, lscw_partner):
        with pytest.raises(PermissionDenied):
            set_target(cambodia["PART-2"], 5, organisation=org("LSCW"), actor=actor)


def test_a_partner_target_is_for_an_organisation_of_its_country(admin_user, cambodia):
    with pytest.raises(ValidationError, match="organisation of the target's country"):
        set_target(cambodia["PART-2"], 5, organisation=org("LSCW"), actor=admin_user, code="LA")
    assert not IndicatorTarget.objects.filter(country=country("LA")).exists()


def test_admin_site_sets_partner_targets_for_the_country_s_organisations(
    client, admin_user, kh_manager, cambodia
):
    client.force_login(admin_user)
    url = reverse("admin:results_indicatortarget_add")
    form = {
        "indicator": cambodia["PART-2"].pk,
        "organisation": org("LSCW").pk,
        "period_start": "2021-07-01",
        "period_end": "2022-06-30",
        "baseline": "0",
        "target": "5",
        "note": "",
    }
    response = client.post(url, form | {"country": country("LA").pk})
    assert "organisation of the target&#x27;s country" in response.content.decode()
    assert not IndicatorTarget.objects.filter(country=country("LA")).exists()
    assert client.post(url, form | {"country": country("KH").pk}).status_code == 302
    target = IndicatorTarget.objects.get(indicator=cambodia["PART-2"], organisation=org("LSCW"))
    assert AuditEvent.objects.latest("id").object_id == str(target.pk)
    client.force_login(kh_manager)
    assert client.get(url).status_code == 302  # to the admin login: not staff


def test_one_target_per_indicator_country_organisation_and_period(cambodia):
    row = {
        "indicator": cambodia["JUS-1"],
        "country": country("KH"),
        "period_start": FY_START,
        "period_end": FY_END,
        "target": 1,
    }
    for organisation in (None, org("LSCW")):
        with pytest.raises(IntegrityError), transaction.atomic():
            IndicatorTarget.objects.create(organisation=organisation, **row)
    with pytest.raises(IntegrityError), transaction.atomic():
        IndicatorTarget.objects.create(**(row | {"country": None, "organisation": org("LSCW")}))


# --- Every output says whose events it counts -----------------------------------------------


def test_partner_dashboard_says_whose_events_and_shows_no_country_target(
    client, lscw_partner, cambodia
):
    client.force_login(lscw_partner)
    html = client.get(reverse("results:dashboard_country", args=["KH"]), FY).content.decode()
    assert LABEL in html
    assert "No target for LSCW" in html
    assert "25%" not in html and "20%" not in html  # 2 of Cambodia's 10 or of its 40


def test_partner_indicators_page_and_downloads(client, lscw_partner, cambodia):
    client.force_login(lscw_partner)
    url = reverse("results:indicators_country", args=["KH"])
    html = client.get(url, FY).content.decode()
    assert f"Indicators against targets: {LABEL}" in html
    assert "50%" in html and "No target for LSCW" in html
    assert "the country's targets, which count all its events, are not compared" in html
    assert ">10 events<" not in html and ">40 events<" not in html
    csv = client.get(url, FY | {"format": "csv"}).content.decode("utf-8-sig").splitlines()
    assert csv[0] == LABEL
    assert csv[1].startswith("Outcome area,Code,Indicator")
    rows = {line.split(",")[1]: line.split(",") for line in csv[2:]}
    assert rows["JUS-1"][-3:] == ["4.00", "2", "50"]
    assert rows["PART-2"][-3:] == ["", "2", ""]
    xlsx = client.get(url, FY | {"format": "xlsx"}).content
    sheet = load_workbook(io.BytesIO(xlsx)).active
    assert sheet["A1"].value == LABEL and sheet["B2"].value == "Code"


def test_country_indicators_download_says_cambodia(client, kh_manager, cambodia):
    client.force_login(kh_manager)
    url = reverse("results:indicators_country", args=["KH"])
    csv = client.get(url, FY | {"format": "csv"}).content.decode("utf-8-sig").splitlines()
    assert csv[0] == "Cambodia"
    rows = {line.split(",")[1]: line.split(",") for line in csv[2:]}
    assert rows["JUS-1"][-3:] == ["10.00", "10", "100"]


@pytest.mark.parametrize("figure", ["events", "participants"])
def test_partner_records_download_says_whose_events(client, lscw_partner, cambodia, figure):
    client.force_login(lscw_partner)
    url = reverse("results:records_country", args=["KH", figure])
    csv = client.get(url, FY | {"format": "csv"}).content.decode("utf-8-sig").splitlines()
    assert csv[0] == LABEL
    breakdown = reverse("results:breakdown_country", args=["KH"])
    query = FY | {"figure": "events", "by": "pathway", "format": "csv"}
    assert client.get(breakdown, query).content.decode("utf-8-sig").splitlines()[0] == LABEL


def test_factsheet_page_json_and_pdf_say_whose_events(client, lscw_partner, kh_manager, cambodia):
    client.force_login(lscw_partner)
    page = client.get(reverse("reports:factsheet", args=["KH"]), FY).content.decode()
    assert LABEL in page
    data = json.loads(client.get(reverse("reports:factsheet_json", args=["KH"]), FY).content)
    assert (data["counted"], data["partial"]) == (LABEL, True)
    client.force_login(kh_manager)
    page = client.get(reverse("reports:factsheet", args=["KH"]), FY).content.decode()
    assert "Events counted: Cambodia" in page


@pytest.mark.skipif(not shutil.which("pdftotext"), reason="pdftotext is not installed")
def test_partner_factsheet_pdf_says_whose_events(client, lscw_partner, cambodia, tmp_path):
    client.force_login(lscw_partner)
    response = client.get(reverse("reports:factsheet_pdf", args=["KH"]), FY)
    path = tmp_path / "factsheet.pdf"
    path.write_bytes(response.content)
    text = subprocess.run(
        ["pdftotext", str(path), "-"], capture_output=True, text=True, check=True
    ).stdout
    assert "Cambodia — events run or co-run" in " ".join(text.split())
    assert "LSCW" in text


def test_api_indicators_say_whose_events_and_carry_the_partner_target(lscw_partner, cambodia):
    body = api_client(lscw_partner).get("/api/v1/indicators/", FY | {"country": "KH"}).json()
    assert body["counted"] == LABEL
    rows = {r["indicator"]["code"]: r for r in body["results"]}
    assert rows["JUS-1"]["target"]["organisation"] == org("LSCW").pk
    assert rows["JUS-1"]["percent"] == 50
    assert rows["PART-2"]["target"] is None and rows["PART-2"]["percent"] is None
    assert rows["PART-2"]["no_target_for"] == "LSCW"
    assert rows["PART-2"]["period_start"] == "2021-07-01"


def test_api_indicators_of_the_country_keep_the_country_targets(kh_manager, cambodia):
    body = api_client(kh_manager).get("/api/v1/indicators/", FY | {"country": "KH"}).json()
    assert (body["counted"], body["count"]) == ("Cambodia", 2)
    rows = {r["indicator"]["code"]: r for r in body["results"]}
    assert rows["JUS-1"]["target"]["organisation"] is None
    assert (rows["JUS-1"]["percent"], rows["PART-2"]["percent"]) == (100, 25)


def test_api_figures_and_factsheet_say_whose_events(lscw_partner, cambodia):
    client = api_client(lscw_partner)
    figures = client.get("/api/v1/figures/", FY | {"country": "KH"}).json()
    assert (figures["counted"], figures["events"]) == (LABEL, 2)
    sheet = client.get("/api/v1/factsheet/", FY | {"country": "KH"}).json()
    assert sheet["counted"] == LABEL


def test_api_region_of_a_country_team_is_not_set_against_the_regional_target(
    kh_manager, admin_user, cambodia
):
    services.target_set(
        actor=None,
        indicator=cambodia["JUS-1"],
        country=None,
        period_start=FY_START,
        period_end=FY_END,
        target=Decimal(20),
    )
    body = api_client(kh_manager).get("/api/v1/indicators/", FY).json()
    assert body["counted"] == "Region — the events you can see"
    [row] = body["results"]
    assert (row["target"], row["value"], row["percent"]) == (None, "10", None)
    assert row["no_target_for"] == body["counted"]
    body = api_client(admin_user).get("/api/v1/indicators/", FY).json()
    assert body["counted"] == "Region"
    assert body["results"][0]["percent"] == 50
