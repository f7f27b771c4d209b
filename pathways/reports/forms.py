from __future__ import annotations

from django import forms
from django.conf import settings
from django.utils import translation
from django.utils.translation import gettext_lazy as _

from pathways.lib.forms import PlainLineField, PlainTextField
from pathways.reports.models import Publication
from pathways.results.periods import Period


def language_or_none(code: str | None) -> str | None:
    """A language the site offers, or None for anything else."""
    return code if code in dict(settings.LANGUAGES) else None


class PublishForm(forms.Form):
    """What to publish: the output, its place and period, the language of its texts."""

    kind = forms.ChoiceField(label=_("Output"), choices=Publication.Kind.choices)
    country = PlainLineField(label=_("Country"), required=False, max_length=10)
    start = forms.DateField(label=_("Period start"), required=False)
    end = forms.DateField(label=_("Period end"), required=False)
    language = forms.ChoiceField(label=_("Language"), choices=settings.LANGUAGES, required=False)

    def clean_country(self) -> str | None:
        return self.cleaned_data["country"].strip().upper() or None

    def clean_language(self) -> str:
        return self.cleaned_data["language"] or translation.get_language()


class WithdrawForm(forms.Form):
    reason = PlainTextField(
        label=_("Why is it withdrawn?"),
        widget=forms.Textarea(attrs={"rows": 3}),
        max_length=2000,
        help_text=_("Shown on the publication's page, in the list and in the API."),
    )


class FactsheetsZipForm(forms.Form):
    """The factsheet PDFs of every country: for which financial year, in which language."""

    fy = forms.ChoiceField(
        label=_("Financial year"),
        error_messages={"invalid_choice": _("There is no financial year %(value)s to report on.")},
    )
    language = forms.ChoiceField(
        label=_("Language"),
        choices=settings.LANGUAGES,
        # Each language named in its own script, as the language menu names it.
        widget=forms.Select(attrs={"translate": "no"}),
        error_messages={"invalid_choice": _("Factsheets are not made in %(value)s.")},
    )

    def __init__(self, *args, years: list[Period], **kwargs) -> None:
        super().__init__(*args, **kwargs)
        self.years = {str(p.start.year): p for p in years}
        self.fields["fy"].choices = [(key, p.short_label) for key, p in self.years.items()]

    def clean_fy(self) -> Period:
        return self.years[self.cleaned_data["fy"]]
