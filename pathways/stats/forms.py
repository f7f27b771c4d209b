from __future__ import annotations

from collections.abc import Sequence

from django import forms
from django.conf import settings
from django.core.exceptions import ValidationError
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from pathways.lib.forms import PlainTextField
from pathways.programs.models import Country
from pathways.stats.services import FIRST_YEAR


def language_or_none(code: str | None) -> str | None:
    """A language the site offers, or None for anything else."""
    return code if code in dict(settings.LANGUAGES) else None


def _year_field(*, required: bool) -> forms.IntegerField:
    return forms.IntegerField(
        label=_("Year"),
        required=required,
        min_value=FIRST_YEAR,
        max_value=timezone.localdate().year,
        error_messages={
            "min_value": _("Choose a year from %(limit_value)s on."),
            "max_value": _("A release describes a year that has begun: %(limit_value)s at most."),
        },
    )


class ReleaseFilterForm(forms.Form):
    """The published releases of one country or year."""

    country = forms.ModelChoiceField(
        label=_("Country"), queryset=Country.objects.none(), required=False, to_field_name="code"
    )
    year = forms.IntegerField(label=_("Year"), required=False, min_value=FIRST_YEAR)

    def __init__(self, *args, countries: Sequence[int], **kwargs) -> None:
        super().__init__(*args, **kwargs)
        field = self.fields["country"]
        field.queryset = Country.objects.filter(id__in=countries).order_by("name")
        field.empty_label = _("Every country")


class DraftForm(forms.Form):
    """A new draft: the country (among those the statistician drafts for) and the year."""

    country = forms.ModelChoiceField(label=_("Country"), queryset=Country.objects.none())
    year = _year_field(required=True)

    def __init__(self, *args, countries: Sequence[Country], **kwargs) -> None:
        super().__init__(*args, **kwargs)
        self.fields["year"] = _year_field(required=True)
        field = self.fields["country"]
        field.queryset = Country.objects.filter(id__in=[c.pk for c in countries]).order_by("name")
        if len(countries) == 1:
            field.initial = countries[0].pk


class InternalForm(forms.Form):
    """Which year's exact counts the statistician looks at."""

    year = _year_field(required=False)

    def __init__(self, *args, **kwargs) -> None:
        super().__init__(*args, **kwargs)
        self.fields["year"] = _year_field(required=False)


class VersionForm(forms.Form):
    """A write on a release as it was loaded (a stale version is refused)."""

    version = forms.IntegerField(widget=forms.HiddenInput, min_value=0)


class ReviewForm(VersionForm):
    APPROVE, RETURN = "approve", "return"
    decision = forms.ChoiceField(
        label=_("Your decision"),
        widget=forms.RadioSelect,
        choices=[
            (APPROVE, _("Approve: the tables may be published")),
            (RETURN, _("Return to the statistician with a note")),
        ],
    )
    note = PlainTextField(
        label=_("Note"),
        required=False,
        max_length=2000,
        widget=forms.Textarea(attrs={"rows": 4}),
        help_text=_("Required when you return the release: say what should change."),
    )

    def clean(self) -> dict:
        cleaned = super().clean()
        if cleaned.get("decision") == self.RETURN and not (cleaned.get("note") or "").strip():
            raise ValidationError({"note": _("Say what should change before it is published.")})
        return cleaned
