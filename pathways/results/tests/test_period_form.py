"""The one reporting-period form, as the dashboards and the factsheets show it, and the one
field-error fragment every hand-written field uses."""

from __future__ import annotations

import datetime as dt
import re
from collections import Counter

import pytest
from django.template.loader import render_to_string
from django.urls import reverse
from django.utils import translation

from pathways.results.forms import PeriodForm

pytestmark = pytest.mark.django_db
BACKWARDS = {"start": "2022-06-30", "end": "2021-07-01"}
MESSAGE = "The end date cannot be before the start date."


def _duplicate_ids(html: str) -> list[str]:
    return [i for i, n in Counter(re.findall(r'\sid="([^"]+)"', html)).items() if n > 1]


def _assert_end_tied_to_its_error(html: str) -> None:
    end_input = re.search(r'<input[^>]*name="end"[^>]*>', html).group(0)
    assert 'aria-invalid="true"' in end_input
    assert 'aria-describedby="id_end_error"' in end_input
    assert f'<ul class="errorlist" id="id_end_error"><li>{MESSAGE}</li></ul>' in html
    assert not _duplicate_ids(html)


@pytest.mark.parametrize(
    "url",
    [
        reverse("results:dashboard_country", args=["KH"]),
        reverse("results:dashboard_region"),
        reverse("reports:factsheet", args=["KH"]),
        reverse("reports:region_factsheet"),
    ],
)
def test_a_backwards_period_names_the_end_field_on_dashboards_and_factsheets(
    client, admin_user, url
):
    client.force_login(admin_user)
    _assert_end_tied_to_its_error(client.get(url, BACKWARDS).content.decode())


def test_the_factsheet_download_says_the_same_about_a_backwards_period(client, admin_user):
    client.force_login(admin_user)
    response = client.get(reverse("reports:factsheet_json", args=["KH"]), BACKWARDS)
    assert response.status_code == 400
    assert MESSAGE in response.content.decode()


def test_the_date_inputs_hold_iso_dates_in_every_language():
    form = PeriodForm(initial={"start": dt.date(2021, 7, 1), "end": dt.date(2022, 6, 30)})
    for language in ("en", "km", "vi"):
        with translation.override(language):
            html = str(form["start"])
        assert 'type="date"' in html and 'value="2021-07-01"' in html


def test_the_error_fragment_matches_what_django_renders_for_a_field():
    """Pages built with as_field_group and those built with field_errors.html tie errors
    the same way: the id Django's aria-describedby names."""
    form = PeriodForm(BACKWARDS)
    assert not form.is_valid()
    ours = render_to_string("field_errors.html", {"field": form["end"]}).strip()
    assert ours == str(form["end"].errors)
    assert form["end"].aria_describedby == "id_end_error"
