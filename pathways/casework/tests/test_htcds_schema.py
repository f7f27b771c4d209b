"""The HTCDS export speaks the standard: its schema is the one derived from IOM's sheet, the
enumerations mapped to HTCDS fields store the sheet's value names, and every field and value
an export uses is in the sheet (or is a declared local extension, named loc_…)."""

from __future__ import annotations

import datetime as dt
from typing import Any

import pytest
from django.utils import timezone

from pathways.casework import reading
from pathways.casework.htcds import schema, standard
from pathways.casework.htcds.export import CASE_STATUS, build_document
from pathways.casework.models import AccessEvent, Case, IdentificationDecision
from pathways.casework.tests.identification_helpers import formal_decision
from pathways.casework.tests.pages import build_world

SHEET = {field.name: field for field in standard.read_sheet()}


def values_of(name: str) -> set[str]:
    return set(SHEET[name].values)


def test_the_committed_schema_is_the_one_derived_from_the_sheet():
    committed = schema.SCHEMA_PATH.read_text(encoding="utf-8")
    assert committed == schema.render(schema.derive_schema(SHEET)), (
        "run `manage.py htcds_schema` and commit pathways/casework/htcds/htcds-2.0.schema.json"
    )


def test_the_sheet_is_read_whole():
    assert len(SHEET) > 80 and {"prs_FirstName", "vic_TypeOfExploitation", "con_Consent"} <= set(
        SHEET
    )
    assert "DebtBondage" in values_of("vic_MethodsOfControl")  # a trailing space in the cell
    assert (
        SHEET["prs_Citizenship"].code_list == "ISO 3166" and SHEET["prs_Citizenship"].values == ()
    )
    assert SHEET["vic_Vulnerabilities"].is_retired
    assert (
        "vic_Vulnerabilities"
        not in schema.derive_schema(SHEET)["properties"]["victim"]["properties"]
    )


def test_enumerations_mapped_to_htcds_store_its_value_names():
    exploitation = set(Case.ExploitationType.values) - schema.LOCAL_EXPLOITATION_TYPES
    assert exploitation == values_of("vic_TypeOfExploitation")
    assert not schema.LOCAL_EXPLOITATION_TYPES & values_of("vic_TypeOfExploitation")
    status = set(IdentificationDecision.Status.values)
    assert status == values_of("vic_TraffickingStatus")
    org_type = set(IdentificationDecision.DecisionMakingOrg.values)
    assert org_type == values_of("vic_TraffickingStatusDecisionMakingOrg")
    assert {*CASE_STATUS.values(), "Active"} <= values_of("cas_Status")


@pytest.fixture
def exported(kh, la) -> dict[str, Any]:
    """The fullest export there is: a supervisor's, of every section, of a case of forced
    criminality with a formal identification."""
    w = build_world(kh, la)
    Case.objects.filter(pk=w.case.pk).update(
        exploitation_type=Case.ExploitationType.FORCED_CRIMINALITY
    )
    case = Case.objects.select_related("client", "country", "owner_agency").get(pk=w.case.pk)
    decision = formal_decision(case, IdentificationDecision.Status.ACTUAL)
    view = reading.open_case(
        w.supervisor, case, via=AccessEvent.Via.WEB, action=AccessEvent.Action.EXPORT
    )
    return build_document(
        view, decision=decision, exported_by="Supervisor (sup)", exported_at=timezone.now()
    )


def records(document: dict[str, Any]):
    """(group, record) for every record of the document's HTCDS groups."""
    for key, _prefix, many in schema.GROUPS:
        for record in document.get(key, []) if many else [document.get(key, {})]:
            yield key, record


def test_every_field_and_value_an_export_uses_is_in_the_standard(exported):
    local = schema.local_fields()
    used = 0
    for group, record in records(exported):
        for name, value in record.items():
            if name.startswith(schema.LOCAL_PREFIX):
                assert name in local.get(group, {}), f"{group}.{name} is not a declared extension"
                continue
            assert name in SHEET and not SHEET[name].is_retired, f"{name} is not in HTCDS 2.0"
            used += 1
            allowed = values_of(name)
            for item in value if isinstance(value, list) else [value]:
                assert not allowed or item in allowed, f"{name}: {item!r} is not a value name"
    assert used >= 10
    assert schema.schema_errors(exported) == []


def test_forced_criminality_leaves_as_other_with_the_local_value(exported):
    victim = exported["victim"]
    assert victim["vic_TypeOfExploitation"] == ["Other"]
    assert victim["loc_TypeOfExploitation"] == "ForcedCriminality"
    assert victim["vic_TraffickingStatus"] == "ActualVictimOfTrafficking"
    assert victim["vic_TraffickingStatusDecisionMakingOrg"] == "Police"


def test_the_schema_refuses_names_and_values_outside_the_standard(exported):
    wrong_value = {**exported, "victim": {"vic_TypeOfExploitation": ["ForcedCriminality"]}}
    assert schema.schema_errors(wrong_value) == ["victim/vic_TypeOfExploitation/0: enum"]
    unknown_field = {**exported, "case": {**exported["case"], "cas_Priority": "High"}}
    assert schema.schema_errors(unknown_field) == ["case: additionalProperties"]
    retired = {**exported, "victim": {"vic_DetailsOfVulnerabilities": "x"}}
    assert schema.schema_errors(retired) == ["victim: additionalProperties"]
    bad_date = {**exported, "person": {"prs_Birthdate": dt.date(2001, 5, 4).strftime("%d/%m/%Y")}}
    assert schema.schema_errors(bad_date) == ["person/prs_Birthdate: pattern"]


def test_the_schema_command_says_when_the_committed_file_is_stale(tmp_path, monkeypatch):
    from django.core.management import CommandError, call_command

    from pathways.casework.management.commands import htcds_schema

    stale = tmp_path / "htcds-2.0.schema.json"
    stale.write_text("{}\n", encoding="utf-8")
    monkeypatch.setattr(htcds_schema, "SCHEMA_PATH", stale)
    with pytest.raises(CommandError, match="not the schema derived from the standard"):
        call_command("htcds_schema", "--check")
    call_command("htcds_schema")
    assert stale.read_text(encoding="utf-8") == schema.render(schema.derive_schema(SHEET))
    call_command("htcds_schema", "--check")
