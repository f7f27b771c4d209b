"""The forms of a case's care records: an assessment against a domain set, the care plan and
its goals, a service delivered, a follow-up (and marking it done), a trafficking event. Texts
typed here are about a person at risk: the browser is asked not to remember them."""

from __future__ import annotations

from typing import Any

from django import forms
from django.utils.translation import gettext_lazy as _

from pathways.casework.domains import text_in
from pathways.casework.forms import DATE_WIDGET, _private
from pathways.casework.models import (
    AssessmentDomainSet,
    CarePlan,
    FollowUp,
    Goal,
    ServiceDelivery,
    ServiceType,
    TraffickingEvent,
)
from pathways.lib.forms import PlainLineField, PlainTextField


def _date(label: Any, required: bool = True, **kwargs: Any) -> forms.DateField:
    return forms.DateField(label=label, required=required, widget=DATE_WIDGET, **kwargs)


class AssessmentForm(forms.Form):
    """A score (1 to 4, each with its written definition) and an optional note per domain of
    the set: fields `score_<code>` and `note_<code>`."""

    assessed_on = _date(_("Assessed on"))

    def __init__(self, *args: Any, domain_set: AssessmentDomainSet, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        self.domain_set = domain_set
        for domain in domain_set.domains:
            code = domain["code"]
            choices = [
                (
                    score,
                    f"{score} — {text_in(domain_set.scale[score])}: "
                    f"{text_in(domain['levels'][score])}",
                )
                for score in ("1", "2", "3", "4")
            ]
            self.fields[f"score_{code}"] = forms.TypedChoiceField(
                label=text_in(domain["title"]),
                choices=choices,
                coerce=int,
                widget=forms.RadioSelect,
                help_text=text_in(domain["group"]),
            )
            self.fields[f"note_{code}"] = _private(
                PlainTextField(
                    label=_("Note on %(domain)s") % {"domain": text_in(domain["title"])},
                    required=False,
                    max_length=5000,
                    widget=forms.Textarea(attrs={"rows": 2}),
                )
            )

    def domain_rows(self) -> list[tuple[forms.BoundField, forms.BoundField]]:
        return [(self[f"score_{d}"], self[f"note_{d}"]) for d in self.domain_set.domain_codes]

    def scores(self) -> dict[str, int]:
        return {d: self.cleaned_data[f"score_{d}"] for d in self.domain_set.domain_codes}

    def notes(self) -> dict[str, str]:
        return {d: self.cleaned_data.get(f"note_{d}", "") for d in self.domain_set.domain_codes}


class CarePlanForm(forms.Form):
    plan_type = forms.ChoiceField(label=_("Type of plan"), choices=CarePlan.Type.choices)
    objectives = _private(PlainTextField(label=_("Objectives"), max_length=10000))
    action_plan = _private(PlainTextField(label=_("Action plan"), required=False, max_length=10000))
    planned_end_date = _date(_("Planned end date"), required=False)


class GoalForm(forms.Form):
    """One goal row; a row left without a description is not a goal."""

    domain = forms.ChoiceField(label=_("Domain"), required=False)
    description = _private(
        PlainTextField(
            label=_("Goal"), required=False, max_length=5000, widget=forms.Textarea({"rows": 2})
        )
    )
    services = _private(
        PlainTextField(
            label=_("Services planned"),
            required=False,
            max_length=5000,
            widget=forms.Textarea({"rows": 2}),
        )
    )
    responsible = PlainLineField(label=_("Responsible"), required=False, max_length=200)
    target_date = _date(_("Target date"), required=False)
    # Not required: a row left blank is no goal, whatever its status; a goal given without
    # one has not started.
    status = forms.ChoiceField(
        label=_("Status"),
        choices=Goal.Status.choices,
        initial=Goal.Status.NOT_STARTED,
        required=False,
    )

    def __init__(self, *args: Any, domains: list[tuple[str, Any]], number: int, **kwargs: Any):
        super().__init__(*args, **kwargs)
        self.number = number
        self.fields["domain"].choices = domains
        for field in self.fields.values():
            # "Goal 2: Target date": every label says which goal it belongs to.
            field.label = _("Goal %(n)d: %(label)s") % {"n": number, "label": field.label}

    @property
    def is_blank(self) -> bool:
        return not (self.data.get(self.add_prefix("description")) or "").strip()

    def clean(self) -> dict[str, Any]:
        data = super().clean()
        data["status"] = data.get("status") or Goal.Status.NOT_STARTED
        if (data.get("description") or "").strip():
            if not data.get("domain"):
                self.add_error("domain", _("Choose the domain the goal belongs to."))
            if not (data.get("responsible") or "").strip():
                self.add_error("responsible", _("Name who is responsible for the goal."))
            if not data.get("target_date"):
                self.add_error("target_date", _("Give the goal's target date."))
        return data


class ServiceForm(forms.Form):
    service_type = forms.ChoiceField(label=_("Service"), choices=ServiceType.choices)
    provider = forms.ModelChoiceField(label=_("Provider agency"), queryset=None)
    delivered_on = _date(_("Delivered on"))
    outcome = forms.ChoiceField(label=_("Outcome"), choices=ServiceDelivery.Outcome.choices)
    note = _private(PlainTextField(label=_("Note"), required=False, max_length=5000))

    def __init__(self, *args: Any, providers: Any, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        self.fields["provider"].queryset = providers


class FollowUpForm(forms.Form):
    kind = forms.ChoiceField(label=_("Kind"), choices=FollowUp.Kind.choices)
    what = _private(PlainTextField(label=_("What is to be done"), max_length=5000))
    due_on = _date(_("Due on"))
    assigned_to = forms.ModelChoiceField(label=_("Assigned to"), queryset=None)

    def __init__(self, *args: Any, staff: Any, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        self.fields["assigned_to"].queryset = staff
        self.fields["assigned_to"].label_from_instance = lambda u: u.display_name


class FollowUpDoneForm(forms.Form):
    done_on = _date(_("Done on"))
    outcome = _private(PlainTextField(label=_("Outcome"), required=False, max_length=5000))


class TraffickingEventForm(forms.Form):
    kind = forms.ChoiceField(label=_("Kind of event"), choices=TraffickingEvent.Kind.choices)
    country = PlainLineField(
        label=_("Country"),
        max_length=2,
        help_text=_("Two-letter country code, e.g. TH or MM."),
    )
    province = PlainLineField(
        label=_("Province or state"),
        required=False,
        max_length=120,
        help_text=_("The province or district, never an exact address."),
    )
    site_type = forms.ChoiceField(
        label=_("Type of site"), choices=TraffickingEvent.SiteType.choices
    )
    start_date = _date(_("From"), required=False)
    end_date = _date(_("Until"), required=False)
    description = _private(PlainTextField(label=_("Description"), required=False, max_length=10000))

    def clean_country(self) -> str:
        return self.cleaned_data["country"].strip().upper()
