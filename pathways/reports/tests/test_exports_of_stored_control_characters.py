"""Text stored before input was cleaned (or written behind the app's back) can hold control
characters; every download must still answer 200 with a file that opens."""

from __future__ import annotations

import datetime as dt
import io
import json
from decimal import Decimal

import pytest
from django.urls import reverse
from lxml import etree
from openpyxl import load_workbook

from pathways.activities.models import Attendance, Event, Person
from pathways.jobs.models import Job
from pathways.jobs.tests.workers import run_worker
from pathways.programs.models import Country, Organisation, OutcomeArea, Pathway
from pathways.results.figures import Rule
from pathways.results.models import Achievement, Indicator, IndicatorTarget

pytestmark = pytest.mark.django_db
FY = {"start": "2021-07-01", "end": "2022-06-30"}
# ESC (starting an ANSI colour), BEL, a C1 control and a right-to-left override. ESC and
# BEL cannot be written to an XLSX or XML file at all.
CONTROLS = "\x1b\x07\x9b\u202e"
HOSTILE = "\x1b[31m\x07\x9b\u202e"


def hostile(text: str) -> str:
    return f"{text}{HOSTILE}"


@pytest.fixture
def stored(db) -> dict[str, object]:
    """Records written straight through the ORM, as if stored before input was cleaned."""
    cambodia = Country.objects.get(code="KH")
    organisation = Organisation.objects.create(
        name=hostile("Synthetic Bell Org"),
        acronym=hostile("SBO"),
        type=Organisation.Type.NGO,
        country=cambodia,
        is_key_partner=True,
    )
    event = Event.objects.create(
        title=hostile("Synthetic training"),
        description=hostile("Line one\nline two"),
        event_type=Event.Type.TRAINING,
        start_date=dt.date(2021, 9, 1),
        end_date=dt.date(2021, 9, 2),
        country=cambodia,
        pathway=Pathway.objects.get(code="national"),
        lead_organisation=organisation,
        is_synthetic=True,
    )
    person = Person.objects.create(
        full_name=hostile("Sok Dara"),
        latin_name=hostile("Sok Dara"),
        name_key="dara sok",
        email="sok@example.org",
        organisation=organisation,
        country=cambodia,
        is_synthetic=True,
    )
    Attendance.objects.create(event=event, person=person)
    achievement = Achievement.objects.create(
        title=hostile("Synthetic achievement"),
        text=hostile("Synthetic text"),
        date=dt.date(2022, 3, 1),
        country=cambodia,
        outcome_area=OutcomeArea.objects.get(code="justice"),
        status=Achievement.Status.VERIFIED,
    )
    achievement.partners.set([organisation])
    indicator = Indicator.objects.create(
        outcome_area=OutcomeArea.objects.get(code="justice"),
        code="jus-ctrl",
        name=hostile("Synthetic people trained"),
        unit=hostile("people"),
        kind=Indicator.Kind.COMPUTED,
        rule=Rule.PEOPLE_TRAINED,
    )
    IndicatorTarget.objects.create(
        indicator=indicator,
        country=cambodia,
        period_start=dt.date(2021, 7, 1),
        period_end=dt.date(2022, 6, 30),
        baseline=Decimal(0),
        target=Decimal(10),
    )
    return {"event": event}


def _texts(workbook) -> list[str]:
    return [
        cell
        for sheet in workbook.worksheets
        for row in sheet.iter_rows(values_only=True)
        for cell in row
        if isinstance(cell, str)
    ]


XLSX = {"format": "xlsx", **FY}


def _prepared(client, name: str) -> bytes:
    """An export prepared as a job (queued, made by the worker) and downloaded."""
    client.post(reverse(name))
    run_worker()
    job = Job.objects.latest("pk")
    assert job.status == Job.Status.DONE, job.error
    response = client.get(reverse("jobs:job_download", args=[job.pk]))
    assert response.status_code == 200
    return b"".join(response.streaming_content)


def _download(name: str, event: Event) -> tuple[str, dict[str, str]]:
    """The URL and query of each workbook a user can download."""
    if name == "attendance":
        return reverse("activities:attendance_download", args=[event.pk, "xlsx"]), {}
    if name == "indicators":
        return reverse("results:indicators_country", args=["KH"]), XLSX
    if name == "achievements":
        return reverse("results:achievement_list"), {"format": "xlsx"}
    return reverse("results:records_country", args=["KH", name]), XLSX


@pytest.mark.parametrize(
    "download",
    [
        "donor workbook",
        "attendance",
        "events",
        "participants",
        "people-trained",
        "indicators",
        "achievements",
    ],
)
def test_every_workbook_downloads_and_opens_with_control_characters_stored(
    client, admin_user, stored, download
):
    client.force_login(admin_user)
    if download == "donor workbook":
        body = _prepared(client, "reports:workbook_prepare")
    else:
        response = client.get(*_download(download, stored["event"]))
        assert response.status_code == 200
        body = response.content
    texts = _texts(load_workbook(io.BytesIO(body)))
    assert any("Synthetic" in t or "Sok Dara" in t for t in texts)
    assert not [t for t in texts if any(ch in t for ch in CONTROLS)]


def test_donor_workbook_keeps_the_text_around_the_control_characters(client, admin_user, stored):
    client.force_login(admin_user)
    texts = _texts(load_workbook(io.BytesIO(_prepared(client, "reports:workbook_prepare"))))
    assert "Synthetic training[31m" in texts
    assert "Synthetic text[31m" in texts


def test_csv_downloads_carry_no_control_characters(client, admin_user, stored):
    client.force_login(admin_user)
    url = reverse("activities:attendance_download", args=[stored["event"].pk, "csv"])
    text = client.get(url).content.decode("utf-8-sig")
    assert "Sok Dara[31m" in text
    assert not any(ch in text for ch in CONTROLS)


def test_iati_file_is_well_formed_xml_with_control_characters_stored(client, admin_user, stored):
    client.force_login(admin_user)
    root = etree.fromstring(_prepared(client, "reports:iati_prepare"))
    narratives = [n.text for n in root.iter("narrative")]
    assert "Synthetic Bell Org[31m" in narratives
    assert "Synthetic people trained[31m" in narratives


def test_factsheet_pdf_and_json_answer_with_control_characters_stored(client, admin_user, stored):
    client.force_login(admin_user)
    pdf = client.get(reverse("reports:factsheet_pdf", args=["KH"]), FY)
    assert pdf.status_code == 200 and pdf.content.startswith(b"%PDF")
    body = client.get(reverse("reports:factsheet_json", args=["KH"]), FY)
    assert body.status_code == 200
    assert json.loads(body.content)["country"] == "KH"
