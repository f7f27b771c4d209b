from __future__ import annotations

from typing import Any

from django import forms
from django.utils.translation import gettext_lazy as _

from pathways.lib.forms import PlainTextField

ACCEPT, CORRECT = "accept", "correct"


class ReviewForm(forms.Form):
    """One entry's review: accept the text shown, or correct it (one field per plural
    form). The service checks the text; the form only reads it."""

    # Texts without control characters, whose line breaks are "\n" (a browser sends a
    # textarea's as "\r\n"): the entry is found by its exact English, and a correction
    # goes into a catalog file.
    context = PlainTextField(required=False, widget=forms.HiddenInput, strip=False)
    msgid = PlainTextField(widget=forms.HiddenInput, strip=False)
    action = forms.ChoiceField(choices=[(ACCEPT, _("Accept")), (CORRECT, _("Save correction"))])

    def __init__(self, *args: Any, forms_count: int, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        for index in range(forms_count):
            self.fields[f"msgstr_{index}"] = PlainTextField(required=False, strip=False)

    def texts(self) -> list[str] | None:
        """The corrected texts, or None to accept the text shown."""
        if self.cleaned_data["action"] == ACCEPT:
            return None
        count = sum(1 for name in self.fields if name.startswith("msgstr_"))
        return [self.cleaned_data[f"msgstr_{i}"] for i in range(count)]
