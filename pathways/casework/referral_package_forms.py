"""The forms of the referral package's import: the file (kept in memory only) and its
password, then the confirmation that carries the still-encrypted file back."""

from __future__ import annotations

import base64
import binascii
from typing import Any

from django import forms
from django.template.defaultfilters import filesizeformat
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy

from pathways.casework.forms import AgencyChoice
from pathways.lib.forms import PlainLineField

# A package is a few kilobytes, notes and all; the confirmation carries it back in base64,
# which must stay within the limit on a form's fields (`DATA_UPLOAD_MAX_MEMORY_SIZE`).
PACKAGE_MAX_BYTES = 3_000_000


class PackageImportForm(forms.Form):
    agency = AgencyChoice()
    file = forms.FileField(label=gettext_lazy("Referral package (.pwref file)"), required=False)
    password = PlainLineField(
        label=gettext_lazy("Password"),
        max_length=200,
        widget=forms.PasswordInput(attrs={"autocomplete": "off"}),
        help_text=gettext_lazy("The password the sending agency gave you by another channel."),
    )

    def __init__(self, *args: Any, agencies, too_large: bool = False, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        self.too_large = too_large
        self.fields["agency"].offer(agencies)
        self.fields["file"].help_text = _(
            "At most %(limit)s. The file is read in memory and never stored; the person's "
            "identifiers are encrypted when they are registered."
        ) % {"limit": filesizeformat(PACKAGE_MAX_BYTES)}

    def clean_file(self) -> bytes:
        upload = self.cleaned_data.get("file")
        if self.too_large:
            raise forms.ValidationError(
                _("The file is larger than %(limit)s, the most a package can be.")
                % {"limit": filesizeformat(PACKAGE_MAX_BYTES)}
            )
        if not upload:
            raise forms.ValidationError(_("Choose the package file."))
        return upload.read()


class PackageConfirmForm(forms.Form):
    """The preview's confirmation: the encrypted file and its password, as the preview read
    them (the page is not cached)."""

    agency = AgencyChoice()
    package = PlainLineField(widget=forms.HiddenInput)
    password = PlainLineField(widget=forms.HiddenInput, max_length=200)

    def __init__(self, *args: Any, agencies, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        self.fields["agency"].offer(agencies)
        self.fields["agency"].widget = forms.HiddenInput()

    def clean_package(self) -> bytes:
        try:
            return base64.b64decode(self.cleaned_data["package"], validate=True)
        except (binascii.Error, ValueError):
            raise forms.ValidationError(
                _("The package was lost on the way: upload it again.")
            ) from None
