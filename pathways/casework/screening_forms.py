"""The screening pages' forms (casework.md §3.1, §4). Every form of an existing screening
carries the version it was shown at: a screening someone else changed meanwhile is told, and
what the user posted is kept on the page.

Questions and the consent script are shown in the interview's language (one of the nine
indicator languages); the labels around them follow the interface's language."""

from __future__ import annotations

from collections.abc import Mapping, Sequence
from typing import Any

from django import forms
from django.utils import timezone
from django.utils.translation import get_language
from django.utils.translation import gettext_lazy as _

from pathways.casework.forms import DATE_WIDGET, IDENTITY_LABELS, AgencyChoice
from pathways.casework.indicators import CONSENT_ITEMS, LANGUAGES
from pathways.casework.models import (
    Case,
    Client,
    IndicatorSet,
    Screening,
    ScreeningGroup,
    ScreeningIndicator,
)
from pathways.casework.sealing import ClientIdentity
from pathways.lib.forms import PlainLineField, PlainTextField

# The interview languages, each with its own name (what the person recognises).
LANGUAGE_NAMES = {
    "en": _("English"),
    "km": _("Khmer (ខ្មែរ)"),
    "th": _("Thai (ไทย)"),
    "vi": _("Vietnamese (Tiếng Việt)"),
    "id": _("Bahasa Indonesia"),
    "fil": _("Filipino"),
    "my": _("Burmese (မြန်မာ)"),
    "lo": _("Lao (ລາວ)"),
    "zh": _("Chinese (中文)"),
}
assert tuple(LANGUAGE_NAMES) == LANGUAGES
ANSWER_CHOICES = [
    ("yes", _("Yes")),
    ("no", _("No")),
    ("unknown", _("Does not know")),
    ("refused", _("Does not want to answer")),
]
PRIVATE = {"autocomplete": "off"}


def in_language(texts: Mapping[str, str] | None, language: str) -> str:
    """The text in `language`, else in English (every shipped text has English)."""
    texts = texts or {}
    return texts.get(language) or texts.get("en") or ""


def interface_language() -> str:
    """The indicator language closest to the interface's (English when none is)."""
    code = (get_language() or "en").split("-")[0]
    return code if code in LANGUAGES else "en"


def set_label(indicator_set: IndicatorSet) -> str:
    """A set as a choice says: its title, its version and, until signed off, that it awaits
    national review."""
    title = in_language(indicator_set.title, interface_language())
    label = f"{title} ({indicator_set.version})"
    if indicator_set.awaits_review:
        label += " — " + str(_("awaits national review"))
    return label


class VersionForm(forms.Form):
    """The version of the screening the page was shown at."""

    version = forms.IntegerField(widget=forms.HiddenInput, min_value=0)


class SetChoice(forms.ModelChoiceField):
    def label_from_instance(self, obj: IndicatorSet) -> str:
        return set_label(obj)


def _interview_fields(form: forms.Form, indicator_sets) -> None:
    form.fields["interview_language"] = forms.ChoiceField(
        label=_("Language of the interview"),
        choices=[("", "—"), *LANGUAGE_NAMES.items()],
        help_text=_("The questions and the consent script are shown in this language."),
    )
    form.fields["indicator_set"] = SetChoice(
        label=_("Set of indicators"), queryset=indicator_sets, empty_label="—"
    )
    form.fields["province"] = PlainLineField(label=_("Province"), required=False, max_length=100)
    form.fields["interpreter_used"] = forms.BooleanField(
        label=_("An interpreter is used"), required=False
    )
    form.fields["child_friendly_procedure"] = forms.BooleanField(
        label=_("Child-friendly procedure"), required=False
    )


class ScreeningStartForm(forms.Form):
    """A new screening: where and with whom, the interview's language and set, and the
    person's sex, age band and nationality (what a refusal keeps)."""

    agency = AgencyChoice()
    screened_on = forms.DateField(label=_("Date"), widget=DATE_WIDGET)
    location_type = forms.ChoiceField(
        label=_("Type of location"), choices=[("", "—"), *Screening.LocationType.choices]
    )
    sex = forms.ChoiceField(label=_("Sex"), choices=[("", "—"), *Client.Sex.choices])
    age_band = forms.ChoiceField(label=_("Age band"), choices=[("", "—"), *Client.AgeBand.choices])
    nationality = PlainLineField(
        label=_("Nationality"),
        required=False,
        max_length=2,
        help_text=_("Two-letter country code, e.g. VN; leave empty if not known."),
    )
    group = forms.ModelChoiceField(
        label=_("Group of a mass return"),
        queryset=ScreeningGroup.objects.none(),
        required=False,
        empty_label=_("None"),
    )

    def __init__(self, *args: Any, agencies, indicator_sets, groups, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        self.fields["agency"].offer(agencies)
        self.fields["screened_on"].initial = timezone.localdate()
        self.fields["group"].queryset = groups
        _interview_fields(self, indicator_sets)
        for field in self.fields.values():
            field.widget.attrs.update(PRIVATE)

    def clean_nationality(self) -> str:
        value = self.cleaned_data["nationality"].strip().upper()
        if value and (len(value) != 2 or not value.isalpha()):
            raise forms.ValidationError(_("Give a two-letter country code, e.g. VN."))
        return value

    def clean_screened_on(self):
        day = self.cleaned_data["screened_on"]
        if day > timezone.localdate():
            raise forms.ValidationError(_("The date cannot be in the future."))
        return day


class ScreeningSetupForm(VersionForm):
    """The interview's language and set for a draft made from a roster (minimal fields
    only)."""

    def __init__(self, *args: Any, indicator_sets, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        _interview_fields(self, indicator_sets)


class ConsentForm(VersionForm):
    """The six HTCDS items the person was told, and their decision."""

    decision = forms.ChoiceField(
        label=_("Does the person consent to the interview?"),
        choices=Screening.Consent.choices,
        widget=forms.RadioSelect,
    )

    def __init__(self, *args: Any, items: Sequence[Mapping[str, Any]], language: str, **kwargs):
        super().__init__(*args, **kwargs)
        texts = {item["code"]: item.get("text", {}) for item in items}
        reader = interface_language()
        for code in CONSENT_ITEMS:
            said = in_language(texts.get(code), language) or code
            for_screener = in_language(texts.get(code), reader)
            self.fields[f"informed_of_{code}"] = forms.BooleanField(
                label=said,
                required=False,
                help_text=for_screener if for_screener != said else "",
            )

    def item_fields(self) -> list[forms.BoundField]:
        return [self[f"informed_of_{code}"] for code in CONSENT_ITEMS]

    def informed_of(self) -> list[str]:
        return [c for c in CONSENT_ITEMS if self.cleaned_data.get(f"informed_of_{c}")]


class AnswersForm(VersionForm):
    """One dimension's questions, each answered yes, no, does not know or does not want to
    answer (the last two always possible); one field per indicator code."""

    def __init__(
        self,
        *args: Any,
        indicators: Sequence[ScreeningIndicator],
        language: str,
        child: bool,
        **kwargs: Any,
    ) -> None:
        super().__init__(*args, **kwargs)
        reader = interface_language()
        self.questions = []
        for indicator in indicators:
            wording = indicator.child_wording if child and indicator.child_wording else None
            asked = in_language(wording or indicator.question, language)
            for_screener = in_language(wording or indicator.question, reader)
            self.fields[indicator.code] = forms.ChoiceField(
                label=asked,
                choices=ANSWER_CHOICES,
                widget=forms.RadioSelect,
                error_messages={
                    "required": _(
                        "Choose an answer: “does not know” or “does not want to answer” "
                        "when there is none."
                    )
                },
            )
            self.questions.append(
                {
                    "field": indicator.code,
                    "translation": for_screener if for_screener != asked else "",
                    "help": in_language(indicator.help, reader),
                }
            )

    def question_fields(self) -> list[tuple[forms.BoundField, dict[str, str]]]:
        return [(self[q["field"]], q) for q in self.questions]

    def answers(self) -> dict[str, str]:
        return {q["field"]: self.cleaned_data[q["field"]] for q in self.questions}


class NotesForm(VersionForm):
    """The end of the interview: exploitation notes, the restricted field, immediate needs."""

    exploitation_notes = PlainTextField(
        label=_("Notes on the exploitation"), required=False, max_length=5000
    )
    unlawful_acts = PlainTextField(
        label=_("Acts the person says they were compelled to commit"),
        required=False,
        max_length=5000,
    )
    immediate_needs = forms.MultipleChoiceField(
        label=_("Immediate needs"),
        choices=Screening.Need.choices,
        required=False,
        widget=forms.CheckboxSelectMultiple,
    )
    urgent_referral_made = forms.BooleanField(
        label=_("An urgent referral was made"), required=False
    )

    def __init__(self, *args: Any, may_read_unlawful_acts: bool, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        for name in ("exploitation_notes", "unlawful_acts"):
            self.fields[name].widget.attrs.update(PRIVATE)
        self.fields["unlawful_acts"].help_text = (
            _(
                "Restricted: only the agency's case workers, case supervisors and legal "
                "officers can read this. Never a reason to screen the person out."
            )
            if may_read_unlawful_acts
            else _(
                "Restricted: only the agency's case workers, case supervisors and legal "
                "officers can read this, not you once saved; what you write is added to what "
                "is recorded. Never a reason to screen the person out."
            )
        )


class TriageForm(VersionForm):
    """The screener's outcome: the rule's suggestion confirmed, or overridden with a reason."""

    confirmed_outcome = forms.ChoiceField(
        label=_("Outcome"), choices=Screening.Outcome.choices, widget=forms.RadioSelect
    )
    override_reason = PlainTextField(
        label=_("Why you do not follow the suggestion"),
        required=False,
        max_length=2000,
        help_text=_("Required when the outcome differs from the rule's suggestion."),
    )

    def __init__(self, *args: Any, suggested: str, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        self.suggested = suggested
        self.fields["confirmed_outcome"].initial = suggested
        self.fields["override_reason"].widget.attrs.update(PRIVATE)

    def clean(self) -> dict[str, Any]:
        data = super().clean()
        outcome = data.get("confirmed_outcome")
        if outcome and outcome != self.suggested and not data.get("override_reason"):
            self.add_error(
                "override_reason",
                _("Say why you do not follow the rule's suggestion: a reason is required."),
            )
        return data


REFER_IDENTITY = (
    "first_name",
    "last_name",
    "local_script_name",
    "birthdate",
    "identity_number",
    "mobile_phone",
)


class ReferForm(VersionForm):
    """A presumed victim's identifiers: the client registered when referred for
    identification."""

    first_name = PlainLineField(label=IDENTITY_LABELS["first_name"], required=False, max_length=200)
    last_name = PlainLineField(label=IDENTITY_LABELS["last_name"], required=False, max_length=200)
    local_script_name = PlainLineField(
        label=IDENTITY_LABELS["local_script_name"], required=False, max_length=200
    )
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
    exploitation_type = forms.ChoiceField(
        label=_("Type of exploitation"),
        choices=Case.ExploitationType.choices,
        initial=Case.ExploitationType.UNKNOWN,
        required=False,
        help_text=_(
            "As far as the interview shows; the case worker can change it later. Leave "
            "“Not known yet” rather than guess."
        ),
    )
    exploitation_country = PlainLineField(
        label=_("Country of exploitation"),
        required=False,
        max_length=2,
        help_text=_("Two-letter country code, e.g. TH; leave empty if not known."),
    )

    def clean_exploitation_country(self) -> str:
        return self.cleaned_data["exploitation_country"].strip().upper()

    def __init__(self, *args: Any, suggested_type: str = "", **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        if suggested_type:
            self.fields["exploitation_type"].initial = suggested_type
        for name in REFER_IDENTITY:
            self.fields[name].widget.attrs.update(PRIVATE)

    def identity(self) -> ClientIdentity:
        values = {n: self.cleaned_data[n] or "" for n in REFER_IDENTITY}
        values["birthdate"] = self.cleaned_data["birthdate"]
        return ClientIdentity(**values)


class ScreeningFilterForm(forms.Form):
    state = forms.ChoiceField(
        label=_("State"),
        required=False,
        choices=[("", _("Any state")), *Screening.State.choices],
    )


# The type of exploitation the referral form starts from, by the scope of the set the
# interview used: a set made for one form of exploitation suggests it; the screener confirms.
SUGGESTED_TYPES = {
    IndicatorSet.Exploitation.LABOUR: Case.ExploitationType.FORCED_LABOUR,
    IndicatorSet.Exploitation.SEXUAL: Case.ExploitationType.SEXUAL_EXPLOITATION,
    IndicatorSet.Exploitation.CRIMINALITY: Case.ExploitationType.FORCED_CRIMINALITY,
}


def suggested_exploitation_type(screening: Screening) -> str:
    indicator_set = screening.indicator_set
    return SUGGESTED_TYPES.get(indicator_set.exploitation, "") if indicator_set else ""


class VoidForm(VersionForm):
    """Why a screening entered in error is voided (kept sealed)."""

    reason = PlainTextField(
        label=_("Why is this screening void?"),
        max_length=5000,
        widget=forms.Textarea(attrs={"rows": 4}),
        help_text=_(
            "E.g. entered twice, or for the wrong person. Kept encrypted; read only by those "
            "who may read the screening."
        ),
    )


class DuplicateForm(VersionForm):
    """The client the person already is, by the case number of one of their cases."""

    case_number = PlainLineField(
        label=_("Case number of the person already registered"),
        max_length=20,
        help_text=_("A case of the client you may see, in the screening's country."),
    )
