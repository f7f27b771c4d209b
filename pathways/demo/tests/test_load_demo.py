from __future__ import annotations

import io

import pytest
from django.core.management import CommandError, call_command
from django.db import connection

from pathways.activities.models import Event

pytestmark = pytest.mark.django_db


def load() -> str:
    out = io.StringIO()
    call_command("load_demo", stdout=out)
    return out.getvalue()


def test_first_load_reports_what_it_created():
    assert "Demo data loaded: " in load()
    assert Event.objects.filter(country__code="KH").exists()


def test_demo_data_is_refused_in_production_mode(settings):
    settings.PRODUCTION = True
    with pytest.raises(CommandError, match="never loaded in production"):
        load()
    assert not Event.objects.exists()


@pytest.mark.skipif(connection.vendor != "postgresql", reason="planner statistics of PostgreSQL")
def test_first_load_leaves_postgresql_with_statistics_of_the_rows_loaded():
    load()
    with connection.cursor() as cursor:
        cursor.execute("SELECT reltuples FROM pg_class WHERE relname = 'activities_person'")
        assert cursor.fetchone()[0] > 1000
