"""The form a case worker corrects a person's identifiers with, at the person's request."""

from __future__ import annotations

import copy
from typing import Any

from django import forms
from django.utils.translation import gettext_lazy as _

from pathways.casework.forms import IntakeRegisterForm
from pathways.casework.sealing import ClientIdentity
from pathways.lib.forms import PlainTextField

IDENTITY_FIELDS = IntakeRegisterForm.IDENTITY_FIELDS
CORRECTED = (*IDENTITY_FIELDS, "birthdate_precision", "identity_document_type")


class IdentityCorrectionForm(forms.Form):
    """The person's identifiers as held, to correct, and why (kept as a sealed note)."""

    reason = PlainTextField(
        label=_("Why the person asked for the correction"),
        max_length=2000,
        help_text=_("Kept as a note on the case, sealed like every note."),
    )

    def __init__(self, *args: Any, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        reason = self.fields.pop("reason")
        for name in CORRECTED:
            self.fields[name] = copy.deepcopy(IntakeRegisterForm.base_fields[name])
            self.fields[name].widget.attrs.update({"autocomplete": "off"})
        self.fields["reason"] = reason

    def identity(self) -> ClientIdentity:
        data = self.cleaned_data
        return ClientIdentity(
            **{n: data[n] or ("" if n != "birthdate" else None) for n in IDENTITY_FIELDS}
        )
