"""Forms of the import pages: the upload, and one select per column for the mapping."""

from __future__ import annotations

from django import forms
from django.conf import settings
from django.utils.translation import gettext_lazy as _

from pathways.activities.importing.headers import Column
from pathways.activities.importing.vocabulary import FIELDS
from pathways.lib.spreadsheets import ENCODINGS


def encoding_choices() -> list[tuple[str, str]]:
    return [(key, str(label)) for key, label in ENCODINGS.items()]


class UploadForm(forms.Form):
    file = forms.FileField(
        label=_("Attendance sheet"),
        help_text=_(
            "An Excel workbook (.xlsx, .xls), an OpenDocument sheet or a CSV file, including "
            "KoboToolbox exports. Nothing is saved until you have checked the preview."
        ),
    )
    encoding = forms.ChoiceField(
        label=_("Text encoding (CSV files)"),
        required=False,
        help_text=_(
            "Leave it to be recognised, unless the names of an earlier try looked wrong. "
            "Workbooks carry their own."
        ),
    )

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["encoding"].choices = [("", _("Recognise it")), *encoding_choices()]

    def clean_file(self) -> bytes:
        upload = self.cleaned_data["file"]
        limit = settings.UPLOAD_MAX_BYTES
        if upload.size > limit:
            raise forms.ValidationError(
                _("The file is %(size).1f MB; the largest file accepted is %(limit).1f MB."),
                params={"size": upload.size / 1048576, "limit": limit / 1048576},
            )
        self.file_name = upload.name
        return upload.read()


class EncodingForm(forms.Form):
    """Read an uploaded CSV file again as another encoding."""

    encoding = forms.ChoiceField(label=_("Read the file again as"))

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["encoding"].choices = encoding_choices()


class MappingForm(forms.Form):
    """One select per column of the sheet, named col_<index>."""

    def __init__(self, *args, columns: list[Column], mapping: dict[int, str], **kwargs):
        super().__init__(*args, **kwargs)
        choices = list(FIELDS.items())
        for column in columns:
            self.fields[f"col_{column.index}"] = forms.ChoiceField(
                label=column.label, choices=choices, initial=mapping.get(column.index)
            )
        self.columns = columns

    def mapping(self) -> dict[int, str]:
        return {c.index: self.cleaned_data[f"col_{c.index}"] for c in self.columns}

    def rows(self):
        """(column, bound field) pairs for the mapping table."""
        return [(c, self[f"col_{c.index}"]) for c in self.columns]
