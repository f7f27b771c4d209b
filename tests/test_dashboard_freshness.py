"""A country's cached dashboard stands until the records its figures read change.

Each test loads Cambodia's dashboard, then adds an attendance straight to the database (no
service, no audit: nothing tells the cache), then does one thing through the application.
If that thing is one the dashboard's figures read, the next load shows both; if not, the
next load still shows the cached page, without the attendance added behind its back.
"""

from __future__ import annotations

import datetime as dt
from decimal import Decimal

import pytest
from django.urls import reverse

from pathways.activities.dedup.merging import person_merge
from pathways.activities.dedup.review import candidate_keep_apart
from pathways.activities.importing.service import import_file
from pathways.activities.models import DuplicateCandidate
from pathways.activities.services import attendance_add
from pathways.activities.tests.import_sheets import csv_bytes, signin_sheet
from pathways.casework.access_log import access_record
from pathways.casework.services import case_open
from pathways.casework.tests.conftest import (
    a_reader,
    make_agency,
    register,
    sample_identity,
)
from pathways.programs.models import Country, OutcomeArea
from pathways.results.figures import Rule
from pathways.results.models import Indicator
from pathways.results.services import target_set
from pathways.results.tests.factories import attend, make_person, make_training

pytestmark = pytest.mark.django_db

FY = "start=2021-07-01&end=2022-06-30"
KH = reverse("results:dashboard_country", args=["KH"])


def participants(client) -> int:
    html = client.get(f"{KH}?{FY}").content.decode()
    return int(html.split('id="fig-participants">', 1)[1].split("<", 1)[0])


@pytest.fixture
def shown(client, kh_manager):
    """Cambodia's dashboard showing one participant, then a second added unannounced:
    returns the training, for the tests to add to."""
    training = make_training()
    attend(training, make_person(name="First Person"))
    client.force_login(kh_manager)
    assert participants(client) == 1
    attend(training, make_person(name="Added Unannounced"))
    return training


def test_a_casework_write_in_the_same_country_leaves_the_dashboard_cached(shown, client):
    kh = Country.objects.get(code="KH")
    agency = make_agency(kh)
    case_open(actor=None, client=register(kh, agency))
    assert participants(client) == 1


def test_an_access_event_in_another_country_leaves_the_dashboard_cached(shown, client):
    la = Country.objects.get(code="LA")
    agency = make_agency(la)
    victim = register(la, agency, sample_identity(mobile_phone="020 5555 1234"))
    access_record(
        user=a_reader(), action="view", client_ids=[victim.pk], fields=["first_name"], via="web"
    )
    assert participants(client) == 1


def test_an_attendance_in_another_country_leaves_the_dashboard_cached(shown, client, admin_user):
    laos = make_training(code="LA")
    attendance_add(actor=admin_user, event=laos, person=make_person(code="LA", name="In Laos"))
    assert participants(client) == 1


def test_an_import_in_the_country_refreshes_it(shown, client, kh_officer):
    import_file(
        actor=kh_officer, event=shown, data=csv_bytes(signin_sheet()), file_name="sheet.csv"
    )
    # The two on record and the sheet's three.
    assert participants(client) == 5


def test_a_merge_in_the_country_refreshes_it(shown, client, kh_manager):
    one, other = make_person(name="Sok Dara"), make_person(name="Sok  Dara")
    attend(make_training(), one)
    person_merge(actor=kh_manager, kept=one, merged=other)
    assert participants(client) == 3


def test_a_review_decision_in_the_country_refreshes_it(shown, client, kh_manager):
    one, other = make_person(name="Keo Vanna"), make_person(name="Keo Vana")
    candidate = DuplicateCandidate.objects.create(
        person_a=one, person_b=other, score=0.7, reasons=["similar_name"]
    )
    candidate_keep_apart(actor=kh_manager, candidate=candidate)
    assert participants(client) == 2


def test_a_target_change_in_the_country_refreshes_it(shown, client, admin_user):
    indicator = Indicator.objects.create(  # no service: nothing tells the cache
        code="JUS-2",
        name="People trained",
        unit="people",
        outcome_area=OutcomeArea.objects.get(code="justice"),
        kind=Indicator.Kind.COMPUTED,
        rule=Rule.PEOPLE_TRAINED,
    )
    target_set(
        actor=admin_user,
        indicator=indicator,
        country=Country.objects.get(code="KH"),
        period_start=dt.date(2021, 7, 1),
        period_end=dt.date(2022, 6, 30),
        target=Decimal(40),
    )
    assert participants(client) == 2
