from __future__ import annotations

from typing import Any

from django import forms
from django.utils import formats
from django.utils.translation import gettext_lazy as _

from pathways.lib.forms import PlainTextField
from pathways.programs.models import Country
from pathways.reports.obligation_models import ObligationStatus
from pathways.reports.obligations import (
    linkable_achievements,
    linkable_events,
    linkable_releases,
)


class _Evidence(forms.ModelMultipleChoiceField):
    """Evidence named by what users wrote: marked so field.html keeps it from page translators."""

    user_content = True

    def __init__(self, *, label: Any, help_text: Any, naming: Any) -> None:
        super().__init__(
            queryset=None,
            required=False,
            label=label,
            help_text=help_text,
            widget=forms.CheckboxSelectMultiple,
        )
        self.naming = naming

    def label_from_instance(self, obj: Any) -> str:
        return self.naming(obj)


def _event_name(event: Any) -> str:
    return f"{event.title} ({formats.date_format(event.start_date, 'SHORT_DATE_FORMAT')})"


def _achievement_name(achievement: Any) -> str:
    when = formats.date_format(achievement.date, "SHORT_DATE_FORMAT")
    return f"{achievement.title} ({when})"


def _release_name(release: Any) -> str:
    return f"{release.get_kind_display()} {release.year}"


class ObligationForm(forms.Form):
    """A member state's status on one article; the evidence lists offer only what the editor
    sees of that country (and published statistics releases)."""

    status = forms.ChoiceField(
        label=_("Status"), choices=ObligationStatus.Status.choices, widget=forms.RadioSelect
    )
    note = PlainTextField(
        label=_("Note"),
        required=False,
        max_length=4000,
        widget=forms.Textarea(attrs={"rows": 4}),
        help_text=_("What the status rests on, and what is still missing."),
    )
    events = _Evidence(
        label=_("Events"),
        help_text=_("Events of this country that show the obligation at work."),
        naming=_event_name,
    )
    achievements = _Evidence(
        label=_("Achievements"),
        help_text=_("Achievements of this country that bear on the article."),
        naming=_achievement_name,
    )
    releases = _Evidence(
        label=_("Statistics releases"),
        help_text=_("Published statistics releases of this country."),
        naming=_release_name,
    )
    version = forms.IntegerField(widget=forms.HiddenInput, min_value=0)

    def __init__(self, *args: Any, user: Any, country: Country, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        self.fields["events"].queryset = linkable_events(user, country)
        self.fields["achievements"].queryset = linkable_achievements(user, country)
        self.fields["releases"].queryset = linkable_releases(country)
