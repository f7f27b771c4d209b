"""The map of ASEAN member states by program status, drawn from the shipped outlines."""

from __future__ import annotations

import re
from pathlib import Path

import pytest
from django.conf import settings
from django.urls import reverse

from pathways.programs.models import Country
from pathways.reports.asean_map import MAP_SVG, STATUS_FILLS, asean_map, outlines
from pathways.reports.rendering import render_factsheet_html
from pathways.reports.tests.factories import SEED_END, SEED_START


def test_shipped_map_is_self_contained():
    svg = MAP_SVG.read_text(encoding="utf-8")
    # Nothing fetched when it is drawn: no links, images, scripts or styles to load.
    assert not re.search(
        r"href|<image|<script|<style|url\(|https?://(?!www\.w3\.org/2000/svg)", svg
    )
    assert "hand-drawn" in svg and "licence" in svg
    view_box, shapes = outlines()
    assert view_box.count(" ") == 3
    assert all(shape.d.startswith("M") and shape.d.endswith("Z") for shape in shapes.values())


@pytest.mark.django_db
def test_every_member_state_has_an_outline_and_a_status_colour():
    codes = set(Country.objects.values_list("code", flat=True))
    assert codes == {"BN", "KH", "ID", "LA", "MY", "MM", "PH", "SG", "TH", "VN"}
    assert codes <= set(outlines()[1])
    assert set(STATUS_FILLS) == set(Country.Status)


@pytest.mark.django_db
def test_legend_names_each_status_and_its_countries():
    countries = list(Country.objects.order_by("name"))
    cambodia = Country.objects.get(code="KH")
    drawn = asean_map(countries, current=cambodia)
    legend = {entry.status: {c.code for c in entry.countries} for entry in drawn.legend}
    by_status = {}
    for c in countries:
        by_status.setdefault(c.program_status, set()).add(c.code)
    assert legend == by_status
    assert [c.country.code for c in drawn.countries if c.is_current] == ["KH"]


@pytest.mark.django_db
def test_two_sided_factsheet_and_page_show_the_map_with_its_legend(client, kh_officer):
    from pathways.activities.universe import universe_of_all
    from pathways.reports.factsheet import build_factsheet

    Country.objects.filter(code="MM").update(program_status=Country.Status.ON_HOLD)
    factsheet = build_factsheet(
        universe=universe_of_all(Country.objects.get(code="KH")), start=SEED_START, end=SEED_END
    )
    html = render_factsheet_html(factsheet, language="en", sides=2)
    assert html.count('<path d="M') == 10
    assert "National programming on hold:</strong> Myanmar" in html
    assert 'fill="url(#fs-hatch)"' in html
    assert "<title" in html.split('class="fs-map-svg"')[1]
    one_page = render_factsheet_html(factsheet, language="en", sides=1)
    assert 'class="fs-map-svg"' not in one_page
    client.force_login(kh_officer)
    page = client.get(
        reverse("reports:factsheet", args=["KH"]),
        {"start": SEED_START.isoformat(), "end": SEED_END.isoformat()},
    ).content.decode()
    assert "National programming on hold:</strong> Myanmar" in page


def test_legend_keys_have_the_map_colours():
    css = (Path(settings.BASE_DIR) / "static" / "css" / "factsheet.css").read_text()
    for status, fill in STATUS_FILLS.items():
        rule = re.search(rf"\.fs-map-key-{status} {{ background: ([^;]+);", css)
        assert rule, status
        if fill.startswith("#"):
            assert rule.group(1) == fill
        else:
            assert "#6b7684" in rule.group(1) and "#e4e7eb" in rule.group(1)
