"""The casework pages' forms. Values typed into them are identifiers of people at risk: the
browser is asked not to remember them (autocomplete off), and no form puts one in a URL."""

from __future__ import annotations

import datetime as dt
from typing import Any

from django import forms
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from pathways.casework.models import AccessEvent, Case, Client, Section
from pathways.casework.sealing import ClientIdentity
from pathways.lib.forms import PlainLineField, PlainTextField

DATE_WIDGET = forms.DateInput(attrs={"type": "date"}, format="%Y-%m-%d")
PRIVATE = {"autocomplete": "off"}


def _private(field: forms.Field) -> forms.Field:
    field.widget.attrs.update(PRIVATE)
    return field


class CaseFilterForm(forms.Form):
    status = forms.ChoiceField(
        label=_("Status"),
        required=False,
        choices=[("", _("Any status")), *Case.Status.choices],
    )
    case_number = PlainLineField(label=_("Case number"), required=False, max_length=20)

    def apply(self, cases):
        if not self.is_valid():
            return cases
        if status := self.cleaned_data["status"]:
            cases = cases.filter(status=status)
        if number := self.cleaned_data["case_number"].strip():
            cases = cases.filter(case_number__icontains=number)
        return cases


class NoteForm(forms.Form):
    section = forms.ChoiceField(label=_("Section"))
    text = PlainTextField(label=_("Note"), max_length=20000)

    def __init__(self, *args: Any, sections: list[tuple[str, str]], **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        self.fields["section"].choices = sections
        if len(sections) == 1:
            self.fields["section"].initial = sections[0][0]
        if (Section.NOTES, Section.NOTES.label) in sections:
            self.fields["section"].initial = Section.NOTES
        _private(self.fields["text"])


class AgencyChoice(forms.ModelChoiceField):
    """The agency to act for: a choice only for a user working for several; for the others
    their one agency, whatever the form sent."""

    def __init__(self, **kwargs: Any) -> None:
        super().__init__(label=_("Agency"), queryset=None, empty_label=None, **kwargs)

    def offer(self, agencies) -> None:
        self.queryset = agencies
        self.only = agencies[0] if len(agencies) == 1 else None
        if self.only is not None:
            self.required = False
            self.widget = forms.HiddenInput()
            self.initial = self.only.pk

    def clean(self, value: Any) -> Any:
        return self.only if self.only is not None else super().clean(value)


def _year_choices() -> list[tuple[str, str]]:
    this_year = timezone.localdate().year
    return [("", "—")] + [(str(y), str(y)) for y in range(this_year, this_year - 111, -1)]


class IntakeSearchForm(forms.Form):
    """A name plus at least one of a phone, an identity number or a birth year: a name alone
    is too common to say anything, and names are matched whole, never in part."""

    agency = AgencyChoice()
    name = PlainLineField(
        label=_("Name"),
        max_length=200,
        help_text=_("Given and family name, or the name in local script, in any order."),
    )
    phone = PlainLineField(label=_("Phone"), required=False, max_length=40)
    identity_number = PlainLineField(label=_("Identity number"), required=False, max_length=60)
    birth_year = forms.TypedChoiceField(
        label=_("Birth year"), required=False, choices=_year_choices, coerce=int, empty_value=None
    )

    def __init__(self, *args: Any, agencies, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        self.fields["agency"].offer(agencies)
        for name in ("name", "phone", "identity_number", "birth_year"):
            _private(self.fields[name])

    def clean(self) -> dict[str, Any]:
        data = super().clean()
        if data.get("name") and not (
            data.get("phone") or data.get("identity_number") or data.get("birth_year")
        ):
            raise forms.ValidationError(
                _(
                    "With the name, give a phone, an identity number or a birth year: "
                    "the name alone is not enough to search."
                ),
                code="second_key",
            )
        return data


IDENTITY_LABELS = {
    "first_name": _("Given name"),
    "middle_name": _("Middle name"),
    "last_name": _("Family name"),
    "local_script_name": _("Name in local script"),
    "nickname": _("Nickname"),
    "birthdate": _("Birthdate"),
    "identity_number": _("Identity number"),
    "mobile_phone": _("Mobile phone"),
    "home_phone": _("Home phone"),
    "email": _("Email"),
    "address": _("Address"),
}


class IntakeRegisterForm(forms.Form):
    """A new client and their case. Errors of the services (a phone not valid in the country,
    a birthdate without its precision) come back onto these fields by name."""

    agency = AgencyChoice()
    first_name = PlainLineField(label=IDENTITY_LABELS["first_name"], required=False, max_length=200)
    middle_name = PlainLineField(
        label=IDENTITY_LABELS["middle_name"], required=False, max_length=200
    )
    last_name = PlainLineField(label=IDENTITY_LABELS["last_name"], required=False, max_length=200)
    local_script_name = PlainLineField(
        label=IDENTITY_LABELS["local_script_name"], required=False, max_length=200
    )
    nickname = PlainLineField(label=IDENTITY_LABELS["nickname"], required=False, max_length=200)
    birthdate = forms.DateField(
        label=IDENTITY_LABELS["birthdate"], required=False, widget=DATE_WIDGET
    )
    birthdate_precision = forms.ChoiceField(
        label=_("Birthdate precision"),
        required=False,
        choices=[("", "—"), *Client.BirthdatePrecision.choices],
    )
    identity_number = PlainLineField(
        label=IDENTITY_LABELS["identity_number"], required=False, max_length=60
    )
    identity_document_type = forms.ChoiceField(
        label=_("Identity document type"),
        required=False,
        choices=[("", "—"), *Client.DocumentType.choices],
    )
    mobile_phone = PlainLineField(
        label=IDENTITY_LABELS["mobile_phone"], required=False, max_length=40
    )
    home_phone = PlainLineField(label=IDENTITY_LABELS["home_phone"], required=False, max_length=40)
    email = PlainLineField(label=IDENTITY_LABELS["email"], required=False, max_length=254)
    address = PlainTextField(label=IDENTITY_LABELS["address"], required=False, max_length=1000)
    sex = forms.ChoiceField(label=_("Sex"), choices=Client.Sex.choices)
    age_band = forms.ChoiceField(label=_("Age band"), choices=Client.AgeBand.choices)
    nationality = PlainLineField(
        label=_("Nationality"),
        required=False,
        max_length=2,
        help_text=_("Two-letter country code, e.g. KH; leave empty if not known."),
    )
    is_stateless = forms.BooleanField(label=_("Stateless"), required=False)
    exploitation_type = forms.ChoiceField(
        label=_("Type of exploitation"),
        choices=Case.ExploitationType.choices,
        initial=Case.ExploitationType.UNKNOWN,
    )
    exploitation_country = PlainLineField(
        label=_("Country of exploitation"),
        required=False,
        max_length=2,
        help_text=_("Two-letter country code, e.g. TH; leave empty if not known."),
    )
    supervisor = forms.ModelChoiceField(
        label=_("Supervisor"), queryset=None, required=False, empty_label="—"
    )

    IDENTITY_FIELDS = tuple(IDENTITY_LABELS)

    def __init__(self, *args: Any, agencies, supervisors, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        self.fields["agency"].offer(agencies)
        self.fields["supervisor"].queryset = supervisors
        self.fields["supervisor"].label_from_instance = lambda u: u.display_name
        for name in self.IDENTITY_FIELDS:
            _private(self.fields[name])

    def clean_nationality(self) -> str:
        return self.cleaned_data["nationality"].strip().upper()

    def clean_exploitation_country(self) -> str:
        return self.cleaned_data["exploitation_country"].strip().upper()

    def clean(self) -> dict[str, Any]:
        data = super().clean()
        agency, supervisor = data.get("agency"), data.get("supervisor")
        if (
            agency
            and supervisor
            and not supervisor.casework_memberships.filter(
                agency=agency, role="case_supervisor"
            ).exists()
        ):
            self.add_error("supervisor", _("Choose a case supervisor of the agency."))
        return data

    def identity(self) -> ClientIdentity:
        return ClientIdentity(
            **{
                n: self.cleaned_data[n] or ("" if n != "birthdate" else None)
                for n in self.IDENTITY_FIELDS
            }
        )

    def client_values(self) -> dict[str, Any]:
        names = ("sex", "age_band", "nationality", "is_stateless", "birthdate_precision")
        names += ("identity_document_type", "exploitation_type", "exploitation_country")
        names += ("supervisor",)
        return {name: self.cleaned_data[name] for name in names}


class AccessLogFilterForm(forms.Form):
    user = PlainLineField(label=_("User name"), required=False, max_length=150)
    case_number = PlainLineField(label=_("Case number"), required=False, max_length=20)
    client = forms.IntegerField(label=_("Client id"), required=False, min_value=1)
    action = forms.ChoiceField(
        label=_("Action"),
        required=False,
        choices=[("", _("Any action")), *AccessEvent.Action.choices],
    )
    start = forms.DateField(label=_("From"), required=False, widget=DATE_WIDGET)
    end = forms.DateField(label=_("Until"), required=False, widget=DATE_WIDGET)

    def clean(self) -> dict[str, Any]:
        data = super().clean()
        start, end = data.get("start"), data.get("end")
        if isinstance(start, dt.date) and isinstance(end, dt.date) and end < start:
            self.add_error("end", _("The end date is before the start date."))
        return data


class CaseExploitationForm(forms.Form):
    """The case's type and country of exploitation, as learnt since it opened."""

    exploitation_type = forms.ChoiceField(
        label=_("Type of exploitation"), choices=Case.ExploitationType.choices
    )
    exploitation_country = PlainLineField(
        label=_("Country of exploitation"),
        required=False,
        max_length=2,
        help_text=_("Two-letter country code, e.g. TH; leave empty if not known."),
    )
    version = forms.IntegerField(widget=forms.HiddenInput, min_value=0)

    def clean_exploitation_country(self) -> str:
        return self.cleaned_data["exploitation_country"].strip().upper()
