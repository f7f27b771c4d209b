"""The transfer forms (casework.md §3.5): ask for a transfer, and one form per decision, each
carrying the transfer's `version` as shown (of two people acting at once, the second is
told). The services check and name each field at fault; these forms only shape the input."""

from __future__ import annotations

from typing import Any

from django import forms
from django.contrib.auth import get_user_model
from django.utils.translation import gettext_lazy as _

from pathways.casework.models import Case, CaseworkRole, StaffMembership, Transfer
from pathways.lib.forms import PlainTextField
from pathways.programs.models import Organisation

WORKING_ROLES = (CaseworkRole.CASE_WORKER, CaseworkRole.CASE_SUPERVISOR)


class TransferRequestForm(forms.Form):
    to_agency = forms.ModelChoiceField(label=_("Agency to transfer the case to"), queryset=None)
    reason = PlainTextField(
        label=_("Why the case moves"),
        max_length=5000,
        required=False,
        help_text=_("Kept sealed; the receiving agency's supervisors read it to decide."),
    )

    def __init__(self, *args: Any, case: Case, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        agencies = Organisation.objects.filter(country_id=case.country_id).exclude(
            pk=case.owner_agency_id
        )
        self.fields["to_agency"].queryset = agencies.order_by("name")
        self.fields["to_agency"].user_content = True


class TransferDecisionForm(forms.Form):
    """accept (a case worker of the receiving agency, or none yet), reject (why) or revoke
    (a note, if any)."""

    version = forms.IntegerField(widget=forms.HiddenInput, min_value=0)

    def __init__(self, *args: Any, action: str, transfer: Transfer, **kwargs: Any) -> None:
        super().__init__(*args, prefix=action, **kwargs)
        self.action = action
        if action == "accept":
            held = StaffMembership.objects.filter(
                agency_id=transfer.to_agency_id, role__in=WORKING_ROLES
            ).values("user_id")
            field = forms.ModelChoiceField(
                label=_("Case worker at your agency"),
                queryset=get_user_model().objects.filter(pk__in=held, is_active=True),
                required=False,
                empty_label=_("None yet"),
            )
            field.label_from_instance = lambda user: user.display_name
            field.user_content = True
            self.fields["case_worker"] = field
        if action == "reject":
            self.fields["reason"] = PlainTextField(
                label=_("Why the transfer is rejected"),
                max_length=5000,
                help_text=_("Kept sealed; the requesting agency reads it."),
            )
        if action == "revoke":
            self.fields["reason"] = PlainTextField(
                label=_("Note"), max_length=5000, required=False, help_text=_("Kept sealed.")
            )
        for field in self.fields.values():
            if isinstance(field, PlainTextField):
                field.widget.attrs.update(autocomplete="off", rows=3)
