"""The consent forms: record one consent (its fields chosen by the kind and by whether the
person is a child), withdraw one, override consent. The services check and name each field at
fault; these forms only shape the input."""

from __future__ import annotations

import datetime as dt
from typing import Any

from django import forms
from django.conf import settings
from django.contrib.auth import get_user_model
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from pathways.casework.models import (
    Attachment,
    Case,
    CaseworkRole,
    ConsentOverride,
    ConsentRecord,
    Section,
    StaffMembership,
)
from pathways.lib.forms import PlainTextField
from pathways.programs.models import Organisation

YES_NO = [("yes", _("Yes")), ("no", _("No"))]
# Sharing fields, shown only for a consent to share for a referral or to transfer the case.
SHARING_FIELDS = ("recipient_agencies", "recipient_categories", "excluded_agencies", "sections")
# Who gave it for a child.
CHILD_FIELDS = (
    "child_assent",
    "guardian_relationship",
    "guardian_suspected",
    "best_interests_approver",
)


class ConsentKindForm(forms.Form):
    """The first step: which consent is recorded (the form's fields follow from it)."""

    kind = forms.ChoiceField(label=_("Kind of consent"), choices=ConsentRecord.Kind.choices)


def _languages(script_languages: list[str]) -> list[tuple[str, str]]:
    names = dict(settings.LANGUAGES)
    codes = list(dict.fromkeys([*script_languages, *names]))
    return [(code, str(names.get(code, code))) for code in codes]


class ConsentForm(forms.Form):
    decision = forms.ChoiceField(
        label=_("Decision"), choices=ConsentRecord.Decision.choices, widget=forms.RadioSelect
    )
    given_by = forms.ChoiceField(
        label=_("Given by"), choices=ConsentRecord.GivenBy.choices, widget=forms.RadioSelect
    )
    child_assent = forms.BooleanField(label=_("The child assents"), required=False)
    guardian_relationship = forms.ChoiceField(
        label=_("Guardian's relationship to the child"),
        choices=[("", "—"), *ConsentRecord.GuardianRelationship.choices],
        required=False,
    )
    guardian_suspected = forms.BooleanField(
        label=_("The guardian is suspected of involvement"),
        required=False,
        help_text=_("Then a best-interests decision approved by a case supervisor stands in."),
    )
    best_interests_approver = forms.ModelChoiceField(
        label=_("Best-interests decision approved by"),
        queryset=None,
        required=False,
    )
    method = forms.ChoiceField(
        label=_("How it was given"),
        choices=ConsentRecord.Method.choices,
        widget=forms.RadioSelect,
    )
    language = forms.ChoiceField(label=_("Language it was explained in"))
    interpreter_used = forms.ChoiceField(
        label=_("Through an interpreter"), choices=YES_NO, widget=forms.RadioSelect
    )
    capacity_note = PlainTextField(
        label=_("Capacity to consent"),
        max_length=5000,
        help_text=_("What the person understood, their age and state; who else was there."),
    )
    recipient_agencies = forms.ModelMultipleChoiceField(
        label=_("Agencies it may be shared with"),
        queryset=None,
        required=False,
        widget=forms.CheckboxSelectMultiple,
    )
    recipient_categories = forms.MultipleChoiceField(
        label=_("Or any agency of these kinds"),
        choices=ConsentRecord.RecipientCategory.choices,
        required=False,
        widget=forms.CheckboxSelectMultiple,
    )
    excluded_agencies = forms.ModelMultipleChoiceField(
        label=_("Never to be shared with"),
        queryset=None,
        required=False,
        widget=forms.CheckboxSelectMultiple,
    )
    sections = forms.MultipleChoiceField(
        label=_("Sections of the case that may be shared"),
        choices=Section.choices,
        required=False,
        widget=forms.CheckboxSelectMultiple,
    )
    valid_until = forms.DateField(
        label=_("Valid until"),
        required=False,
        help_text=_("Leave empty: valid until the case closes."),
        widget=forms.DateInput(attrs={"type": "date"}),
    )
    evidence = forms.ModelChoiceField(
        label=_("Signed consent form"),
        queryset=None,
        required=False,
        help_text=_("A consent form attached to this case, if there is one."),
    )

    def __init__(
        self, *args: Any, case: Case, kind: str, child: bool, languages: list[str], **kwargs: Any
    ) -> None:
        super().__init__(*args, **kwargs)
        self.kind = kind
        agencies = Organisation.objects.filter(country__isnull=False).exclude(
            pk=case.owner_agency_id
        )
        for name in ("recipient_agencies", "excluded_agencies"):
            self.fields[name].queryset = agencies.order_by("name")
            self.fields[name].user_content = True
        supervisors = StaffMembership.objects.filter(
            agency_id=case.owner_agency_id, role=CaseworkRole.CASE_SUPERVISOR
        ).values("user_id")
        approver = self.fields["best_interests_approver"]
        approver.queryset = get_user_model().objects.filter(pk__in=supervisors)
        approver.label_from_instance = lambda user: user.display_name
        approver.user_content = True
        self.fields["evidence"].queryset = Attachment.objects.filter(
            case=case, kind=Attachment.Kind.CONSENT_SCAN
        ).order_by("-uploaded_at")
        self.fields["evidence"].label_from_instance = lambda a: (
            _("Consent form of %(date)s")
            % {"date": timezone.localtime(a.uploaded_at).date().isoformat()}
        )
        self.fields["language"].choices = _languages(languages)
        if kind not in (ConsentRecord.Kind.SHARE_FOR_REFERRAL, ConsentRecord.Kind.TRANSFER_CASE):
            for name in (*SHARING_FIELDS, "valid_until"):
                del self.fields[name]
        if not child:
            for name in CHILD_FIELDS:
                del self.fields[name]
            self.fields["given_by"].choices = [
                c for c in ConsentRecord.GivenBy.choices if c[0] == ConsentRecord.GivenBy.PERSON
            ]
        else:
            self.fields["given_by"].choices = [
                c for c in ConsentRecord.GivenBy.choices if c[0] != ConsentRecord.GivenBy.PERSON
            ]

    def service_values(self) -> dict[str, Any]:
        """The cleaned values as `consent_record` takes them."""
        data = dict(self.cleaned_data)
        data["interpreter_used"] = {"yes": True, "no": False}.get(data.get("interpreter_used"))
        until = data.pop("valid_until", None)
        if until is not None:
            end = dt.datetime.combine(until, dt.time.max)
            data["valid_until"] = timezone.make_aware(end)
        return {"kind": self.kind, **data}


class ConsentWithdrawForm(forms.Form):
    version = forms.IntegerField(widget=forms.HiddenInput)
    note = PlainTextField(
        label=_("Note"),
        max_length=5000,
        required=False,
        help_text=_("What the person said, if anything; kept sealed."),
    )
    confirm = forms.BooleanField(
        label=_("The person withdraws this consent: revoke the referrals that rely on it."),
    )


class ConsentOverrideForm(forms.Form):
    kind = forms.ChoiceField(label=_("Consent overridden"), choices=ConsentRecord.Kind.choices)
    legal_basis = forms.ChoiceField(
        label=_("Legal basis"),
        choices=ConsentOverride.LegalBasis.choices,
        widget=forms.RadioSelect,
    )
    reason = PlainTextField(
        label=_("Reason"),
        max_length=5000,
        help_text=_("Why sharing cannot wait for consent; kept sealed."),
    )
