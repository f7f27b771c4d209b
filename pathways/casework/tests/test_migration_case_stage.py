"""The migration that ties a case's status to its stage moves cases closed before stages
existed into the closed stage, so its constraint holds for the data already there."""

from __future__ import annotations

import datetime as dt

import pytest
from django.db import connection
from django.db.migrations.executor import MigrationExecutor

from pathways.programs.services import load_reference_data

BEFORE = [("casework", "0009_identification_and_case_stages")]
AFTER = [("casework", "0010_case_status_follows_stage")]


@pytest.mark.django_db(transaction=True)
def test_cases_closed_before_stages_existed_move_to_the_closed_stage():
    load_reference_data()  # an earlier test that commits may have emptied the database
    executor = MigrationExecutor(connection)
    executor.migrate(BEFORE)
    apps = executor.loader.project_state(BEFORE).apps
    Country = apps.get_model("programs", "Country")
    Organisation = apps.get_model("programs", "Organisation")
    Client = apps.get_model("casework", "Client")
    Case = apps.get_model("casework", "Case")
    country = Country.objects.get(code="KH")
    agency = Organisation.objects.create(name="Migration shelter", type="ngo", country=country)
    client = Client.objects.create(
        country=country, owner_agency=agency, sex="female", age_band="18-24", data_key_id="k"
    )
    common = {"client": client, "country": country, "owner_agency": agency, "data_key_id": "k"}
    closed = Case.objects.create(
        case_number="KH-2025-00001",
        status="closed",
        stage="open",
        opened_on=dt.date(2025, 1, 6),
        closed_on=dt.date(2025, 6, 30),
        **common,
    )
    working = Case.objects.create(
        case_number="KH-2025-00002", stage="services", opened_on=dt.date(2025, 2, 3), **common
    )

    executor = MigrationExecutor(connection)
    executor.migrate(AFTER)
    apps = executor.loader.project_state(AFTER).apps
    Case = apps.get_model("casework", "Case")
    assert Case.objects.get(pk=closed.pk).stage == "closed"
    assert (Case.objects.get(pk=working.pk).stage, Case.objects.get(pk=working.pk).status) == (
        "services",
        "open",
    )
    executor.loader.build_graph()
    executor.migrate(executor.loader.graph.leaf_nodes())
