from __future__ import annotations

import datetime as dt
import io

import pytest
from django.core.management import CommandError, call_command

from pathways.activities.models import Sex
from pathways.audit.models import AuditEvent
from pathways.reports.models import Publication
from pathways.reports.tests.factories import attend, make_event, make_people

KH = ["--kind", "factsheet", "--country", "KH", "--start", "2021-07-01", "--end", "2022-06-30"]


def run(*args: str) -> str:
    out = io.StringIO()
    call_command("publish", *args, stdout=out, stderr=io.StringIO())
    return out.getvalue().strip()


@pytest.fixture
def cambodia(db):
    attend(make_event(start=dt.date(2021, 9, 1)), make_people(country="KH", sexes=[Sex.MAN] * 4))


def test_the_command_publishes_a_khmer_factsheet_and_prints_its_id(cambodia):
    printed = run(*KH, "--language", "km")
    publication = Publication.objects.get()
    assert printed == str(publication.pk)
    assert publication.language == "km" and publication.published_by is None
    assert publication.file_name.endswith("-km.pdf")
    participants = [r for r in publication.figures["rows"] if r["figure"] == "participants"]
    assert participants == [
        {
            "place": "KH",
            "start": "2021-07-01",
            "end": "2022-06-30",
            "figure": "participants",
            "value": 4,
        }
    ]
    audit = AuditEvent.objects.get(content_type__model="publication")
    assert audit.source == "command" and audit.actor is None


def test_the_command_publishes_the_region_factsheet_and_the_workbook_as_a_user(cambodia):
    region = Publication.objects.get(
        pk=run("--kind", "factsheet", "--start", "2021-07-01", "--end", "2022-06-30")
    )
    assert region.country is None
    workbook = Publication.objects.get(pk=run("--kind", "workbook", "--user", "admin"))
    assert workbook.published_by.username == "admin"
    assert bytes(workbook.content).startswith(b"PK")


@pytest.mark.parametrize(
    ("args", "message"),
    [
        (
            ["--kind", "factsheet", "--country", "KH", "--start", "2021-07-01"],
            "give its start and end",
        ),
        ([*KH[:-1], "30/06/2022"], "Invalid date"),
        (["--kind", "iati", "--country", "KH"], "cover the region"),
        (["--kind", "factsheet", "--country", "XX", *KH[4:]], "Unknown country"),
        ([*KH, "--user", "donor"], "may not publish"),
        ([*KH, "--user", "nobody"], "No active user"),
    ],
)
def test_the_command_refuses_bad_requests_and_keeps_nothing(cambodia, args, message):
    with pytest.raises(CommandError, match=message):
        run(*args)
    assert not Publication.objects.exists()
