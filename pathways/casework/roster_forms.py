"""The roster upload form and the group page's filters."""

from __future__ import annotations

import datetime as dt
from typing import Any

from django import forms
from django.conf import settings
from django.db.models import QuerySet
from django.template.defaultfilters import filesizeformat
from django.utils import timezone
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy

from pathways.casework.models import Screening
from pathways.lib.countries import country_name
from pathways.lib.forms import PlainLineField, PlainTextField
from pathways.programs.models import Organisation


class RosterForm(forms.Form):
    agency = forms.ModelChoiceField(
        label=gettext_lazy("Screening agency"), queryset=Organisation.objects.none()
    )
    name = PlainLineField(
        label=gettext_lazy("Name of the group"),
        max_length=200,
        help_text=gettext_lazy("E.g. the handover and its date: “Myawaddy handover, 20 Feb”."),
    )
    arrived_on = forms.DateField(
        label=gettext_lazy("Arrived on"), widget=forms.DateInput(attrs={"type": "date"})
    )
    location_type = forms.ChoiceField(
        label=gettext_lazy("Where the group was found"),
        help_text=gettext_lazy("Used for every person whose row gives no type of location."),
    )
    description = PlainTextField(
        label=gettext_lazy("Description"), required=False, widget=forms.Textarea(attrs={"rows": 3})
    )
    file = forms.FileField(label=gettext_lazy("Roster (CSV or Excel workbook)"), required=False)

    def __init__(
        self, *args: Any, agencies: QuerySet[Organisation], too_large: bool = False, **kwargs: Any
    ) -> None:
        super().__init__(*args, **kwargs)
        self.too_large = too_large
        self.fields["agency"].queryset = agencies
        if agencies.count() == 1:
            self.fields["agency"].initial = agencies.first()
        self.fields["location_type"].choices = [("", "—"), *Screening.LocationType.choices]
        self.fields["arrived_on"].initial = timezone.localdate()
        self.fields["file"].help_text = _(
            "At most %(limit)s. The first row names the columns: name, other name (in another "
            "script), nationality, sex, age or age band, location type, date of birth, notes. "
            "Only the name is required. The file is read in memory and never stored; the "
            "names are encrypted."
        ) % {"limit": filesizeformat(settings.UPLOAD_MAX_BYTES)}

    def clean_arrived_on(self) -> dt.date:
        day = self.cleaned_data["arrived_on"]
        if day > timezone.localdate():
            raise forms.ValidationError(_("The group cannot arrive after today."))
        return day

    def clean_file(self) -> bytes:
        upload = self.cleaned_data.get("file")
        if self.too_large:
            raise forms.ValidationError(
                _("The file is larger than %(limit)s, the most a roster can be.")
                % {"limit": filesizeformat(settings.UPLOAD_MAX_BYTES)}
            )
        if not upload:
            raise forms.ValidationError(_("Choose the roster file."))
        return upload.read()


class GroupFilterForm(forms.Form):
    SHOW = (
        ("", gettext_lazy("Everyone")),
        ("not_interviewed", gettext_lazy("Not yet interviewed")),
        ("possibly_registered", gettext_lazy("Possibly already registered")),
        ("listed_twice", gettext_lazy("Listed twice in the roster")),
    )
    show = forms.ChoiceField(label=gettext_lazy("Show"), choices=SHOW, required=False)
    nationality = forms.ChoiceField(label=gettext_lazy("Nationality"), required=False)

    def __init__(self, *args: Any, nationalities: list[str], **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        self.fields["nationality"].choices = [("", gettext_lazy("Any"))] + [
            (code, f"{country_name(code) or code} ({code})") for code in nationalities
        ]

    def filter(self, screenings: QuerySet[Screening]) -> QuerySet[Screening]:
        if not self.is_valid():
            return screenings
        show = self.cleaned_data["show"]
        if show == "not_interviewed":
            screenings = screenings.filter(state=Screening.State.DRAFT, consent_to_interview="")
        elif show == "possibly_registered":
            screenings = screenings.filter(possible_client__isnull=False)
        elif show == "listed_twice":
            screenings = screenings.filter(roster_duplicate_row__isnull=False)
        if self.cleaned_data["nationality"]:
            screenings = screenings.filter(nationality=self.cleaned_data["nationality"])
        return screenings
