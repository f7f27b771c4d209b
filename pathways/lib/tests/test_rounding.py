from __future__ import annotations

import pytest

from pathways.lib.rounding import percent_half_up


@pytest.mark.parametrize(
    "part, total, shown",
    [
        (1, 8, 13),  # 12.5 %: half even would print 12
        (5, 8, 63),  # 62.5 %: half even would print 62
        (1, 40, 3),  # 2.5 %: half even would print 2
        (363, 1038, 35),  # the example of docs/counting-rules.md, 34.97 %
        (1, 3, 33),
        (2, 3, 67),
    ],
)
def test_a_share_is_rounded_half_up_to_a_whole_percent(part, total, shown):
    assert percent_half_up(part, total) == shown


def test_a_half_is_rounded_up_exactly_not_after_binary_fractions():
    # 0.145 is 14.499999... as a float; the factsheet prints 29 of 200 as 15 %, not 14 %.
    assert percent_half_up(29, 200) == 15


def test_the_parts_of_nothing_are_zero_percent():
    assert percent_half_up(0, 0) == 0
    assert percent_half_up(3, 0) == 0
    assert percent_half_up(0, 7) == 0


def test_a_total_of_one_is_a_whole_share_not_nothing():
    # A factsheet over a single participant still prints 100 % (or 0 %), never blanks it.
    assert percent_half_up(1, 1) == 100
    assert percent_half_up(0, 1) == 0
