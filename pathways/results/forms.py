from __future__ import annotations

from typing import Any

from django import forms
from django.conf import settings
from django.template.defaultfilters import filesizeformat
from django.utils.translation import gettext_lazy as _

from pathways.activities.forms import CHECKLIST
from pathways.activities.models import Event, Person, Sex
from pathways.lib.forms import PlainLineField, PlainTextField, plain_formfield
from pathways.programs.labels import reference_name, use_reference_names
from pathways.programs.models import Country, Organisation, OutcomeArea, Pathway
from pathways.results.figures import (
    DIMENSIONS,
    DISABILITY_CHOICES,
    NOT_RECORDED,
    UNMATCHED,
    UNMATCHED_LABEL,
    FigureFilters,
    Rule,
)
from pathways.results.models import Achievement, translation_languages
from pathways.results.periods import Period

_ANY = [("", _("Any"))]
_NR = [(NOT_RECORDED, _("Not recorded"))]


class AccessibleForm(forms.Form):
    """Names reference data in the reader's language. A field with errors is tied to them by
    Django itself (aria-invalid, aria-describedby "<id>_error"), the id field_errors.html
    gives the list."""

    def __init__(self, *args: Any, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        use_reference_names(self)


class DateInput(forms.DateInput):
    """The browser's date picker, whose value is ISO (YYYY-MM-DD) in every language."""

    input_type = "date"

    def __init__(self) -> None:
        super().__init__(format="%Y-%m-%d")


class PeriodForm(AccessibleForm):
    """A reporting period, as the dashboards and the factsheets ask for it: both ends
    included; the end may not be before the start."""

    start = forms.DateField(label=_("From"), widget=DateInput())
    end = forms.DateField(label=_("To"), widget=DateInput())

    def clean(self) -> dict[str, Any]:
        data = super().clean()
        if data.get("start") and data.get("end") and data["end"] < data["start"]:
            self.add_error("end", _("The end date cannot be before the start date."))
        return data

    @property
    def period(self) -> Period:
        return Period(self.cleaned_data["start"], self.cleaned_data["end"])


def _code_choices(model: Any) -> list[tuple[str, str]]:
    rows = model.objects.only("code", "name", "translations")
    return [(obj.code, reference_name(obj)) for obj in rows]


class FilterForm(AccessibleForm):
    """The figure filters as query parameters; an unknown value is a clear error."""

    sex = forms.ChoiceField(label=_("Sex"), required=False)
    disability = forms.ChoiceField(label=_("Disability"), required=False)
    age_band = forms.ChoiceField(label=_("Age band"), required=False)
    organisation_type = forms.ChoiceField(label=_("Organisation type"), required=False)
    position = forms.ChoiceField(label=_("Position category"), required=False)
    pathway = forms.ChoiceField(label=_("Pathway"), required=False)
    outcome_area = forms.ChoiceField(label=_("Outcome area"), required=False)
    event_type = forms.ChoiceField(label=_("Event type"), required=False)
    country = forms.ChoiceField(label=_("Country"), required=False)
    organisation = forms.TypedChoiceField(
        label=_("Organisation"), required=False, coerce=int, empty_value=None
    )

    def __init__(self, *args: Any, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        f = self.fields
        f["sex"].choices = _ANY + list(Sex.choices)
        f["disability"].choices = _ANY + list(DISABILITY_CHOICES)
        f["age_band"].choices = _ANY + list(Person.AgeBand.choices)
        f["organisation_type"].choices = (
            _ANY + list(Organisation.Type.choices) + [(UNMATCHED, UNMATCHED_LABEL)] + _NR
        )
        f["position"].choices = _ANY + list(Person.Position.choices) + _NR
        f["pathway"].choices = _ANY + _code_choices(Pathway) + _NR
        f["outcome_area"].choices = _ANY + _code_choices(OutcomeArea) + _NR
        f["event_type"].choices = _ANY + list(Event.Type.choices)
        f["country"].choices = _ANY + _code_choices(Country)
        f["organisation"].choices = _ANY + [
            (o.pk, o.short_name) for o in Organisation.objects.only("name", "acronym")
        ]

    @property
    def filters(self) -> FigureFilters:
        if not self.is_valid():
            return FigureFilters()
        return FigureFilters(**{k: v or None for k, v in self.cleaned_data.items()})


FIGURE_SLUGS = {
    "events": Rule.EVENTS,
    "participants": Rule.PARTICIPANTS,
    "capacity-development-events": Rule.CAPACITY_DEVELOPMENT_EVENTS,
    "people-trained": Rule.PEOPLE_TRAINED,
}
RULE_SLUGS = {rule: slug for slug, rule in FIGURE_SLUGS.items()}


class BreakdownForm(AccessibleForm):
    figure = forms.ChoiceField(
        label=_("Figure"), choices=[(slug, Rule(r).label) for slug, r in FIGURE_SLUGS.items()]
    )
    by = forms.ChoiceField(
        label=_("Split by"), choices=[(k, d.label) for k, d in DIMENSIONS.items()]
    )

    def clean(self) -> dict[str, Any]:
        data = super().clean()
        rule = FIGURE_SLUGS.get(data.get("figure", ""))
        dim = DIMENSIONS.get(data.get("by", ""))
        if rule and dim and not dim.applies_to(rule):
            self.add_error("by", _("Events are not split by a person's attributes."))
        return data


class AchievementForm(forms.ModelForm):
    class Meta:
        model = Achievement
        formfield_callback = plain_formfield
        fields = [
            "country",
            "title",
            "text",
            "date",
            "outcome_area",
            "partners",
            "related_events",
            "is_good_practice",
        ]
        widgets = {
            "date": forms.DateInput(attrs={"type": "date"}, format="%Y-%m-%d"),
            "partners": CHECKLIST,
            "related_events": CHECKLIST,
        }

    def __init__(self, *args: Any, countries: Any, events: Any, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        self.fields["country"].queryset = countries
        self.fields["partners"].queryset = Organisation.objects.all()
        self.fields["related_events"].queryset = events
        self.fields["related_events"].help_text = _("The events of the country, newest first.")
        # Event titles are what users wrote: field.html keeps translators' tools off them.
        self.fields["related_events"].user_content = True
        if self.instance.pk:
            self.fields["country"].disabled = True
        use_reference_names(self)
        self._add_translation_fields()

    def _add_translation_fields(self) -> None:
        """A title and a text per other language, shown beside the English on the page."""
        stored = self.instance.translations or {}
        for code, name in translation_languages():
            entry = stored.get(code, {})
            self.fields[f"title_{code}"] = PlainLineField(
                label=_("Title in %(language)s") % {"language": name},
                max_length=200,
                required=False,
                initial=entry.get("title", ""),
            )
            self.fields[f"text_{code}"] = PlainTextField(
                label=_("Text in %(language)s") % {"language": name},
                required=False,
                initial=entry.get("text", ""),
                widget=forms.Textarea(attrs={"rows": 4, "lang": code}),
            )
            self.fields[f"title_{code}"].widget.attrs["lang"] = code

    @property
    def translation_rows(self) -> list[tuple[str, str, Any, Any]]:
        """(code, language, title field, text field) for the side-by-side editor."""
        return [
            (code, name, self[f"title_{code}"], self[f"text_{code}"])
            for code, name in translation_languages()
        ]

    @property
    def main_fields(self) -> list[Any]:
        return [f for f in self if not f.name.startswith(("title_", "text_"))]

    def clean(self) -> dict[str, Any]:
        data = super().clean()
        country = data.get("country")
        events = data.get("related_events")
        if country and events and any(e.country_id != country.pk for e in events):
            self.add_error("related_events", _("Related events must be in the same country."))
        entries = {
            code: {"title": data.get(f"title_{code}", ""), "text": data.get(f"text_{code}", "")}
            for code, _name in translation_languages()
        }
        for code, entry in entries.items():
            if entry["title"] and not entry["text"]:
                self.add_error(f"text_{code}", _("Give the text too, or clear the title."))
        data["translations"] = {c: e for c, e in entries.items() if e["text"]}
        return data


class AchievementFilterForm(AccessibleForm):
    country = forms.ModelChoiceField(
        label=_("Country"),
        queryset=Country.objects.all(),
        required=False,
        to_field_name="code",
        empty_label=_("Any"),
    )
    outcome_area = forms.ModelChoiceField(
        label=_("Outcome area"),
        queryset=OutcomeArea.objects.all(),
        required=False,
        to_field_name="code",
        empty_label=_("Any"),
    )
    status = forms.ChoiceField(
        label=_("Status"), choices=_ANY + list(Achievement.Status.choices), required=False
    )
    good_practice = forms.BooleanField(label=_("Good practice only"), required=False)
    start = forms.DateField(
        label=_("From"), required=False, widget=forms.DateInput(attrs={"type": "date"})
    )
    end = forms.DateField(
        label=_("To"), required=False, widget=forms.DateInput(attrs={"type": "date"})
    )


class SendBackForm(AccessibleForm):
    comment = PlainTextField(
        label=_("What needs to change"), widget=forms.Textarea(attrs={"rows": 3}), max_length=2000
    )


class EvidenceForm(AccessibleForm):
    file = forms.FileField(label=_("Evidence file"))

    def __init__(self, *args: Any, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        # Filled in as the form is made: formatted at import, the help stayed in English.
        self.fields["file"].help_text = _("PDF, image or Office document, at most %(size)s.") % {
            "size": filesizeformat(settings.UPLOAD_MAX_BYTES)
        }


class EvidencePublicForm(AccessibleForm):
    public = forms.BooleanField(label=_("Public"), required=False)


class ReportedValueForm(AccessibleForm):
    country = forms.ModelChoiceField(label=_("Country"), queryset=Country.objects.none())
    period_start = forms.DateField(
        label=_("Period start"), widget=forms.DateInput(attrs={"type": "date"})
    )
    period_end = forms.DateField(
        label=_("Period end"), widget=forms.DateInput(attrs={"type": "date"})
    )
    value = forms.DecimalField(label=_("Value"), max_digits=12, decimal_places=2, min_value=0)
    note = PlainTextField(label=_("Note"), widget=forms.Textarea(attrs={"rows": 3}), required=False)
    evidence = forms.FileField(label=_("Evidence file"), required=False)

    def __init__(self, *args: Any, countries: Any, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        self.fields["country"].queryset = countries

    def clean(self) -> dict[str, Any]:
        data = super().clean()
        start, end = data.get("period_start"), data.get("period_end")
        if start and end and end < start:
            self.add_error("period_end", _("The end date cannot be before the start date."))
        return data
