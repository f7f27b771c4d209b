"""Reference names in the reader's language on pages and factsheets; in English in the
donor's exports."""

from __future__ import annotations

import datetime as dt
import io
from decimal import Decimal

from django.core.management import call_command
from django.urls import reverse
from django.utils import translation

from pathways.accounts.language import set_preferred_language
from pathways.activities.models import Topic
from pathways.activities.tests.factories import make_event
from pathways.programs.models import Country, OutcomeArea, Province
from pathways.reports.iati import build_iati_xml
from pathways.reports.tests.factories import make_seed_cambodia
from pathways.reports.workbook import event_rows
from pathways.results import services
from pathways.results.models import Indicator

KHMER_TOPIC = "ការកំណត់អត្តសញ្ញាណ (សាកល្បង)"
KHMER_INDICATOR = "អ្នកចូលរួមដែលបានបណ្តុះបណ្តាល (សាកល្បង)"
KHMER_UNIT = "នាក់ (សាកល្បង)"


def _kep() -> Province:
    return Province.objects.get(country__code="KH", name="Kep")


def _indicator() -> Indicator:
    indicator = services.indicator_save(
        actor=None,
        code="JUS-2",
        name="People trained",
        unit="people",
        outcome_area=OutcomeArea.objects.get(code="justice"),
        kind=Indicator.Kind.COMPUTED,
        rule="people_trained",
    )
    indicator.translations = {"km": {"name": KHMER_INDICATOR, "unit": KHMER_UNIT}}
    indicator.save()
    services.target_set(
        actor=None,
        indicator=indicator,
        country=Country.objects.get(code="KH"),
        period_start=dt.date(2021, 7, 1),
        period_end=dt.date(2022, 6, 30),
        target=Decimal(5),
    )
    return indicator


def test_an_event_page_in_khmer_names_its_province_and_topics_in_khmer(client, kh_officer):
    topic = Topic.objects.create(
        name="Victim identification", translations={"km": {"name": KHMER_TOPIC}}
    )
    event = make_event(province=_kep())
    event.topics.set([topic])
    set_preferred_language(actor=kh_officer, user=kh_officer, language="km")
    client.force_login(kh_officer)
    html = client.get(reverse("activities:event_detail", args=[event.pk])).content.decode()
    assert _kep().translations["km"]["name"] in html
    assert KHMER_TOPIC in html
    assert ">Victim identification<" not in html


def test_the_indicator_page_in_khmer_names_the_indicator_and_its_unit_in_khmer(client, kh_manager):
    _indicator()
    set_preferred_language(actor=kh_manager, user=kh_manager, language="km")
    client.force_login(kh_manager)
    url = reverse("results:indicators_country", args=["KH"])
    html = client.get(f"{url}?start=2021-07-01&end=2022-06-30").content.decode()
    assert KHMER_INDICATOR in html and KHMER_UNIT in html
    csv = client.get(f"{url}?start=2021-07-01&end=2022-06-30&format=csv").content.decode(
        "utf-8-sig"
    )
    assert KHMER_INDICATOR in csv


def test_the_indicator_page_in_english_keeps_the_english(client, kh_manager):
    _indicator()
    client.force_login(kh_manager)
    url = reverse("results:indicators_country", args=["KH"])
    html = client.get(f"{url}?start=2021-07-01&end=2022-06-30").content.decode()
    assert "People trained" in html and KHMER_INDICATOR not in html


def test_a_khmer_factsheet_uses_the_names_written_for_khmer(db):
    make_seed_cambodia()
    cambodia = Country.objects.get(code="KH")
    cambodia.translations = {**cambodia.translations, "km": {"name": "កម្ពុជា (សាកល្បង)"}}
    cambodia.save()
    out = io.StringIO()
    call_command(
        "factsheet",
        "--country",
        "KH",
        "--start",
        "2021-07-01",
        "--end",
        "2022-06-30",
        "--format",
        "html",
        "--lang",
        "km",
        stdout=out,
    )
    html = out.getvalue()
    assert "កម្ពុជា (សាកល្បង)" in html


def test_donor_exports_keep_the_english_names_whatever_the_language(db):
    indicator = _indicator()
    make_event(province=_kep(), start_date=dt.date(2021, 9, 1))
    with translation.override("km"):
        xml = build_iati_xml(country=Country.objects.get(code="KH")).decode()
        rows = list(event_rows())
    assert indicator.name in xml and KHMER_INDICATOR not in xml
    assert "Cambodia" in xml
    cells = {str(cell) for row in rows for cell in row}
    assert {"Kep", "Cambodia"} <= cells
    assert not cells & {_kep().translations["km"]["name"], "កម្ពុជា"}
