from __future__ import annotations

import datetime as dt

import pytest

from pathways.api.tests.factories import api_client, attend, country, make_event, make_person
from pathways.programs.models import OutcomeArea
from pathways.results.models import Achievement, Indicator, IndicatorTarget

pytestmark = pytest.mark.django_db

FY = {"start": "2021-07-01", "end": "2022-06-30"}


def make_indicator_with_target(code: str = "KH") -> IndicatorTarget:
    indicator = Indicator.objects.create(
        outcome_area=OutcomeArea.objects.get(code="justice"),
        code="synthetic-trained",
        name="People trained (synthetic)",
        unit="people",
        kind=Indicator.Kind.COMPUTED,
        rule="people_trained",
    )
    return IndicatorTarget.objects.create(
        indicator=indicator,
        country=country(code),
        period_start=dt.date(2021, 7, 1),
        period_end=dt.date(2022, 6, 30),
        baseline=0,
        target=4,
    )


def make_achievement(status: str, title: str = "Synthetic achievement") -> Achievement:
    return Achievement.objects.create(
        title=title,
        text="Synthetic text.",
        date=dt.date(2022, 3, 1),
        country=country("KH"),
        outcome_area=OutcomeArea.objects.get(code="justice"),
        status=status,
    )


def test_indicators_give_value_and_progress_against_the_target(kh_officer):
    make_indicator_with_target()
    training = make_event(event_type="training")
    attend(training, make_person(name="Sok Dara"))
    body = api_client(kh_officer).get("/api/v1/indicators/", {"country": "KH", **FY}).json()
    row = body["results"][0]
    assert row["indicator"]["code"] == "synthetic-trained"
    assert row["target"]["country"] == "KH"
    assert float(row["value"]) == 1 and row["percent"] == 25


def test_indicators_out_of_scope_country_is_404(la_manager):
    response = api_client(la_manager).get("/api/v1/indicators/", {"country": "KH", **FY})
    assert response.status_code == 404


def test_donor_sees_verified_achievements_only(donor, kh_officer):
    make_achievement(Achievement.Status.VERIFIED, "Verified one")
    make_achievement(Achievement.Status.DRAFT, "Draft one")
    donor_titles = {
        a["title"] for a in api_client(donor).get("/api/v1/achievements/").json()["results"]
    }
    officer = api_client(kh_officer).get("/api/v1/achievements/").json()["results"]
    assert donor_titles == {"Verified one"}
    assert {a["title"] for a in officer} == {"Verified one", "Draft one"}


def test_draft_achievement_detail_is_404_for_the_donor(donor):
    draft = make_achievement(Achievement.Status.DRAFT)
    assert api_client(donor).get(f"/api/v1/achievements/{draft.pk}/").status_code == 404


def achievement_payload(**overrides):
    return {
        "title": "Synthetic SOP review",
        "text": "Two workshops reviewed the SOPs (synthetic).",
        "date": "2022-02-01",
        "country": "KH",
        "outcome_area": "justice",
        **overrides,
    }


def test_officer_creates_a_draft_achievement(kh_officer):
    event = make_event()
    response = api_client(kh_officer).post(
        "/api/v1/achievements/",
        achievement_payload(related_events=[event.pk]),
        content_type="application/json",
    )
    assert response.status_code == 201, response.content
    assert response.json()["status"] == "draft"
    assert response.json()["related_events"] == [event.pk]


def test_achievement_text_is_stored_without_control_characters(kh_officer):
    response = api_client(kh_officer).post(
        "/api/v1/achievements/",
        achievement_payload(title="\u202eGuidelines\x1b[8m reviewed", text="Done.\r\nAdopted.\x07"),
        content_type="application/json",
    )
    assert response.status_code == 201, response.content
    achievement = Achievement.objects.get()
    assert (achievement.title, achievement.text) == ("Guidelines[8m reviewed", "Done.\nAdopted.")


def test_achievement_create_checks_role_scope_and_fields(donor, la_manager, kh_officer):
    def post(user, **overrides):
        return api_client(user).post(
            "/api/v1/achievements/",
            achievement_payload(**overrides),
            content_type="application/json",
        )

    assert post(donor).status_code == 403
    assert post(la_manager).status_code == 404
    response = post(kh_officer, outcome_area="nowhere")
    assert response.status_code == 422
    assert response.json()["errors"][0]["field"] == "outcome_area"
    assert not Achievement.objects.exists()


def test_achievement_create_names_an_unknown_partner(kh_officer):
    response = api_client(kh_officer).post(
        "/api/v1/achievements/",
        achievement_payload(partners=[987654]),
        content_type="application/json",
    )
    assert response.status_code == 422
    assert response.json()["errors"][0]["field"] == "partners"
    assert not Achievement.objects.exists()


def test_admin_cannot_relate_another_countrys_event_to_an_achievement(admin_user):
    la_event = make_event(code="LA")
    response = api_client(admin_user).post(
        "/api/v1/achievements/",
        achievement_payload(related_events=[la_event.pk]),
        content_type="application/json",
    )
    assert response.status_code == 422
    assert response.json()["errors"][0]["field"] == "related_events"
    assert not Achievement.objects.exists()
