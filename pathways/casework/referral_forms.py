"""The referral forms (casework.md §3.4): the offer (agency, service, urgency, the sections
to share, words, transport) and one form per action on a referral. Each action form carries
the `version` of the referral as the page showed it, so of two people acting at once the
second is told and nothing is written. The services check and name each fault; these forms
only shape the input."""

from __future__ import annotations

import datetime as dt
from collections.abc import Iterable
from typing import Any

from django import forms
from django.contrib.auth import get_user_model
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from pathways.casework.identification_forms import DATETIME_WIDGET
from pathways.casework.models import CaseworkRole, Referral, Section, StaffMembership
from pathways.lib.forms import PlainTextField
from pathways.programs.models import Organisation

DATETIME_FORMATS = ["%Y-%m-%dT%H:%M", "%Y-%m-%d %H:%M", "%Y-%m-%d"]
# Who answers for the receiving agency, and who may be assigned a referral there.
RECEIVER_ROLES = (CaseworkRole.CASE_SUPERVISOR, CaseworkRole.CASE_WORKER)
BOXES = (
    ("received", _("Received")),
    ("sent", _("Sent")),
    ("escalated", _("Escalated")),
    ("country", _("All of the country")),
)


def _words(label: Any, *, required: bool = False, help_text: Any = "") -> PlainTextField:
    return PlainTextField(label=label, max_length=5000, required=required, help_text=help_text)


class ReferralOfferForm(forms.Form):
    """Offer a case to another agency. `agencies`: those the directory lists with a service;
    `sections`: those the sender may read (the summary is always shared)."""

    to_agency = forms.ModelChoiceField(label=_("Agency"), queryset=Organisation.objects.none())
    service_type = forms.ChoiceField(label=_("Service"))
    urgency = forms.ChoiceField(
        label=_("Urgency"),
        choices=Referral.Urgency.choices,
        widget=forms.RadioSelect,
        help_text=_(
            "Sets the answer due: 2 hours for an emergency, 24 hours when urgent, 3 working "
            "days for routine (the country's settings may differ)."
        ),
    )
    shared_sections = forms.MultipleChoiceField(
        label=_("Sections to share"),
        required=False,
        widget=forms.CheckboxSelectMultiple,
        help_text=_(
            "The summary is always shared. The receiving agency reads only what you tick, "
            "and only once it accepts."
        ),
    )
    reason = forms.ChoiceField(label=_("Reason for the referral"), choices=Referral.Reason.choices)
    details = _words(
        _("Details for the receiving agency"),
        help_text=_("What the person needs and anything the agency should know; kept sealed."),
    )
    transport = forms.ChoiceField(
        label=_("How it is sent"),
        choices=Referral.Transport.choices,
        initial=Referral.Transport.PATHWAYS,
        widget=forms.RadioSelect,
        help_text=_(
            "An agency not on Pathways gets an encrypted package, and you record its answer "
            "by hand."
        ),
    )
    use_override = forms.BooleanField(
        label=_("Share under the consent override running on this case"),
        required=False,
        help_text=_("Only when no consent of the person covers this agency and these sections."),
    )
    offer_anyway = forms.BooleanField(widget=forms.HiddenInput, required=False)

    def __init__(
        self,
        *args: Any,
        agencies: Any,
        services: Iterable[tuple[str, str]],
        sections: Iterable[str],
        **kwargs: Any,
    ) -> None:
        super().__init__(*args, **kwargs)
        agency = self.fields["to_agency"]
        agency.queryset = agencies
        agency.user_content = True
        self.fields["service_type"].choices = [("", "—"), *services]
        self.fields["shared_sections"].choices = [
            (s.value, s.label) for s in Section if s in set(sections) and s != Section.SUMMARY
        ]

    def clean_shared_sections(self) -> list[str]:
        return [Section.SUMMARY.value, *self.cleaned_data["shared_sections"]]


class VersionForm(forms.Form):
    version = forms.IntegerField(widget=forms.HiddenInput, min_value=0)


def receiver_users(agency_id: int) -> Any:
    held = StaffMembership.objects.filter(agency_id=agency_id, role__in=RECEIVER_ROLES)
    return (
        get_user_model()
        .objects.filter(pk__in=held.values("user_id"), is_active=True)
        .order_by("username")
    )


class AcceptForm(VersionForm):
    complete_by = forms.DateField(
        label=_("To be completed by"),
        required=False,
        widget=forms.DateInput(attrs={"type": "date"}),
        help_text=_("When your agency expects to have delivered the service."),
    )
    to_user = forms.ModelChoiceField(
        label=_("Assign to"),
        queryset=get_user_model().objects.none(),
        required=False,
        help_text=_("Leave empty: assigned to you."),
    )
    note = _words(_("Note to the sending agency"), help_text=_("Kept sealed."))

    def __init__(self, *args: Any, referral: Referral, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        field = self.fields["to_user"]
        field.queryset = receiver_users(referral.to_agency_id)
        field.label_from_instance = lambda user: user.display_name
        field.user_content = True

    def clean_complete_by(self) -> dt.datetime | None:
        day = self.cleaned_data["complete_by"]
        if day is None:
            return None
        return timezone.make_aware(dt.datetime.combine(day, dt.time(23, 59)))


class DeclineForm(VersionForm):
    reason = forms.ChoiceField(
        label=_("Why your agency declines"),
        choices=Referral.DeclineReason.choices,
        widget=forms.RadioSelect,
    )
    note = _words(_("Note"), help_text=_("Needed when the reason is “Other”; kept sealed."))

    def clean(self) -> dict[str, Any]:
        data = super().clean()
        if data.get("reason") == Referral.DeclineReason.OTHER and not data.get("note"):
            self.add_error("note", _("Say why in a note when the reason is “Other”."))
        return data


class FirstContactForm(VersionForm):
    at = forms.DateTimeField(
        label=_("When the first contact was made"),
        required=False,
        widget=DATETIME_WIDGET,
        input_formats=DATETIME_FORMATS,
        help_text=_("Leave empty: now."),
    )
    note = _words(_("Note"), help_text=_("Kept sealed."))


class CompleteForm(VersionForm):
    outcome = forms.ChoiceField(
        label=_("Outcome"), choices=Referral.Outcome.choices, widget=forms.RadioSelect
    )
    feedback = _words(
        _("Feedback to the sending agency"),
        help_text=_("Written back to the sending agency's case; kept sealed."),
    )


class CannotCompleteForm(VersionForm):
    reason = forms.ChoiceField(
        label=_("Why the service could not be completed"),
        choices=Referral.NotCompletedReason.choices,
        widget=forms.RadioSelect,
    )
    feedback = _words(
        _("Feedback to the sending agency"),
        help_text=_("Written back to the sending agency's case; kept sealed."),
    )


class AcknowledgeForm(VersionForm):
    note = _words(_("Note"), help_text=_("Kept sealed."))


class RevokeForm(VersionForm):
    note = _words(_("Why the referral is withdrawn"), help_text=_("Kept sealed."))


class MessageForm(forms.Form):
    note = _words(_("Message"), required=True, help_text=_("Both agencies read it; kept sealed."))


ANSWERS = [("accepted", _("Accepted")), ("declined", _("Declined"))]


class RecordAnswerForm(VersionForm):
    answer = forms.ChoiceField(
        label=_("The agency's answer"), choices=ANSWERS, widget=forms.RadioSelect
    )
    decline_reason = forms.ChoiceField(
        label=_("If declined, why"),
        choices=[("", "—"), *Referral.DeclineReason.choices],
        required=False,
    )
    note = _words(_("Note"), help_text=_("How the answer came, and any words; kept sealed."))

    def clean(self) -> dict[str, Any]:
        data = super().clean()
        if data.get("answer") == "declined" and not data.get("decline_reason"):
            self.add_error("decline_reason", _("Choose why the agency declined."))
        return data


class RerouteForm(VersionForm):
    to_agency = forms.ModelChoiceField(label=_("Re-route to"), queryset=Organisation.objects.none())

    def __init__(self, *args: Any, agencies: Any, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        self.fields["to_agency"].queryset = agencies
        self.fields["to_agency"].user_content = True


class ReferralFilterForm(forms.Form):
    box = forms.ChoiceField(label=_("Show"), required=False)
    status = forms.ChoiceField(
        label=_("Status"), required=False, choices=[("", _("Any")), *Referral.Status.choices]
    )

    def __init__(self, *args: Any, boxes: list[str], **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        self.fields["box"].choices = [(code, label) for code, label in BOXES if code in boxes]
