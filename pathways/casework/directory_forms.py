"""The service directory's forms: the search filters, an agency's referral profile and one
directory entry. Nothing here is about a person."""

from __future__ import annotations

import re
from typing import Any

from django import forms
from django.utils.translation import gettext_lazy as _

from pathways.casework.forms import DATE_WIDGET
from pathways.casework.models import AgencyProfile, Client, ServiceType
from pathways.casework.services.directory import EntryInput, ProfileInput
from pathways.lib.forms import PlainLineField
from pathways.programs.models import Province

ANY = [("", _("Any"))]
NATIONALITY = re.compile(r"^[A-Z]{2}$")


def _nationality(value: str) -> str:
    value = value.strip().upper()
    if value and not NATIONALITY.match(value):
        raise forms.ValidationError(_("Enter a two-letter country code, such as KH or VN."))
    return value


class DirectoryFilterForm(forms.Form):
    service = forms.ChoiceField(
        label=_("Service"), required=False, choices=ANY + ServiceType.choices
    )
    province = forms.ModelChoiceField(
        label=_("Province"),
        required=False,
        queryset=Province.objects.none(),
        empty_label=_("Any"),
        help_text=_("Services offered in the province or in the whole country."),
    )
    sex = forms.ChoiceField(label=_("Sex"), required=False, choices=ANY + Client.Sex.choices)
    age_band = forms.ChoiceField(
        label=_("Age band"), required=False, choices=ANY + Client.AgeBand.choices
    )
    nationality = PlainLineField(
        label=_("Nationality"),
        required=False,
        max_length=2,
        help_text=_("Two-letter country code, such as KH or VN."),
    )
    accepting_only = forms.BooleanField(label=_("Accepting referrals only"), required=False)

    def __init__(self, *args: Any, countries: frozenset[int], **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        self.fields["province"].queryset = Province.objects.filter(
            country_id__in=countries
        ).order_by("name")

    def clean_nationality(self) -> str:
        return _nationality(self.cleaned_data["nationality"])


class ProfileForm(forms.Form):
    htcds_type = forms.ChoiceField(label=_("Type (HTCDS)"), choices=AgencyProfile.OrgType.choices)
    accepts_referrals = forms.BooleanField(label=_("Accepts referrals"), required=False)
    is_nrm_member = forms.BooleanField(
        label=_("Member of the national referral mechanism"),
        required=False,
        help_text=_("Has signed the national data-sharing protocol."),
    )
    referral_contact_role = PlainLineField(
        label=_("Who receives referrals"),
        required=False,
        max_length=100,
        help_text=_("A role, not a person's name: “Intake officer”."),
    )
    phone = PlainLineField(
        label=_("Phone"),
        required=False,
        max_length=20,
        help_text=_("International form (E.164): +85523123456."),
    )
    data_sharing_agreement_reference = PlainLineField(
        label=_("Data-sharing agreement"),
        required=False,
        max_length=200,
        help_text=_("The agreement's reference number or title. Without one, no referral."),
    )
    data_sharing_signed_on = forms.DateField(
        label=_("Agreement signed on"), required=False, widget=DATE_WIDGET
    )
    data_sharing_expires_on = forms.DateField(
        label=_("Agreement expires on"),
        required=False,
        widget=DATE_WIDGET,
        help_text=_("No referral can be offered to the agency after this day."),
    )
    version = forms.IntegerField(widget=forms.HiddenInput, required=False, min_value=0)

    def values(self) -> ProfileInput:
        data = self.cleaned_data
        return ProfileInput(**{k: data[k] for k in ProfileInput.__dataclass_fields__})

    @classmethod
    def initial_for(cls, profile: AgencyProfile | None) -> dict[str, Any]:
        if profile is None:
            return {"version": 0}
        names = [*ProfileInput.__dataclass_fields__, "version"]
        return {name: getattr(profile, name) for name in names}


class EntryForm(forms.Form):
    service_type = forms.ChoiceField(label=_("Service"), choices=ServiceType.choices)
    province = forms.ModelChoiceField(
        label=_("Province"),
        required=False,
        queryset=Province.objects.none(),
        empty_label=_("The whole country"),
    )
    sexes = forms.MultipleChoiceField(
        label=_("Sexes served"),
        required=False,
        choices=Client.Sex.choices,
        widget=forms.CheckboxSelectMultiple,
        help_text=_("None ticked: anyone."),
    )
    age_bands = forms.MultipleChoiceField(
        label=_("Age bands served"),
        required=False,
        choices=Client.AgeBand.choices,
        widget=forms.CheckboxSelectMultiple,
        help_text=_("None ticked: any age."),
    )
    nationalities = PlainLineField(
        label=_("Nationalities served"),
        required=False,
        max_length=200,
        help_text=_("Two-letter country codes separated by commas, such as KH, VN. Empty: any."),
    )
    capacity_note = PlainLineField(label=_("Capacity"), required=False, max_length=300)
    accepting = forms.BooleanField(label=_("Accepting referrals now"), required=False)
    version = forms.IntegerField(widget=forms.HiddenInput, required=False, min_value=0)

    def __init__(self, *args: Any, country_id: int | None, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        self.fields["province"].queryset = Province.objects.filter(country_id=country_id).order_by(
            "name"
        )

    def clean_nationalities(self) -> list[str]:
        given = [part for part in re.split(r"[,\s]+", self.cleaned_data["nationalities"]) if part]
        return sorted({_nationality(part) for part in given})

    def values(self) -> EntryInput:
        data = self.cleaned_data
        return EntryInput(**{k: data[k] for k in EntryInput.__dataclass_fields__})

    @classmethod
    def initial_for(cls, entry: Any) -> dict[str, Any]:
        if entry is None:
            return {"accepting": True}
        return {
            "service_type": entry.service_type,
            "province": entry.province_id,
            "sexes": entry.sexes,
            "age_bands": entry.age_bands,
            "nationalities": ", ".join(entry.nationalities),
            "capacity_note": entry.capacity_note,
            "accepting": entry.accepting,
            "version": entry.version,
        }
