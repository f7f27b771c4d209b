"""The screening pages: need to know (another agency's staff get 404, the restricted field
only for those allowed), consent and its refusal, answers per dimension, the suggestion
confirmed or overridden with a reason, a presumed victim referred with a case, and a stale
form told what the screening is now with nothing lost."""

from __future__ import annotations

import re

import pytest
from django.urls import reverse

from pathways.casework.indicators import FOLDER, load_file
from pathways.casework.models import (
    AccessEvent,
    Case,
    IdentificationDecision,
    Screening,
)
from pathways.casework.screening_forms import SUGGESTED_TYPES
from pathways.casework.services import screening_answer, screening_start
from pathways.casework.tests.pages import browser_as, build_world

pytestmark = pytest.mark.django_db
LIST = reverse("casework:screening_list")
NEW = reverse("casework:screening_new")
SECRET_ACTS = "Made to send messages to strangers from the third floor"
SECRET_NOTES = "Recruited by a cousin through Telegram"


@pytest.fixture
def w(kh, la):
    world = build_world(kh, la)
    world.scam = load_file(FOLDER / "scam-compound.json").indicator_set
    world.consent = load_file(FOLDER / "consent-interview.json").indicator_set
    return world


def url(name: str, screening: Screening, *args) -> str:
    return reverse(f"casework:{name}", args=[screening.pk, *args])


def draft(w, actor, **extra) -> Screening:
    values = {
        "location_type": Screening.LocationType.BORDER_CHECKPOINT,
        "sex": "male",
        "age_band": "25-34",
        "nationality": "VN",
        "indicator_set": w.scam,
        "interview_language": "vi",
        **extra,
    }
    return screening_start(actor=actor, agency=w.shelter, **values)


def consented(w, actor) -> Screening:
    screening = draft(w, actor)
    return screening_answer(
        actor=actor, screening=screening, consent_to_interview="yes", consent_set=w.consent
    )


def fresh(screening: Screening) -> Screening:
    return Screening.objects.get(pk=screening.pk)


def checked(page: str, name: str, value: str) -> bool:
    return bool(re.search(rf'<input type="radio" name="{name}" value="{value}"[^>]*checked', page))


def all_answers(w, value: str = "yes", skip: str = "") -> dict[str, str]:
    codes = w.scam.indicators.values_list("code", flat=True)
    return {code: value for code in codes if code != skip}


def answer_every_page(browser, w, screening, answers: dict[str, str]) -> None:
    for step, dimension in enumerate(w.scam.dimensions, start=1):
        codes = w.scam.indicators.filter(dimension=dimension["code"]).values_list("code", flat=True)
        version = fresh(screening).version
        posted = {code: answers[code] for code in codes if code in answers}
        response = browser.post(
            url("screening_questions", screening, step), {"version": version, **posted}
        )
        assert response.status_code == 302, response.content.decode()[:2000]


# --- who sees what ------------------------------------------------------------------------------


def test_another_agencys_staff_get_404_on_every_screening_page(w):
    screening = consented(w, w.screener)
    names = ["screening_detail", "screening_setup", "screening_consent", "screening_notes"]
    names += ["screening_triage", "screening_outcome"]
    for user in (w.other_worker, w.other_breaker, w.coordinator):
        browser = browser_as(user)
        for name in names:
            assert browser.get(url(name, screening)).status_code == 404, (user, name)
        assert browser.get(url("screening_questions", screening, 1)).status_code == 404
        assert browser.post(url("screening_close", screening), {"version": 0}).status_code == 404


def test_roles_that_do_not_screen_get_403_and_no_link(w):
    for user in (w.auditor, w.agency_admin, w.lawyer):
        browser = browser_as(user)
        assert browser.get(LIST).status_code == 403
        assert browser.get(NEW).status_code == 403
        assert LIST not in browser.get(reverse("casework:worklist")).content.decode()
    worklist = browser_as(w.screener).get(reverse("casework:worklist")).content.decode()
    assert LIST in worklist


def test_list_shows_the_users_screenings_newest_first_with_state_in_words(w):
    mine = consented(w, w.screener)
    declined = draft(w, w.screener, consent_to_interview="no")
    colleagues = draft(w, w.worker)
    page = browser_as(w.screener).get(LIST).content.decode()
    assert url("screening_detail", mine) in page
    assert url("screening_detail", declined) in page
    assert url("screening_detail", colleagues) not in page  # not theirs, not supervised
    assert "Declined by the person" in page
    assert page.index(url("screening_detail", declined)) < page.index(url("screening_detail", mine))
    filtered = browser_as(w.screener).get(LIST, {"state": "draft"}).content.decode()
    assert url("screening_detail", declined) not in filtered
    assert url("screening_detail", mine) in filtered
    supervisor = browser_as(w.supervisor).get(LIST).content.decode()
    assert url("screening_detail", colleagues) in supervisor


def test_restricted_acts_and_answers_only_to_those_allowed_and_logged(w):
    screening = consented(w, w.screener)
    screening_answer(
        actor=w.screener,
        screening=screening,
        answers={"dr-01": "yes"},
        exploitation_notes=SECRET_NOTES,
        unlawful_acts=SECRET_ACTS,
    )
    as_screener = browser_as(w.screener).get(url("screening_detail", screening)).content.decode()
    assert SECRET_NOTES in as_screener
    assert SECRET_ACTS not in as_screener  # a screener writes it but does not read it back
    notes_page = browser_as(w.screener).get(url("screening_notes", screening)).content.decode()
    assert SECRET_ACTS not in notes_page
    assert "Something is already recorded here, which you cannot read." in notes_page
    as_supervisor = browser_as(w.supervisor).get(url("screening_detail", screening))
    assert SECRET_ACTS in as_supervisor.content.decode()
    event = AccessEvent.objects.filter(user=w.supervisor, screening_id=screening.pk).get()
    assert set(event.fields) == {
        "screening.answers",
        "screening.exploitation_notes",
        "screening.unlawful_acts",
    }
    logged = AccessEvent.objects.filter(user=w.screener, screening_id=screening.pk).first()
    assert "screening.unlawful_acts" not in logged.fields
    for user in (w.other_worker, w.other_breaker):
        response = browser_as(user).get(url("screening_detail", screening))
        assert response.status_code == 404
        assert SECRET_ACTS not in response.content.decode()
        assert SECRET_NOTES not in response.content.decode()


def test_a_screener_adds_to_restricted_acts_without_losing_them(w):
    screening = consented(w, w.screener)
    screening_answer(actor=w.screener, screening=screening, unlawful_acts=SECRET_ACTS)
    browser_as(w.screener).post(
        url("screening_notes", screening),
        {"version": fresh(screening).version, "unlawful_acts": "Carried phones across"},
    )
    page = browser_as(w.supervisor).get(url("screening_detail", screening)).content.decode()
    assert SECRET_ACTS in page and "Carried phones across" in page


# --- start and consent --------------------------------------------------------------------------


def test_start_shows_sets_awaiting_review_and_creates_a_draft(w):
    browser = browser_as(w.screener)
    page = browser.get(NEW).content.decode()
    assert "awaits national review" in page
    response = browser.post(
        NEW,
        {
            "screened_on": "2026-01-05",
            "location_type": "border_checkpoint",
            "sex": "female",
            "age_band": "18-24",
            "nationality": "id",
            "interview_language": "id",
            "indicator_set": w.scam.pk,
        },
    )
    screening = Screening.objects.get(screener=w.screener)
    assert response.status_code == 302
    assert response["Location"] == url("screening_consent", screening)
    assert (screening.state, screening.nationality, screening.interview_language) == (
        "draft",
        "ID",
        "id",
    )


def test_start_with_bad_input_names_the_field_and_writes_nothing(w):
    response = browser_as(w.screener).post(
        NEW, {"screened_on": "2026-01-05", "nationality": "V1", "indicator_set": w.scam.pk}
    )
    page = response.content.decode()
    assert response.status_code == 200
    assert "Give a two-letter country code" in page
    assert not Screening.objects.exists()


def test_consent_script_in_the_interview_language_with_screener_and_agency(w):
    screening = draft(w, w.screener)
    page = browser_as(w.screener).get(url("screening_consent", screening)).content.decode()
    assert "Shelter Alpha" in page and w.screener.username in page
    assert "{screener}" not in page and "{agency}" not in page
    assert w.consent.script["vi"].split("{")[0].strip() in page
    for item in w.consent.consent_items:
        assert item["text"]["vi"] in page


def test_refusal_ends_the_interview_keeping_four_facts(w):
    screening = draft(w, w.screener, province="Poipet")
    response = browser_as(w.screener).post(
        url("screening_consent", screening),
        {"version": screening.version, "decision": "no", "informed_of_purpose": "on"},
    )
    assert response.status_code == 302
    screening = fresh(screening)
    assert screening.state == Screening.State.DECLINED_BY_PERSON
    assert (screening.sex, screening.age_band, screening.nationality) == ("male", "25-34", "VN")
    assert screening.location_type == "border_checkpoint"
    assert (screening.province, screening.interview_language, screening.indicator_set) == (
        "",
        "",
        None,
    )
    assert not screening.informed_of_purpose


def test_a_roster_draft_with_minimal_fields_is_set_up_then_interviewed(w):
    screening = screening_start(
        actor=w.screener,
        agency=w.shelter,
        location_type="border_checkpoint",
        sex="male",
        age_band="18-24",
    )
    browser = browser_as(w.screener)
    assert browser.get(url("screening_detail", screening)).status_code == 200
    assert browser.get(url("screening_consent", screening)).status_code == 200
    response = browser.post(
        url("screening_setup", screening),
        {"version": screening.version, "interview_language": "my", "indicator_set": w.scam.pk},
    )
    assert response["Location"] == url("screening_consent", screening)
    page = browser.get(url("screening_consent", screening)).content.decode()
    assert w.consent.consent_items[0]["text"]["my"] in page


# --- answers, suggestion, outcome ---------------------------------------------------------------


def test_each_question_needs_an_answer_and_nothing_is_written_without(w):
    screening = consented(w, w.worker)
    response = browser_as(w.worker).post(
        url("screening_questions", screening, 1), {"version": screening.version, "dr-01": "yes"}
    )
    page = response.content.decode()
    assert response.status_code == 200
    assert "does not want to answer" in page
    assert checked(page, "dr-01", "yes")  # what was posted stays
    assert fresh(screening).version == screening.version


def test_submit_waits_for_every_answer(w):
    screening = consented(w, w.worker)
    # Answered elsewhere (another page, the API) but for one question.
    screening_answer(actor=w.worker, screening=screening, answers=all_answers(w, skip="av-02"))
    browser = browser_as(w.worker)
    response = browser.post(
        url("screening_notes", screening),
        {"version": fresh(screening).version, "exploitation_notes": SECRET_NOTES},
    )
    assert response["Location"] == url("screening_notes", screening)
    assert fresh(screening).state == Screening.State.DRAFT
    notes = browser.get(url("screening_notes", screening)).content.decode()
    assert "Questions still without an answer" in notes and SECRET_NOTES in notes
    assert url("screening_questions", screening, 5) in notes


def flow_to_triage(w, browser, screening, answers) -> None:
    answer_every_page(browser, w, screening, answers)
    response = browser.post(
        url("screening_notes", screening), {"version": fresh(screening).version}
    )
    assert response["Location"] == url("screening_triage", screening)


def test_override_needs_a_reason_and_confirming_leads_to_refer(w):
    screening = consented(w, w.worker)
    browser = browser_as(w.worker)
    flow_to_triage(w, browser, screening, all_answers(w))
    page = browser.get(url("screening_triage", screening)).content.decode()
    assert "The rule suggests: Presumed victim" in page
    assert "Deceptive recruitment" in page
    version = fresh(screening).version
    response = browser.post(
        url("screening_triage", screening),
        {"version": version, "confirmed_outcome": "no_indicators", "override_reason": ""},
    )
    assert response.status_code == 200
    assert "a reason is required" in response.content.decode()
    assert fresh(screening).state == Screening.State.SUBMITTED
    response = browser.post(
        url("screening_triage", screening),
        {"version": version, "confirmed_outcome": "presumed_victim"},
    )
    assert response["Location"] == url("screening_outcome", screening)
    assert fresh(screening).state == Screening.State.INDICATORS_PRESENT


def test_override_with_a_reason_is_recorded_and_closes_with_other_services(w):
    screening = consented(w, w.worker)
    browser = browser_as(w.worker)
    flow_to_triage(w, browser, screening, all_answers(w))
    browser.post(
        url("screening_triage", screening),
        {
            "version": fresh(screening).version,
            "confirmed_outcome": "no_indicators",
            "override_reason": "Answers given to please the interpreter",
        },
    )
    screening = fresh(screening)
    assert (screening.state, screening.is_override) == (Screening.State.NO_INDICATORS, True)
    browser.post(url("screening_close", screening), {"version": screening.version})
    assert fresh(screening).state == Screening.State.CLOSED_NO_INDICATORS
    page = browser.get(url("screening_detail", screening)).content.decode()
    assert "Answers given to please the interpreter" in page
    assert "Closed, no indicators" in page


def test_presumed_victim_creates_the_case_and_links_it(w):
    screening = consented(w, w.worker)
    browser = browser_as(w.worker)
    flow_to_triage(w, browser, screening, all_answers(w))
    browser.post(
        url("screening_triage", screening),
        {"version": fresh(screening).version, "confirmed_outcome": "presumed_victim"},
    )
    # The set the interview used suggests its form of exploitation; the screener decides.
    form = browser.get(url("screening_outcome", screening)).content.decode()
    suggested = SUGGESTED_TYPES[fresh(screening).indicator_set.exploitation]
    assert f'<option value="{suggested}" selected>' in form
    response = browser.post(
        url("screening_outcome", screening),
        {
            "version": fresh(screening).version,
            "first_name": "Minh",
            "last_name": "Tran",
            "exploitation_type": Case.ExploitationType.FORCED_CRIMINALITY,
        },
    )
    assert response["Location"] == url("screening_detail", screening)
    screening = fresh(screening)
    assert screening.state == Screening.State.PRESUMED_VICTIM
    case = Case.objects.get(pk=screening.case_id)
    assert case.stage == Case.Stage.PRESUMED
    assert case.exploitation_type == Case.ExploitationType.FORCED_CRIMINALITY
    assert IdentificationDecision.objects.filter(case=case).exists()
    page = browser.get(url("screening_detail", screening)).content.decode()
    assert reverse("casework:case_detail", args=[case.pk]) in page
    assert case.case_number in page


def test_refer_without_a_name_is_refused_with_nothing_written(w):
    screening = consented(w, w.worker)
    browser = browser_as(w.worker)
    flow_to_triage(w, browser, screening, all_answers(w))
    browser.post(
        url("screening_triage", screening),
        {"version": fresh(screening).version, "confirmed_outcome": "presumed_victim"},
    )
    response = browser.post(
        url("screening_outcome", screening), {"version": fresh(screening).version}
    )
    assert response.status_code == 200
    assert fresh(screening).state == Screening.State.INDICATORS_PRESENT
    assert not Case.objects.filter(screenings=screening).exists()


# --- two people at once -------------------------------------------------------------------------


def test_a_stale_form_is_told_what_changed_and_keeps_the_posted_answers(w):
    screening = consented(w, w.worker)
    shown_at = screening.version
    # Meanwhile the supervisor records an answer on the same screening.
    screening_answer(actor=w.supervisor, screening=fresh(screening), answers={"dr-01": "no"})
    posted = {"dr-01": "yes", "dr-02": "unknown", "dr-03": "refused", "dr-04": "no"}
    response = browser_as(w.worker).post(
        url("screening_questions", screening, 1), {"version": shown_at, **posted}
    )
    page = response.content.decode()
    assert response.status_code == 200
    assert "Someone else changed this screening" in page
    assert "Recorded now: No" in page
    assert checked(page, "dr-03", "refused")  # the user's own answers are kept
    assert checked(page, "dr-01", "yes")
    assert f'name="version" value="{fresh(screening).version}"' in page
    from pathways.casework.reading import screening_answers_for_services

    assert screening_answers_for_services(fresh(screening)) == {"dr-01": "no"}


def test_the_auditor_finds_the_screening_read_in_the_access_log(w):
    screening = consented(w, w.screener)
    screening_answer(actor=w.screener, screening=screening, exploitation_notes=SECRET_NOTES)
    browser_as(w.supervisor).get(url("screening_detail", screening))
    log = browser_as(w.auditor).get(reverse("casework:access_log")).content.decode()
    assert "screening.exploitation_notes" in log
    assert f"<td>{screening.pk}</td>" in log
    assert SECRET_NOTES not in log


def test_the_screener_reads_the_consent_in_their_own_language_beside_the_persons(w):
    screening = draft(w, w.screener)
    page = browser_as(w.screener).get(url("screening_consent", screening)).content.decode()
    assert "The script in your language" in page
    assert w.consent.consent_items[0]["text"]["en"] in page


def test_triage_by_someone_else_first_is_told_and_the_reason_typed_kept(w):
    screening = consented(w, w.worker)
    browser = browser_as(w.worker)
    flow_to_triage(w, browser, screening, all_answers(w))
    shown_at = fresh(screening).version
    from pathways.casework.services import screening_triage

    screening_triage(
        actor=w.supervisor, screening=fresh(screening), confirmed_outcome="presumed_victim"
    )
    response = browser.post(
        url("screening_triage", screening),
        {
            "version": shown_at,
            "confirmed_outcome": "no_indicators",
            "override_reason": "Synthetic reason typed on a slow network",
        },
    )
    page = response.content.decode()
    assert response.status_code == 200
    assert "Someone else changed this screening" in page and "Indicators present" in page
    assert "Synthetic reason typed on a slow network" in page
    screening = fresh(screening)
    assert (screening.state, screening.is_override) == ("indicators_present", False)
