"""The forms of the case's stage panel (casework.md §3.3): one per action, each carrying the
case's `version` as loaded (of two people acting at once, the second is told) and, for a
closure request or a reopening, its reason."""

from __future__ import annotations

from typing import Any

from django import forms
from django.utils.translation import gettext_lazy as _

from pathways.casework.models import Case
from pathways.lib.forms import PlainTextField

# The closure reasons a closure request offers: "not a victim, referred elsewhere" belongs to
# its own action on a presumed victim's case.
REQUEST_CLOSURE_REASONS = [
    (value, label)
    for value, label in Case.ClosureReason.choices
    if value != Case.ClosureReason.NOT_A_VICTIM_REFERRED
]


class StageActionForm(forms.Form):
    version = forms.IntegerField(widget=forms.HiddenInput, min_value=0)

    def __init__(self, *args: Any, action: str, **kwargs: Any) -> None:
        super().__init__(*args, prefix=action, **kwargs)
        self.action = action
        if action == "request_closure":
            self.fields["reason"] = forms.ChoiceField(
                label=_("Reason for closing"), choices=[("", "—"), *REQUEST_CLOSURE_REASONS]
            )
        if action == "reopen":
            self.fields["reason"] = PlainTextField(
                label=_("Why the case is reopened"), max_length=5000
            )
        if action in ("request_closure", "identification_negative_and_close"):
            self.fields["note"] = PlainTextField(
                label=_("Note (kept as a case note)"), required=False, max_length=5000
            )
        for field in self.fields.values():
            if isinstance(field, PlainTextField):
                field.widget.attrs.update(autocomplete="off", rows=3)

    @property
    def has_inputs(self) -> bool:
        return bool(self.visible_fields())
