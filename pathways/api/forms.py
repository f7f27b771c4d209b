from __future__ import annotations

from django import forms
from django.utils.translation import gettext_lazy as _

from pathways.lib.forms import PlainLineField


class ApiTokenForm(forms.Form):
    name = PlainLineField(
        label=_("What is the token for?"),
        max_length=100,
        required=False,
        help_text=_("For example 'Power BI report'. Helps you recognise it later."),
    )
