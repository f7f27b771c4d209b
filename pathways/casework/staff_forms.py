"""The agency staff pages' forms: a role for an existing account, found by name or email."""

from __future__ import annotations

from collections.abc import Iterable
from typing import Any

from django import forms
from django.contrib.auth import get_user_model
from django.utils.translation import gettext_lazy as _

from pathways.casework.models import CaseworkRole
from pathways.lib.forms import PlainLineField
from pathways.programs.models import Organisation


class StaffRoleAddForm(forms.Form):
    """A role for an existing account, found by its username or email address."""

    account = PlainLineField(
        label=_("Username or email address"),
        max_length=254,
        help_text=_("The person must already have a Pathways account."),
    )
    role = forms.ChoiceField(label=_("Role"), choices=CaseworkRole.choices)
    agency = forms.ModelChoiceField(label=_("Agency"), queryset=Organisation.objects.none())

    def __init__(self, *args: Any, agencies: Iterable[int], **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        field = self.fields["agency"]
        field.queryset = Organisation.objects.filter(pk__in=list(agencies)).order_by("name")
        self.only_agency = field.queryset.first() if field.queryset.count() == 1 else None
        if self.only_agency is not None:
            # One agency: nothing to choose, so no field to show.
            field.required = False
            field.widget = forms.HiddenInput()

    def clean_agency(self) -> Organisation | None:
        return self.only_agency or self.cleaned_data.get("agency")

    def clean_account(self) -> Any:
        given = self.cleaned_data["account"].strip()
        users = get_user_model().objects.all()
        user = users.filter(username=given).first()
        if user is None and "@" in given:
            matches = list(users.filter(email__iexact=given)[:2])
            if len(matches) > 1:
                raise forms.ValidationError(
                    _("Several accounts have this email address: give the username instead.")
                )
            user = matches[0] if matches else None
        if user is None:
            raise forms.ValidationError(
                _(
                    "No account has this username or email address. Ask the Pathways "
                    "administrator to create the account first, then add the role here."
                )
            )
        return user
