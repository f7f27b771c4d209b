"""The forms of the identification pages (casework.md §3.2): the interview date, a decision or
a review's outcome, another country's decision recognised. Each carries the `version` of the
decision it acts on, so of two people acting at once the second is told."""

from __future__ import annotations

import datetime as dt
from typing import Any

from django import forms
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from pathways.casework.forms import DATE_WIDGET, AgencyChoice
from pathways.casework.models import IdentificationDecision
from pathways.lib.forms import PlainLineField

Decision = IdentificationDecision
DATETIME_WIDGET = forms.DateTimeInput(attrs={"type": "datetime-local"}, format="%Y-%m-%dT%H:%M")


class VersionedForm(forms.Form):
    """The decision's version as loaded, and the agency the user acts for."""

    version = forms.IntegerField(widget=forms.HiddenInput, min_value=0)
    agency = AgencyChoice()

    def __init__(self, *args: Any, agencies: list, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        self.fields["agency"].offer(agencies)


class InterviewForm(VersionedForm):
    when = forms.DateTimeField(
        label=_("Date and time of the interview"),
        widget=DATETIME_WIDGET,
        input_formats=["%Y-%m-%dT%H:%M", "%Y-%m-%d %H:%M"],
    )


class _ObjectionMixin(forms.Form):
    victim_objects_to_notification = forms.BooleanField(
        label=_("The person objects to their country of origin being told"),
        required=False,
        help_text=_(
            "ASEAN Convention against Trafficking in Persons, Article 14(3): the country of "
            "origin of a person identified as a victim is told, unless the person objects."
        ),
    )

    def offer_objection(self, foreign: bool) -> None:
        if not foreign:
            del self.fields["victim_objects_to_notification"]


class DecisionForm(_ObjectionMixin, VersionedForm):
    """A decision after the interview, or a review's outcome."""

    status = forms.ChoiceField(
        label=_("Decision"),
        choices=[
            (Decision.Status.ACTUAL.value, Decision.Status.ACTUAL.label),
            (Decision.Status.NOT_A_VICTIM.value, Decision.Status.NOT_A_VICTIM.label),
        ],
        widget=forms.RadioSelect,
    )
    level = forms.ChoiceField(
        label=_("Level of the decision"), choices=Decision.Level.choices, widget=forms.RadioSelect
    )
    decision_making_org_type = forms.ChoiceField(
        label=_("Kind of organisation deciding"), choices=Decision.DecisionMakingOrg.choices
    )
    form_used = forms.ChoiceField(
        label=_("Form used"),
        required=False,
        choices=[("", _("None or not known")), *Decision.FormUsed.choices],
    )
    decided_on = forms.DateField(label=_("Date of the decision"), widget=DATE_WIDGET)
    legal_basis = PlainLineField(
        label=_("Legal basis"),
        required=False,
        max_length=300,
        help_text=_("The article of national law the decision rests on, if any."),
    )

    field_order = [
        "status",
        "level",
        "agency",
        "decision_making_org_type",
        "form_used",
        "decided_on",
        "legal_basis",
        "victim_objects_to_notification",
    ]

    def __init__(self, *args: Any, level_help: str = "", **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        self.fields["level"].help_text = level_help
        self.fields["decided_on"].initial = timezone.localdate()

    def clean_decided_on(self) -> dt.date:
        day = self.cleaned_data["decided_on"]
        if day > timezone.localdate():
            raise forms.ValidationError(_("The date of the decision cannot be in the future."))
        return day


class RecogniseForm(_ObjectionMixin, VersionedForm):
    """Another country's identification of the person, recognised here (ACTIP 14(2))."""

    issuing_country = PlainLineField(
        label=_("Country that identified the person"),
        max_length=2,
        help_text=_("Two-letter country code, e.g. TH."),
    )
    issuing_agency = PlainLineField(label=_("Agency that identified the person"), max_length=200)
    decision_making_org_type = forms.ChoiceField(
        label=_("Kind of organisation recognising it here"),
        choices=Decision.DecisionMakingOrg.choices,
    )
    legal_basis = PlainLineField(label=_("Legal basis"), required=False, max_length=300)

    def clean_issuing_country(self) -> str:
        code = self.cleaned_data["issuing_country"].strip().upper()
        if len(code) != 2 or not code.isalpha():
            raise forms.ValidationError(_("Give the two-letter code of the country, e.g. TH."))
        return code
