"""The load run's own parts that must stay true as the app changes: it reads the import
preview the pages really render, and it rewrites only its section of docs/performance.md."""

from __future__ import annotations

import pytest
from django.core.files.uploadedfile import SimpleUploadedFile
from django.urls import reverse

from bench.load import percentile
from bench.load_run import END, SHEET_ROWS, START, mapping_fields, sheet, write_section
from pathways.activities.tests.factories import make_event


def test_load_section_replaces_only_its_own_part(tmp_path):
    path = tmp_path / "performance.md"
    path.write_text(f"# Performance\n\nimport: 2.1x\n\n{START}\nold figures\n{END}\n\n## Notes\n")
    write_section(f"{START}\nnew figures\n{END}\n", path)
    text = path.read_text()
    assert "new figures" in text and "old figures" not in text
    assert text.startswith("# Performance\n\nimport: 2.1x\n")
    assert text.rstrip().endswith("## Notes")
    assert text.count(START) == 1


def test_load_section_is_added_to_a_file_without_one(tmp_path):
    path = tmp_path / "performance.md"
    write_section(f"{START}\nfigures\n{END}\n", path)
    assert path.read_text() == f"{START}\nfigures\n{END}\n"
    path.write_text("# Performance\n")
    write_section(f"{START}\nfigures\n{END}\n", path)
    assert path.read_text() == f"# Performance\n\n{START}\nfigures\n{END}\n"


def test_percentiles_are_nearest_rank():
    values = [float(v) for v in range(1, 101)]
    assert percentile(values, 50) == 50
    assert percentile(values, 95) == 95
    assert percentile(values, 99) == 99
    assert percentile([], 95) == 0


@pytest.mark.django_db
def test_the_load_run_reads_the_mapping_the_preview_page_shows(client, kh_officer):
    event = make_event()
    client.force_login(kh_officer)
    upload = client.post(
        reverse("activities:import_upload", args=[event.pk]),
        {"file": SimpleUploadedFile("sign-in.xlsx", sheet(seed=1))},
    )
    assert upload.status_code == 302
    preview = client.get(upload.url).content.decode()
    assert mapping_fields(preview) == {"col_0": "full_name", "col_1": "sex", "col_2": "phone"}
    confirm = client.post(upload.url, {**mapping_fields(preview), "action": "confirm"})
    assert "/import/report/" in confirm.url
    assert event.attendances.count() == SHEET_ROWS
