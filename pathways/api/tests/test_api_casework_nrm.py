"""The NRM coordinator's figures through the API: the dashboard's tables for the country the
coordinator chooses, under the page's rules (403 for another casework role, 404 for no
casework role or a country not coordinated, 422 for a bad filter)."""

from __future__ import annotations

import datetime as dt

import pytest
from django.utils import timezone

from pathways.accounts.models import Role
from pathways.api.tests.factories import api_client, make_user
from pathways.casework.models import AccessEvent, CaseworkRole, Referral
from pathways.casework.nrm_figures import NrmFilters, dashboard_tables
from pathways.casework.tests.conftest import make_agency, staff
from pathways.casework.tests.nrm_helpers import make_referral, referral_world
from pathways.programs.models import Country

pytestmark = pytest.mark.django_db
URL = "/api/v1/casework/nrm/referrals/"
S = Referral.Status


@pytest.fixture
def world():
    kh, la = Country.objects.get(code="KH"), Country.objects.get(code="LA")
    w = referral_world(kh, "Kh")
    w.coordinator = staff(make_agency(kh, "Kh Secretariat"), CaseworkRole.NRM_COORDINATOR)
    w.lao = referral_world(la, "Lao")
    make_referral(w, status=S.OFFERED, respond_by=timezone.now() - dt.timedelta(hours=4))
    make_referral(w, w.second, status=S.DECLINED, decline_reason="no_capacity")
    make_referral(w.lao, status=S.ACCEPTED)
    return w


def test_the_coordinator_reads_the_dashboards_tables(world):
    before = AccessEvent.objects.count()
    response = api_client(world.coordinator).get(URL)
    assert response.status_code == 200
    body = response.json()
    assert body["country"] == "KH"
    tables = {t["key"]: t for t in body["tables"]}
    page = dashboard_tables(NrmFilters(country_id=world.country.pk), timezone.now())
    assert list(tables) == [t.key for t in page]
    assert tables["open"]["rows"] == [["Kh Receiver One", 1, 0, 0, 0, 1]]
    overdue = tables["overdue"]["rows"]
    assert overdue[0][0] == world.case.case_number and overdue[0][-1] == "Overdue by 4 hours"
    assert tables["declines"]["rows"] == [["No capacity", 1]]
    assert "Lao Receiver One" not in response.content.decode()
    assert AccessEvent.objects.count() == before


def test_filters_apply_and_bad_ones_are_named(world):
    client = api_client(world.coordinator)
    body = client.get(URL, {"urgency": "emergency"}).json()
    assert {t["key"]: t["rows"] for t in body["tables"]}["open"] == []
    bad = client.get(URL, {"start": "2026-05-01", "end": "2026-04-01"})
    assert bad.status_code == 422
    assert "The end date is before the start date." in bad.content.decode()
    assert client.get(URL, {"service": "Nonsense"}).status_code == 422


def test_only_a_coordinator_of_the_country_reads_them(world):
    assert api_client(world.worker).get(URL).status_code == 403
    assert api_client(world.coordinator).get(URL, {"country": "LA"}).status_code == 404
    programme = make_user("kh-officer-nrm", Role.DATA_OFFICER, code="KH")
    assert api_client(programme).get(URL).status_code == 404
