from __future__ import annotations

import xml.etree.ElementTree as ET

from pathways.results import charts
from pathways.results.figures import SexBreakdown

SVG = "{http://www.w3.org/2000/svg}"


def parse(markup: str) -> ET.Element:
    root = ET.fromstring(markup)  # noqa: S314 - our own markup
    assert root.tag == f"{SVG}svg"
    assert root.get("role") == "img"
    assert root.find(f"{SVG}title").text
    assert root.find(f"{SVG}desc").text
    return root


def texts(root: ET.Element) -> list[str]:
    return [t.text for t in root.iter(f"{SVG}text")]


def test_bar_chart_is_valid_svg_with_each_number_as_text():
    root = parse(
        charts.bar_chart(title="Events by type", items=[("Workshop", 1250), ("Training", 10)])
    )
    assert "1,250" in texts(root) and "10" in texts(root)
    assert "Workshop: 1,250" in root.find(f"{SVG}desc").text


def test_column_chart_labels_quarters_and_values():
    items = [("2021–22 Q1", 300), ("2021–22 Q2", 0), ("2021–22 Q3", 738)]
    found = texts(parse(charts.column_chart(title="Participants by quarter", items=items)))
    assert {"2021–22 Q1", "2021–22 Q3", "300", "0", "738"} <= set(found)


def test_sex_share_bar_writes_counts_and_shares_and_shows_not_recorded_when_non_zero():
    root = parse(charts.sex_share_bar(title="Participants", sex=SexBreakdown(women=363, men=675)))
    assert "Women: 363 (35%)" in texts(root) and "Men: 675 (65%)" in texts(root)
    assert not any("Not recorded" in t for t in texts(root))
    root = parse(charts.sex_share_bar(title="P", sex=SexBreakdown(women=1, men=2, not_recorded=1)))
    assert "Not recorded: 1 (25%)" in texts(root)


def test_stacked_sex_bars_write_each_total():
    items = [
        ("Police", SexBreakdown(women=10, men=90)),
        ("Prosecutor", SexBreakdown(women=7, men=15)),
    ]
    root = parse(charts.stacked_sex_bars(title="People trained by position", items=items))
    assert {"100", "22", "Police", "Prosecutor"} <= set(texts(root))


def test_charts_need_no_script_font_files_or_css_variables():
    sex = SexBreakdown(women=1, men=1)
    for markup in (
        charts.bar_chart(title="t", items=[("a", 1)]),
        charts.column_chart(title="t", items=[("a", 1)]),
        charts.sex_share_bar(title="t", sex=sex),
        charts.stacked_sex_bars(title="t", items=[("a", sex)]),
    ):
        assert "<script" not in markup and "var(" not in markup and "@font-face" not in markup
        assert "url(" not in markup


def test_labels_are_escaped():
    root = parse(charts.bar_chart(title="<b>", items=[("NGO & <friends>", 3)]))
    assert "NGO & <friends>" in texts(root)


def test_empty_charts_say_so():
    assert "No records in this period." in texts(parse(charts.bar_chart(title="t", items=[])))
