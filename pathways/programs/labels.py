"""Reference data in the reader's language for form choices. Country, pathway, outcome area
and organisation names are stored in English; the catalogs translate them (the list is in
pathways.reports.i18n), as the `ref` template filter does on pages."""

from __future__ import annotations

from typing import Any

from django import forms
from django.utils.translation import gettext

from pathways.programs.models import Country, Organisation, OutcomeArea, Pathway

REFERENCE_MODELS = (Country, Organisation, OutcomeArea, Pathway)


def reference_name(obj: Any) -> str:
    """The name in the active language; an organisation keeps its acronym beside it."""
    name = gettext(obj.name) if obj.name else ""
    acronym = getattr(obj, "acronym", "")
    return f"{name} ({acronym})" if acronym and acronym != obj.name else name


def use_reference_names(form: forms.BaseForm) -> None:
    """Label the options of every reference-data select of `form` in the active language."""
    for field in form.fields.values():
        if isinstance(field, forms.ModelChoiceField) and field.queryset.model in REFERENCE_MODELS:
            field.label_from_instance = reference_name
