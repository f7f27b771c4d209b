"""Form fields for text that people type: control characters and bidirectional overrides
removed (`pathways.lib.text.clean_text`) before the field strips, checks the length or any
`clean_<field>` sees the value.

Plain forms declare `PlainLineField` or `PlainTextField`; model forms name
`plain_formfield` as their `Meta.formfield_callback`, and the admin gives model text fields
these classes (`AuditedModelAdmin.formfield_for_dbfield`).
"""

from __future__ import annotations

from typing import Any

from django import forms
from django.db import models

from pathways.lib.text import clean_text


class PlainLineField(forms.CharField):
    """One line of text: line breaks and tabs become spaces, other controls are removed."""

    multiline = False

    def to_python(self, value: Any) -> Any:
        if isinstance(value, str):
            value = clean_text(value, multiline=self.multiline)
        return super().to_python(value)


class PlainTextField(PlainLineField):
    """Free text: keeps tabs and line breaks (written as "\\n")."""

    multiline = True
    widget = forms.Textarea


def plain_form_class(db_field: models.Field) -> type[PlainLineField] | None:
    """The plain field for a model's free text; None for other fields, for choices and for
    text with a form field of its own (email, slug, URL)."""
    if db_field.choices:
        return None
    return {models.CharField: PlainLineField, models.TextField: PlainTextField}.get(type(db_field))


def plain_formfield(db_field: models.Field, **kwargs: Any) -> forms.Field | None:
    """The form field of a model field, with the plain text fields for its text."""
    if form_class := plain_form_class(db_field):
        kwargs.setdefault("form_class", form_class)
    return db_field.formfield(**kwargs)
