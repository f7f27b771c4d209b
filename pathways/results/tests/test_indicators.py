from __future__ import annotations

import datetime as dt
from decimal import Decimal

import pytest
from django.core.exceptions import PermissionDenied, ValidationError
from django.core.files.uploadedfile import SimpleUploadedFile
from django.urls import reverse

from pathways.activities.universe import universe_of_all
from pathways.audit.models import AuditEvent
from pathways.programs.models import OutcomeArea
from pathways.results import services
from pathways.results.figures import Rule
from pathways.results.models import EvidenceFile, Indicator, ReportedValue
from pathways.results.progress import Progress, progress_for
from pathways.results.tests.factories import (
    FY_END,
    FY_START,
    attend,
    country,
    make_person,
    make_training,
)

pytestmark = pytest.mark.django_db


def make_indicator(actor=None, *, code="JUS-2", rule=Rule.PEOPLE_TRAINED, **kw) -> Indicator:
    return services.indicator_save(
        actor=actor,
        code=code,
        name=kw.pop("name", "People trained"),
        unit="people",
        outcome_area=OutcomeArea.objects.get(code="justice"),
        kind=kw.pop("kind", Indicator.Kind.COMPUTED if rule else Indicator.Kind.REPORTED),
        rule=rule,
        **kw,
    )


def test_only_the_regional_admin_defines_indicators(admin_user, kh_manager):
    assert make_indicator(admin_user).pk
    assert AuditEvent.objects.filter(content_type__model="indicator").exists()
    with pytest.raises(PermissionDenied):
        make_indicator(kh_manager, code="OTHER")
    with pytest.raises(PermissionDenied):
        services.target_set(
            actor=kh_manager,
            indicator=Indicator.objects.get(),
            country=country("KH"),
            period_start=FY_START,
            period_end=FY_END,
            target=Decimal(10),
        )


def test_a_computed_indicator_needs_a_rule(admin_user):
    with pytest.raises(ValidationError):
        make_indicator(admin_user, kind=Indicator.Kind.COMPUTED, rule="")


def test_progress_is_the_value_against_the_target_as_a_percent():
    indicator = make_indicator(filter_position="prosecutor")
    services.target_set(
        actor=None,
        indicator=indicator,
        country=country("KH"),
        period_start=FY_START,
        period_end=FY_END,
        target=Decimal(3),
    )
    training = make_training()
    attend(training, make_person(position="prosecutor"))
    attend(training, make_person(position="prosecutor"))
    attend(training, make_person(position="police"))
    [p] = progress_for(universe=universe_of_all(country("KH")), start=FY_START, end=FY_END)
    assert (p.value, p.percent) == (2, 67)


def test_reported_values_sum_inside_the_target_period():
    indicator = make_indicator(code="PART-3", rule="")
    target = services.target_set(
        actor=None,
        indicator=indicator,
        country=None,
        period_start=FY_START,
        period_end=FY_END,
        target=Decimal(4),
    )
    for code, value in (("KH", 2), ("LA", 1)):
        services.reported_value_save(
            actor=None,
            indicator=indicator,
            country=country(code),
            period_start=FY_START,
            period_end=FY_END,
            value=Decimal(value),
        )
    [p] = progress_for(universe=universe_of_all(None), start=FY_START, end=FY_END)
    assert (p.value, p.percent) == (3, 75)
    assert Progress(indicator=indicator, target=target, value=None).percent is None


def test_country_manager_reports_a_value_with_evidence(client, kh_manager, settings, tmp_path):
    settings.MEDIA_ROOT = tmp_path
    indicator = make_indicator(code="PART-3", rule="")
    client.force_login(kh_manager)
    url = reverse("results:reported_value_create", args=["KH", indicator.pk])
    response = client.post(
        url,
        {
            "country": country("KH").pk,
            "period_start": "2021-07-01",
            "period_end": "2022-06-30",
            "value": "2",
            "note": "Guidelines and SOPs",
            "evidence": SimpleUploadedFile("minutes.pdf", b"%PDF-1.4 minutes"),
        },
    )
    assert response.status_code == 302
    value = ReportedValue.objects.get()
    assert value.reported_by == kh_manager and value.value == 2
    assert EvidenceFile.objects.get().reported_value == value


def test_reported_value_with_reversed_dates_is_a_form_error(client, kh_manager):
    indicator = make_indicator(code="PART-3", rule="")
    client.force_login(kh_manager)
    url = reverse("results:reported_value_create", args=["KH", indicator.pk])
    response = client.post(
        url,
        {
            "country": country("KH").pk,
            "period_start": "2022-06-30",
            "period_end": "2021-07-01",
            "value": "1",
        },
    )
    assert response.status_code == 200
    assert "The end date cannot be before the start date." in response.content.decode()
    assert not ReportedValue.objects.exists()


def test_report_form_starts_with_the_country_of_the_page(client, kh_manager):
    indicator = make_indicator(code="PART-3", rule="")
    client.force_login(kh_manager)
    url = reverse("results:reported_value_create", args=["KH", indicator.pk])
    html = client.get(url).content.decode()
    assert f'<option value="{country("KH").pk}" selected>Cambodia</option>' in html


@pytest.mark.parametrize(
    ("persona", "status"),
    [("kh_manager", 200), ("admin", 200), ("kh_officer", 403), ("donor", 403), ("la_manager", 404)],
)
def test_reported_value_form_access(client, personas, persona, status):
    indicator = make_indicator(code="PART-3", rule="")
    client.force_login(personas[persona])
    url = reverse("results:reported_value_create", args=["KH", indicator.pk])
    assert client.get(url).status_code == status


def test_computed_indicators_take_no_reported_values(kh_manager):
    with pytest.raises(ValidationError):
        services.reported_value_save(
            actor=kh_manager,
            indicator=make_indicator(),
            country=country("KH"),
            period_start=FY_START,
            period_end=FY_END,
            value=Decimal(1),
        )


def test_indicator_table_downloads(client, donor):
    indicator = make_indicator()
    services.target_set(
        actor=None,
        indicator=indicator,
        country=None,
        period_start=FY_START,
        period_end=FY_END,
        target=Decimal(5),
    )
    client.force_login(donor)
    url = reverse("results:indicators_region")
    csv = client.get(f"{url}?start=2021-07-01&end=2022-06-30&format=csv").content.decode(
        "utf-8-sig"
    )
    assert "JUS-2" in csv and "People trained" in csv
    assert dt.date(2021, 7, 1).isoformat() in csv
