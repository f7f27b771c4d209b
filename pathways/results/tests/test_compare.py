"""Headline figures beside the same dates a year earlier; indicators on track or not."""

from __future__ import annotations

import datetime as dt
from decimal import Decimal

import pytest
from django.urls import reverse

from pathways.results.compare import (
    AT_RISK,
    OFF_TRACK,
    ON_TRACK,
    Change,
    elapsed_share,
    track,
)
from pathways.results.periods import Period, financial_year
from pathways.results.tests.factories import make_event

KH = reverse("results:dashboard_country", args=["KH"])
FY = "start=2021-07-01&end=2022-06-30"


def test_a_year_earlier_keeps_the_dates_and_moves_29_february_to_the_28th():
    assert financial_year(2021).year_earlier() == financial_year(2020)
    leap = Period(dt.date(2024, 2, 29), dt.date(2024, 3, 31))
    assert leap.year_earlier() == Period(dt.date(2023, 2, 28), dt.date(2023, 3, 31))


def test_a_change_is_a_whole_percent_of_the_earlier_figure():
    assert Change(now=3, before=2).percent == 50
    assert Change(now=2, before=3).percent == 33
    assert Change(now=1, before=8).percent == 88  # 87.5 rounds half up
    assert Change(now=5, before=0).percent is None


def test_the_share_of_a_period_gone_by_counts_both_ends():
    start, end = dt.date(2022, 1, 1), dt.date(2022, 1, 10)
    assert elapsed_share(start, end, dt.date(2022, 1, 5)) == Decimal("0.5")
    assert elapsed_share(start, end, dt.date(2021, 12, 1)) == 0
    assert elapsed_share(start, end, dt.date(2023, 1, 1)) == 1


@pytest.mark.parametrize(
    ("value", "expected"),
    [(50, ON_TRACK), (38, AT_RISK), (37, OFF_TRACK), (None, None)],
)
def test_on_track_at_risk_and_off_track_follow_the_share_of_the_period_gone_by(value, expected):
    # Half the period gone, target 100: 50 expected by now, at risk from 37.5.
    days = {"start": dt.date(2022, 1, 1), "end": dt.date(2022, 1, 10), "today": dt.date(2022, 1, 5)}
    amount = None if value is None else Decimal(value)
    assert track(amount, Decimal(100), **days) == expected


@pytest.mark.django_db
def test_each_headline_figure_says_its_change_from_a_year_earlier(client, kh_manager):
    for day in (dt.date(2020, 9, 1), dt.date(2020, 10, 1)):
        make_event(start=day)
    for day in (dt.date(2021, 9, 1), dt.date(2021, 10, 1), dt.date(2021, 11, 1)):
        make_event(start=day)
    client.force_login(kh_manager)
    html = client.get(f"{KH}?{FY}").content.decode()
    assert "up 50% from 2 in the same dates a year earlier" in html
    earlier = client.get(f"{KH}?start=2020-07-01&end=2021-06-30").content.decode()
    assert "none in the same dates a year earlier" in earlier


@pytest.mark.django_db
def test_indicators_show_their_status_in_words_with_a_legend(client, kh_manager):
    from pathways.demo.results import load_demo_results

    load_demo_results()
    client.force_login(kh_manager)
    html = client.get(f"{KH}?{FY}").content.decode()
    assert "Status, as of today:" in html
    # The legend shows each of the three; every indicator with a target and a value has one.
    table = html[html.index('id="indicators-h"') : html.index("Status, as of today:")]
    assert table.count("<progress ") > 0
    assert table.count('class="track track-') == table.count("<progress ")
