from __future__ import annotations

import pytest

from pathways.audit.models import AuditEvent
from pathways.programs.models import Country, Organisation, OutcomeArea, Pathway, Program
from pathways.programs.services import load_reference_data

pytestmark = pytest.mark.django_db


def test_reference_data_has_the_program_as_the_seed_describes_it():
    program = Program.objects.get(short_name="ASEAN-ACT")
    assert (program.start_year, program.end_year, program.duration_years) == (2018, 2028, 10)
    assert program.budget == 80_000_000 and program.currency == "AUD"
    assert program.funder.acronym == "DFAT"
    assert program.implementer.name == "DT Global"


def test_reference_data_has_ten_member_states_with_their_status():
    statuses = dict(Country.objects.values_list("code", "program_status"))
    assert len(statuses) == 10
    assert [c for c, s in sorted(statuses.items()) if s == "active"] == [
        "KH",
        "LA",
        "PH",
        "TH",
        "VN",
    ]
    assert statuses["ID"] == "establishing"
    assert statuses["MM"] == "on_hold"
    assert {c for c, s in statuses.items() if s == "regional"} == {"BN", "MY", "SG"}


def test_cambodia_has_its_focal_point_and_the_seven_partners_of_the_factsheet():
    kh = Country.objects.get(code="KH")
    assert kh.focal_point.startswith("Director General of Prosecution and Criminal Affairs")
    assert kh.focal_point_organisation.acronym == "MoJ"
    key = set(
        Organisation.objects.filter(country=kh, is_key_partner=True).values_list(
            "acronym", flat=True
        )
    )
    assert key == {"CNP", "LSCW", "MoJ", "MoI", "MoSVY", "NCCT", "RAJP"}
    assert kh.provinces.count() == 25


def test_three_pathways_and_three_outcome_areas_in_order():
    assert list(Pathway.objects.values_list("code", flat=True)) == [
        "regional",
        "national",
        "policy",
    ]
    assert list(OutcomeArea.objects.values_list("code", flat=True)) == [
        "justice",
        "victim-rights-gedsi",
        "partnerships",
    ]


def test_loading_reference_data_again_changes_nothing_and_audits_nothing():
    events_before = AuditEvent.objects.count()
    assert load_reference_data() == 0
    assert AuditEvent.objects.count() == events_before


def test_a_changed_reference_value_is_restored_and_audited_with_old_and_new():
    Country.objects.filter(code="MM").update(program_status="active")
    assert load_reference_data() == 1
    event = AuditEvent.objects.latest("id")
    assert event.object_repr == "Myanmar"
    assert event.changes == {"program_status": ["active", "on_hold"]}
