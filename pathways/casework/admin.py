"""The casework settings a country decides (casework.md §13): how many days a presumed
victim waits for a formal identification, and which agencies make formal identifications.
Until a country names its agencies here, only preliminary decisions can be recorded.

There is no admin screen for clients, cases or screenings, on purpose: they are read and
written only through the casework pages and services, under need to know."""

from __future__ import annotations

from typing import Any

from django import forms
from django.contrib import admin
from django.utils.translation import gettext as _

from pathways.audit.admin import AuditedModelAdmin
from pathways.casework.models import CountryCaseworkSettings

DAY_FIELDS = (
    "identification_due_days",
    "first_assessment_due_days",
    "reassessment_interval_days",
    "plan_due_days",
    "plan_review_interval_days",
    "closed_case_retention_days",
    "no_indicator_screening_retention_days",
)


class CountryCaseworkSettingsForm(forms.ModelForm):
    class Meta:
        model = CountryCaseworkSettings
        fields = [
            "country",
            "identification_due_days",
            "first_assessment_due_days",
            "reassessment_interval_days",
            "plan_due_days",
            "plan_review_interval_days",
            "deadline_reminder_days",
            "closed_case_retention_days",
            "no_indicator_screening_retention_days",
            "formal_identifier_agencies",
            "ctdc_contribution_enabled",
        ]

    def clean(self) -> dict[str, Any]:
        data = super().clean()
        country = data.get("country")
        agencies = data.get("formal_identifier_agencies") or []
        elsewhere = [a for a in agencies if country is not None and a.country_id != country.pk]
        if elsewhere:
            self.add_error(
                "formal_identifier_agencies",
                _("Only agencies of %(country)s can identify victims there; not %(agencies)s.")
                % {"country": country, "agencies": ", ".join(str(a) for a in elsewhere)},
            )
        for name in DAY_FIELDS:
            if data.get(name) == 0:
                self.add_error(name, _("Give at least one day."))
        return data


@admin.register(CountryCaseworkSettings)
class CountryCaseworkSettingsAdmin(AuditedModelAdmin):
    form = CountryCaseworkSettingsForm
    list_display = ["country", *DAY_FIELDS, "ctdc_contribution_enabled"]
    filter_horizontal = ["formal_identifier_agencies"]
