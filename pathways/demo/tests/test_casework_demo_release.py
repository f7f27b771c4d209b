"""The demo's statistics release: Cambodia's ACTIP tables of the year its formal
identifications fall in, drafted, reviewed and published through the services by the
demo's statistician and focal point, with no cell under 11 shown."""

from __future__ import annotations

import pytest
from django.db.models.functions import ExtractYear

from conftest import PASSWORD
from pathways.audit.models import AuditEvent
from pathways.casework.models import CaseworkRole, IdentificationDecision, StaffMembership
from pathways.demo.casework import load_casework_demo
from pathways.stats.disclosure import THRESHOLD, PublishedTable
from pathways.stats.disclosure_audit import EXPOSURE_WIDTH
from pathways.stats.models import StatRelease
from pathways.stats.tests.test_attack import attack

pytestmark = pytest.mark.django_db


def test_the_demo_publishes_cambodias_release_through_the_services():
    demo = load_casework_demo(password=PASSWORD, clients=60)
    roles = dict(
        StaffMembership.objects.filter(
            user__username__in=["kh_statistician", "kh_dpo"]
        ).values_list("user__username", "role")
    )
    assert roles == {
        "kh_statistician": CaseworkRole.STATISTICIAN,
        "kh_dpo": CaseworkRole.DATA_PROTECTION,
    }
    assert demo.release is not None, demo.release_refused
    release = StatRelease.objects.get()
    formal = IdentificationDecision.objects.filter(
        country__code="KH", level="formal", status=IdentificationDecision.Status.ACTUAL
    ).annotate(year=ExtractYear("decided_at"))
    assert formal.filter(year=release.year).exists()
    assert release.status == StatRelease.Status.PUBLISHED and release.country.code == "KH"
    assert release.created_by.username == release.published_by.username == "kh_statistician"
    assert release.reviewed_by.username == "kh_dpo"
    cells = [value for table in release.tables for _row, _column, value in table["cells"]]
    # No cell under 11 is shown: a count is a range from 10 up ("10–14" is 11 to 14), "<11",
    # "x" (11 or more, hidden) or a structural 0; and the cohort gives ranges to show.
    assert {kind for kind, _low, _high in cells} <= {"zero", "suppressed", "hidden", "rounded"}
    assert all(low >= THRESHOLD - 1 for kind, low, _high in cells if kind == "rounded")
    assert sum(kind == "rounded" for kind, _low, _high in cells) >= 10
    entries = AuditEvent.objects.filter(
        content_type__model="statrelease", object_id=str(release.pk)
    )
    assert entries.count() == 3 and {e.source for e in entries} == {AuditEvent.Source.COMMAND}
    # Loading again leaves the published release as it is.
    again = load_casework_demo(password=PASSWORD, clients=60)
    assert again.release.pk == release.pk and StatRelease.objects.count() == 1


def test_the_demo_release_survives_the_attack_test():
    """Every value the release publishes, read as its range and solved for by linear
    programming over each population's joint table, leaves every "<11" cell at least 5 wide."""
    load_casework_demo(password=PASSWORD, clients=60)
    release = StatRelease.objects.get()
    published = [PublishedTable.from_json(table) for table in release.tables]
    ranges = attack(published, enough=EXPOSURE_WIDTH)
    assert ranges, "the attack bounded no suppressed cell"
    narrow = {cell: bounds for cell, bounds in ranges.items() if bounds[1] - bounds[0] < 5}
    assert not narrow
