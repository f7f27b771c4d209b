"""The filters of the NRM coordinator's dashboard: the country (for a coordinator of more
than one), the period of the offers, the urgency and the service."""

from __future__ import annotations

import datetime as dt
from typing import Any

from django import forms
from django.utils.translation import gettext_lazy as _

from pathways.casework.forms import DATE_WIDGET
from pathways.casework.models import Referral
from pathways.casework.models.care import ServiceType
from pathways.casework.nrm_figures import NrmFilters
from pathways.programs.models import Country


class NrmFilterForm(forms.Form):
    country = forms.ChoiceField(label=_("Country"), required=False)
    start = forms.DateField(label=_("Offered from"), required=False, widget=DATE_WIDGET)
    end = forms.DateField(label=_("Offered until"), required=False, widget=DATE_WIDGET)
    urgency = forms.ChoiceField(
        label=_("Urgency"),
        required=False,
        choices=[("", _("Any urgency")), *Referral.Urgency.choices],
    )
    service = forms.ChoiceField(
        label=_("Service"),
        required=False,
        choices=[("", _("Any service")), *ServiceType.choices],
    )

    def __init__(self, *args: Any, countries: list[Country], **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        self.fields["country"].choices = [(c.code, str(c)) for c in countries]
        if len(countries) < 2:
            del self.fields["country"]

    def clean(self) -> dict[str, Any]:
        data = super().clean()
        start, end = data.get("start"), data.get("end")
        if isinstance(start, dt.date) and isinstance(end, dt.date) and end < start:
            self.add_error("end", _("The end date is before the start date."))
        return data

    def filters(self, country: Country) -> NrmFilters:
        """The filters that are valid; an invalid one filters nothing (its error shows)."""
        if not self.is_bound:
            return NrmFilters(country_id=country.pk)
        self.is_valid()
        data = self.cleaned_data
        return NrmFilters(
            country_id=country.pk,
            start=data.get("start") if "end" not in self.errors else None,
            end=data.get("end") if "end" not in self.errors else None,
            urgency=data.get("urgency") or "",
            service=data.get("service") or "",
        )
