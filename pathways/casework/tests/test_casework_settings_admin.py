"""A country names its formal identifiers and its protection clock in the admin; an agency
of another country is refused, and every change is in the audit trail."""

from __future__ import annotations

import pytest
from django.urls import reverse

from pathways.audit.models import AuditEvent
from pathways.casework.models import CountryCaseworkSettings
from pathways.casework.tests.conftest import make_agency
from pathways.programs.models import Country

pytestmark = pytest.mark.django_db

ADD = reverse("admin:casework_countrycaseworksettings_add")
# The case's deadlines, entered beside the protection clock.
CASE_DAYS = {
    "first_assessment_due_days": 7,
    "reassessment_interval_days": 180,
    "plan_due_days": 14,
    "plan_review_interval_days": 90,
    # Reminders of `manage.py casework_deadlines` (0: on the day).
    "deadline_reminder_days": 2,
    # Retention (casework.md §7.5).
    "closed_case_retention_days": 3650,
    "no_indicator_screening_retention_days": 90,
}


def test_a_country_names_its_formal_identifiers_and_the_change_is_audited(client, admin_user):
    kh = Country.objects.get(code="KH")
    police = make_agency(kh, "Judicial police (synthetic)")
    client.force_login(admin_user)
    answer = client.post(
        ADD,
        {
            "country": kh.pk,
            "identification_due_days": 10,
            "formal_identifier_agencies": [police.pk],
            **CASE_DAYS,
            "plan_review_interval_days": 60,
            "deadline_reminder_days": 0,
        },
    )
    assert answer.status_code == 302
    settings = CountryCaseworkSettings.objects.get(country=kh)
    assert settings.identification_due_days == 10
    assert settings.plan_review_interval_days == 60
    assert settings.deadline_reminder_days == 0
    assert list(settings.formal_identifier_agencies.all()) == [police]
    assert AuditEvent.objects.filter(
        content_type__model="countrycaseworksettings", object_id=str(settings.pk)
    ).exists()


def test_an_agency_of_another_country_is_refused_and_nothing_saved(client, admin_user):
    kh, la = Country.objects.get(code="KH"), Country.objects.get(code="LA")
    laos_agency = make_agency(la, "Lao agency (synthetic)")
    client.force_login(admin_user)
    answer = client.post(
        ADD,
        {
            "country": kh.pk,
            "identification_due_days": 15,
            "formal_identifier_agencies": [laos_agency.pk],
            **CASE_DAYS,
        },
    )
    assert answer.status_code == 200
    assert "Only agencies of" in answer.content.decode()
    assert "Lao agency (synthetic)" in answer.content.decode()
    assert not CountryCaseworkSettings.objects.exists()


def test_a_deadline_of_no_days_is_refused_naming_the_field(client, admin_user):
    kh = Country.objects.get(code="KH")
    client.force_login(admin_user)
    answer = client.post(
        ADD, {"country": kh.pk, "identification_due_days": 15, **CASE_DAYS, "plan_due_days": 0}
    )
    assert answer.status_code == 200
    assert "Give at least one day." in answer.content.decode()
    assert not CountryCaseworkSettings.objects.exists()


def test_a_country_sets_its_retention_and_zero_days_is_refused(client, admin_user):
    kh = Country.objects.get(code="KH")
    client.force_login(admin_user)
    form = {"country": kh.pk, "identification_due_days": 15, **CASE_DAYS}
    refused = client.post(ADD, {**form, "closed_case_retention_days": 0})
    assert refused.status_code == 200
    assert "closed_case_retention_days" in refused.context["adminform"].form.errors
    assert not CountryCaseworkSettings.objects.exists()
    assert client.post(ADD, {**form, "closed_case_retention_days": 1825}).status_code == 302
    assert CountryCaseworkSettings.objects.get(country=kh).closed_case_retention_days == 1825
