from __future__ import annotations

from pathways.demo.obligations import load_demo_obligations
from pathways.reports.models import ObligationStatus
from pathways.reports.tests.factories import make_event


def test_demo_sets_illustrative_statuses_of_cambodia_once(db):
    make_event(country="KH")
    make_event(country="KH")
    assert load_demo_obligations() == 5
    statuses = ObligationStatus.objects.filter(country__code="KH")
    assert statuses.count() == 5
    assert all(s.note.startswith("Illustrative status for the demo (synthetic)") for s in statuses)
    assert statuses.get(article__number=14).events.count() == 2
    assert load_demo_obligations() == 0
    assert ObligationStatus.objects.count() == 5
