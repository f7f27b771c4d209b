"""The forms of a return across a border (casework.md §3.6): asking for it (the country of
return), and one form per step, each carrying the return's `version` as the page showed it
(of two people acting at once, the second is told and nothing is written)."""

from __future__ import annotations

from typing import Any

from django import forms
from django.utils.translation import gettext_lazy as _

from pathways.casework.models import (
    Assessment,
    Case,
    Referral,
    ReturnRequest,
    Section,
    ServiceType,
)
from pathways.casework.services.returns import RISK_DOMAIN_SET
from pathways.lib.forms import PlainTextField
from pathways.programs.labels import reference_name
from pathways.programs.models import Country, Organisation


class CountryChoice(forms.ModelChoiceField):
    def label_from_instance(self, obj: Any) -> str:
        return reference_name(obj)


class ReturnRequestForm(forms.Form):
    to_country = CountryChoice(
        label=_("Country of return"),
        queryset=Country.objects.none(),
        help_text=_("The person's home country, whose authorities verify their nationality."),
    )

    def __init__(self, *args: Any, case: Case, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        field = self.fields["to_country"]
        field.queryset = Country.objects.exclude(pk=case.country_id).order_by("name")
        nationality = field.queryset.filter(code=case.client.nationality).first()
        if nationality is not None:
            self.initial.setdefault("to_country", nationality.pk)


# The sections a hand-over may share, the summary always among them.
HANDOVER_SECTIONS = [(s.value, s.label) for s in Section]


class ReturnStepForm(forms.Form):
    """One step of the return; the fields it takes beyond the version."""

    version = forms.IntegerField(widget=forms.HiddenInput, min_value=0)

    def __init__(self, *args: Any, action: str, ret: ReturnRequest, **kwargs: Any) -> None:
        super().__init__(*args, prefix=action, **kwargs)
        self.action = action
        add = getattr(self, f"_fields_{action}", None)
        if add is not None:
            add(ret)
        for field in self.fields.values():
            if isinstance(field, PlainTextField):
                field.widget.attrs.update(autocomplete="off", rows=3)

    def _fields_schedule(self, ret: ReturnRequest) -> None:
        self.fields["on"] = forms.DateField(
            label=_("Date of the return"),
            widget=forms.DateInput(attrs={"type": "date"}),
            initial=ret.scheduled_on,
        )

    def _fields_withdraw(self, ret: ReturnRequest) -> None:
        self.fields["note"] = PlainTextField(
            label=_("Note (kept as a case note)"), required=False, max_length=5000
        )

    def _fields_flag_safety_risk(self, ret: ReturnRequest) -> None:
        self.fields["reason"] = forms.ChoiceField(
            label=_("Safety risk"), choices=[("", "—"), *ReturnRequest.HoldReason.choices]
        )

    def _fields_resume(self, ret: ReturnRequest) -> None:
        self.fields["assessment"] = forms.ModelChoiceField(
            label=_("Risk assessment"),
            queryset=Assessment.objects.filter(
                case_id=ret.case_id, domain_set__code=RISK_DOMAIN_SET
            ).order_by("-assessed_on", "-id"),
            help_text=_("A risk assessment of the person recorded since the hold."),
        )
        self.fields["assessment"].label_from_instance = lambda a: str(a.assessed_on)

    def _fields_offer_handover(self, ret: ReturnRequest) -> None:
        agencies = Organisation.objects.filter(country_id=ret.to_country_id).order_by("name")
        self.fields["to_agency"] = forms.ModelChoiceField(
            label=_("Agency of the home country"), queryset=agencies
        )
        self.fields["to_agency"].label_from_instance = reference_name
        self.fields["service_type"] = forms.ChoiceField(
            label=_("Service"),
            choices=[("", "—"), *ServiceType.choices],
            initial=ServiceType.REPATRIATION,
        )
        self.fields["urgency"] = forms.ChoiceField(
            label=_("Urgency"), choices=Referral.Urgency.choices, initial="urgent"
        )
        self.fields["shared_sections"] = forms.MultipleChoiceField(
            label=_("Sections shared with the agency"),
            choices=HANDOVER_SECTIONS,
            initial=[Section.SUMMARY],
            widget=forms.CheckboxSelectMultiple,
            help_text=_("The summary always; others only as the person's consent allows."),
        )
        self.fields["details"] = PlainTextField(
            label=_("Details for the agency"), required=False, max_length=5000
        )

    def clean_shared_sections(self) -> list[str]:
        chosen = list(self.cleaned_data.get("shared_sections") or [])
        return chosen if Section.SUMMARY in chosen else [Section.SUMMARY, *chosen]

    @property
    def has_inputs(self) -> bool:
        return bool(self.visible_fields())
