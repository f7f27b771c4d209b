from __future__ import annotations

import datetime as dt
import io
import re

import pytest
from django.conf import settings
from django.urls import reverse
from openpyxl import load_workbook

from pathways.activities.models import Attendance, Event, Person
from pathways.results.tests.factories import (
    attend,
    make_cambodia_like,
    make_event,
    make_person,
    make_training,
)

pytestmark = pytest.mark.django_db
FY = "start=2021-07-01&end=2022-06-30"
KH = reverse("results:dashboard_country", args=["KH"])
REGION = reverse("results:dashboard_region")


def records_url(figure: str, code: str | None = "KH") -> str:
    if code is None:
        return reverse("results:records_region", args=[figure])
    return reverse("results:records_country", args=[code, figure])


def figure_text(html: str, element_id: str) -> str:
    match = re.search(rf'id="{element_id}">([^<]+)<', html)
    assert match, element_id
    return match.group(1)


@pytest.fixture
def cambodia(db):
    return make_cambodia_like()


def test_kh_manager_sees_the_factsheet_figures_on_the_cambodia_dashboard(
    client, kh_manager, cambodia
):
    client.force_login(kh_manager)
    html = client.get(f"{KH}?{FY}").content.decode()
    assert figure_text(html, "fig-events") == "35"
    assert figure_text(html, "fig-participants") == "1,038"
    assert "35% women, 65% men" in html
    assert figure_text(html, "fig-cd-events") == "10"
    assert figure_text(html, "fig-people-trained") == "328"
    assert "34% women, 66% men" in html
    assert "not recorded)" not in html  # no not-recorded share when it is zero


def test_khmer_dashboard_shows_figures_names_and_shares_in_khmer(client, kh_manager, cambodia):
    client.force_login(kh_manager)
    client.cookies[settings.LANGUAGE_COOKIE_NAME] = "km"
    # Khmer catalog strings carry zero-width spaces as word breaks.
    html = client.get(f"{KH}?{FY}").content.decode().replace("\u200b", "")
    assert figure_text(html, "fig-people-trained") == "328"
    assert "ផ្ទាំងព័ត៌មាន៖ កម្ពុជា" in html  # Dashboard: Cambodia
    assert "ស្ត្រី 34%, បុរស 66%" in html  # 34% women, 66% men
    assert "ការពង្រឹងសមត្ថភាពថ្នាក់ជាតិ" in html  # the national pathway, in the chart
    assert "Enhancing national-level capacity" not in html


@pytest.mark.parametrize(
    "element_id, figure",
    [
        ("fig-events", "events"),
        ("fig-participants", "participants"),
        ("fig-cd-events", "capacity-development-events"),
        ("fig-people-trained", "people-trained"),
    ],
)
def test_each_headline_figure_links_to_its_records(client, kh_manager, element_id, figure):
    client.force_login(kh_manager)
    html = client.get(f"{KH}?{FY}").content.decode()
    link = re.search(rf'<a href="([^"]*)" id="{element_id}">', html)
    assert link, element_id
    assert link.group(1).replace("&amp;", "&") == f"{records_url(figure)}?{FY}"


def test_dashboard_without_events_says_so_instead_of_showing_shares_of_nothing(client, kh_manager):
    client.force_login(kh_manager)
    html = client.get(KH).content.decode()
    assert figure_text(html, "fig-participants") == "0"
    assert "No event starts in this period." in html
    assert "0% women" not in html


def test_default_period_is_the_latest_financial_year_with_data(client, kh_manager, cambodia):
    client.force_login(kh_manager)
    html = client.get(KH).content.decode()
    assert "Financial year 2021–22" in html
    assert figure_text(html, "fig-events") == "35"


def test_a_non_zero_not_recorded_share_is_shown(client, kh_manager):
    event = make_event()
    attend(event, make_person(sex="woman"))
    attend(event, make_person(sex="not_recorded"))
    client.force_login(kh_manager)
    html = client.get(f"{KH}?{FY}").content.decode()
    assert "50% women, 0% men, 50% not recorded" in html


def test_invalid_dates_give_a_message_not_an_error(client, kh_manager, cambodia):
    client.force_login(kh_manager)
    response = client.get(f"{KH}?start=2021-13-01&end=yesterday")
    assert response.status_code == 200
    assert "The dates could not be used" in response.content.decode()
    response = client.get(f"{KH}?start=2022-06-30&end=2021-07-01")
    assert "The end date cannot be before the start date." in response.content.decode()


@pytest.mark.parametrize(
    ("figure", "expected"),
    [
        ("events", 35),
        ("participants", 1038),
        ("capacity-development-events", 10),
        ("people-trained", 328),
    ],
)
def test_drill_down_lists_as_many_records_as_the_figure(
    client, kh_manager, cambodia, figure, expected
):
    client.force_login(kh_manager)
    html = client.get(f"{records_url(figure)}?{FY}").content.decode()
    assert figure_text(html, "record-count") == f"{expected:,}"
    rows = client.get(f"{records_url(figure)}?{FY}&format=csv").content.decode("utf-8-sig")
    title, _headers, *records = rows.strip().splitlines()
    assert title == "Cambodia"
    assert len(records) == expected


@pytest.mark.parametrize("figure", ["participants", "people-trained"])
def test_donor_sees_the_same_figures_without_names(client, donor, cambodia, figure):
    client.force_login(donor)
    html = client.get(f"{KH}?{FY}").content.decode()
    assert figure_text(html, "fig-people-trained") == "328"
    page = client.get(f"{records_url(figure)}?{FY}").content.decode()
    assert "T woman 0" not in page and "O man 1" not in page
    total = 1038 if figure == "participants" else 328
    assert f"The rows add up to {total:,}." in page
    download = client.get(f"{records_url(figure)}?{FY}&format=csv").content.decode("utf-8-sig")
    assert not any(p.full_name in download for p in Person.objects.all()[:50])


def test_kh_manager_sees_names_behind_people_trained(client, kh_manager, cambodia):
    client.force_login(kh_manager)
    page = client.get(f"{records_url('people-trained')}?{FY}").content.decode()
    assert "T man 0" in page or "T woman 0" in page


def test_records_download_as_xlsx_with_the_same_rows(client, kh_manager, cambodia):
    client.force_login(kh_manager)
    response = client.get(f"{records_url('events')}?{FY}&format=xlsx")
    sheet = load_workbook(io.BytesIO(response.content)).active
    assert sheet["A1"].value == "Cambodia"
    assert sheet.max_row - 2 == 35


def test_new_attendance_changes_the_figures_on_the_next_load(client, kh_manager, cambodia):
    client.force_login(kh_manager)
    training = Event.objects.filter(event_type="training", start_date__year=2022).first()
    Attendance.objects.create(event=training, person=make_person(sex="woman"))
    html = client.get(f"{KH}?{FY}").content.decode()
    assert figure_text(html, "fig-participants") == "1,039"
    assert figure_text(html, "fig-people-trained") == "329"


def test_breakdown_rows_link_to_records_that_count_the_row(client, kh_manager, cambodia):
    client.force_login(kh_manager)
    url = reverse("results:breakdown_country", args=["KH"])
    html = client.get(f"{url}?{FY}&figure=people-trained&by=position").content.decode()
    link = re.search(r'href="([^"]*records/people-trained/[^"]*position=prosecutor[^"]*)"', html)
    assert link
    page = client.get(link.group(1).replace("&amp;", "&")).content.decode()
    assert figure_text(page, "record-count") == "112"


def test_breakdown_by_quarter_links_to_the_quarter(client, kh_manager, cambodia):
    client.force_login(kh_manager)
    url = reverse("results:breakdown_country", args=["KH"])
    html = client.get(f"{url}?{FY}&figure=events&by=quarter").content.decode()
    assert "2021–22 Q1" in html
    assert "start=2021-07-01&amp;end=2021-09-30" in html


def test_breakdown_filters_name_pathways_and_countries_in_khmer(client, kh_manager):
    client.force_login(kh_manager)
    client.cookies[settings.LANGUAGE_COOKIE_NAME] = "km"
    html = client.get(reverse("results:breakdown_country", args=["KH"])).content.decode()
    assert ">ការ​ពង្រឹង​សមត្ថភាព​ថ្នាក់​ជាតិ</option>" in html  # Enhancing national-level capacity
    assert ">កម្ពុជា</option>" in html


def test_breakdown_downloads_csv(client, donor, cambodia):
    client.force_login(donor)
    url = reverse("results:breakdown_country", args=["KH"])
    body = client.get(f"{url}?{FY}&figure=participants&by=sex&format=csv").content
    text = body.decode("utf-8-sig")
    # One row of women, men, other and not recorded, not one mostly empty row per sex.
    assert "All,363,675,0,0,1038,35,65,0" in text


def test_a_breakdown_that_does_not_apply_is_an_error_message(client, kh_manager):
    client.force_login(kh_manager)
    url = reverse("results:breakdown_country", args=["KH"])
    response = client.get(f"{url}?figure=events&by=sex")
    assert response.status_code == 200
    assert "Events are not split by a person" in response.content.decode()


# --- Access -------------------------------------------------------------------------------------


@pytest.mark.parametrize(
    ("persona", "url", "status"),
    [
        ("kh_manager", KH, 200),
        ("kh_officer", KH, 200),
        ("donor", KH, 200),
        ("admin", KH, 200),
        ("lscw_partner", KH, 200),
        ("la_manager", KH, 404),
        ("lscw_partner", reverse("results:dashboard_country", args=["LA"]), 404),
        ("donor", REGION, 200),
        ("admin", REGION, 200),
        ("kh_manager", REGION, 302),
        ("la_manager", records_url("people-trained"), 404),
        ("la_manager", records_url("events", None), 404),
        ("donor", records_url("events", None), 200),
        ("kh_officer", reverse("results:breakdown_country", args=["VN"]), 404),
        ("kh_officer", reverse("results:indicators_country", args=["KH"]), 200),
        ("kh_officer", reverse("results:indicators_region"), 404),
        ("donor", records_url("no-such-figure"), 404),
        ("donor", reverse("results:dashboard_country", args=["XX"]), 404),
    ],
)
def test_dashboard_access(client, personas, persona, url, status):
    client.force_login(personas[persona])
    assert client.get(url).status_code == status


def test_anonymous_users_are_sent_to_sign_in(client):
    response = client.get(KH)
    assert response.status_code == 302 and "login" in response["Location"]


def test_partner_dashboard_counts_only_the_partners_events(client, lscw_partner):
    attend(make_event(lead="LSCW"), make_person(name="Partner Participant"))
    attend(make_training(), make_person(name="Someone Else"))
    client.force_login(lscw_partner)
    html = client.get(f"{KH}?{FY}").content.decode()
    assert figure_text(html, "fig-events") == "1"
    assert figure_text(html, "fig-participants") == "1"
    page = client.get(f"{records_url('participants')}?{FY}").content.decode()
    assert "Partner Participant" in page and "Someone Else" not in page


def test_partner_sees_no_names_from_other_organisations_events(client, lscw_partner):
    attend(make_event(lead="MoJ"), make_person(name="Other Org Person"))
    client.force_login(lscw_partner)
    page = client.get(f"{records_url('participants')}?{FY}").content.decode()
    assert "Other Org Person" not in page


def test_region_dashboard_links_each_visible_country(client, donor):
    make_event(code="LA", start=dt.date(2021, 8, 1))
    client.force_login(donor)
    html = client.get(f"{REGION}?{FY}").content.decode()
    assert reverse("results:dashboard_country", args=["LA"]) in html
    assert figure_text(html, "fig-events") == "1"


def test_dashboard_needs_a_small_fixed_number_of_queries(
    client, kh_manager, cambodia, django_assert_max_num_queries
):
    from pathways.demo.results import load_demo_results

    load_demo_results()  # nine Cambodia targets for the year
    client.force_login(kh_manager)
    client.get(f"{KH}?{FY}")
    with django_assert_max_num_queries(25):
        html = client.get(f"{KH}?{FY}").content.decode()
    # Reused headline figures and indicators counted on their own agree.
    assert re.search(
        r"JUS-2</strong> People trained.*?<td class=\"num\">328</td>",
        html,
        re.S,
    )
    assert re.search(
        r"JUS-3</strong> Prosecutors trained.*?<td class=\"num\">112</td>",
        html,
        re.S,
    )


def test_breakdown_form_shows_the_figure_and_split_the_page_shows(client, donor, cambodia):
    client.force_login(donor)
    url = reverse("results:breakdown_country", args=["KH"])
    response = client.get(f"{url}?{FY}")
    form = response.context["form"]
    assert (form["figure"].value(), form["by"].value()) == ("participants", "sex")
    html = response.content.decode()
    assert '<option value="participants" selected>' in html
    assert "<svg" in html and "Women" in html  # drawn beside the table


def test_a_split_that_cannot_be_made_is_said_and_the_form_shows_what_is_shown(
    client, donor, cambodia
):
    client.force_login(donor)
    url = reverse("results:breakdown_country", args=["KH"])
    response = client.get(f"{url}?{FY}&figure=events&by=sex", follow=True)
    html = response.content.decode()
    assert "Events are not split by a person&#x27;s attributes." in html
    assert "Showing participants by sex instead." in html
    assert response.context["form"]["figure"].value() == "participants"


def test_event_breakdowns_draw_bars_beside_their_table(client, donor, cambodia):
    client.force_login(donor)
    url = reverse("results:breakdown_country", args=["KH"])
    html = client.get(f"{url}?{FY}&figure=events&by=event_type").content.decode()
    assert html.count("<svg") >= 1 and "Training" in html
