"""Evidence through the API: the same rule as the achievement page. Staff-only files are
listed and served to the country's staff; everyone else who sees the achievement gets only
the public ones, and a staff-only file is a 404."""

from __future__ import annotations

import pytest

from pathways.api.tests.factories import api_client
from pathways.results.models import EvidenceFile
from pathways.results.tests.factories import PDF, REPORT, SHEET, verified_with_sheet_and_report

pytestmark = pytest.mark.django_db


@pytest.fixture(autouse=True)
def media(settings, tmp_path):
    settings.MEDIA_ROOT = tmp_path


@pytest.fixture
def files() -> dict[str, EvidenceFile]:
    return verified_with_sheet_and_report()


def listed(user, evidence: EvidenceFile) -> list[dict]:
    detail = api_client(user).get(f"/api/v1/achievements/{evidence.achievement_id}/").json()
    return detail["evidence"]


def test_donor_sees_only_public_evidence_of_an_achievement(donor, files):
    found = listed(donor, files["report"])
    assert [(f["name"], f["public"]) for f in found] == [(REPORT, True)]
    listing = api_client(donor).get("/api/v1/achievements/").json()["results"]
    assert [f["name"] for a in listing for f in a["evidence"]] == [REPORT]


def test_country_staff_see_every_file_and_which_is_public(kh_officer, files):
    found = listed(kh_officer, files["report"])
    assert [(f["name"], f["public"]) for f in found] == [(SHEET, False), (REPORT, True)]


def test_donor_downloads_a_public_file_but_not_a_staff_only_one(donor, files):
    client = api_client(donor)
    (report,) = listed(donor, files["report"])
    response = client.get(report["download"])
    assert response.status_code == 200
    assert b"".join(response.streaming_content) == PDF
    staff_only = client.get(f"/api/v1/evidence/{files['sheet'].pk}/")
    assert staff_only.status_code == 404
    assert "detail" in staff_only.json()


def test_country_staff_download_a_staff_only_file(kh_officer, files):
    response = api_client(kh_officer).get(f"/api/v1/evidence/{files['sheet'].pk}/")
    assert response.status_code == 200
    assert response["X-Content-Type-Options"] == "nosniff"
