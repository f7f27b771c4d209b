"""Skip reasons are codes in the saved report, shown in the language of whoever reads it."""

from __future__ import annotations

import pytest
from django.urls import reverse
from django.utils import translation
from django.utils.translation import gettext, gettext_lazy

from pathways.accounts.language import set_preferred_language
from pathways.activities.importing import rows
from pathways.activities.models import ImportBatch
from pathways.activities.tests.import_sheets import make_event

pytestmark = pytest.mark.django_db


def test_every_skip_reason_has_a_label_and_an_unknown_code_shows_as_stored():
    codes = {rows.BLANK, rows.TOTALS, rows.BELOW_TOTALS, rows.DUPLICATE, rows.ALREADY_ATTENDS}
    assert set(rows.SKIP_REASONS) == codes
    assert rows.skip_reason_label("a reason from elsewhere") == "a reason from elsewhere"


def test_the_saved_report_shows_skip_reasons_in_the_readers_language(
    client, kh_officer, monkeypatch
):
    # A label the catalogs already translate stands in for one the next catalogs will.
    monkeypatch.setitem(rows.SKIP_REASONS, rows.BLANK, gettext_lazy("Country"))
    event = make_event()
    batch = ImportBatch.objects.create(
        event=event,
        file_name="sheet.csv",
        file_sha256="0" * 64,
        report={"skipped": [{"row": 8, "reason": rows.BLANK}]},
    )
    set_preferred_language(actor=kh_officer, user=kh_officer, language="km")
    client.force_login(kh_officer)
    page = client.get(reverse("activities:import_report", args=[event.pk, batch.pk]))
    with translation.override("km"):
        khmer = gettext("Country")
    assert khmer != "Country"
    assert khmer in page.content.decode()
    assert ImportBatch.objects.get(pk=batch.pk).report["skipped"][0]["reason"] == "blank"
