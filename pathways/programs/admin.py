from __future__ import annotations

from typing import Any

from django import forms
from django.contrib import admin
from django.http import HttpRequest
from django.utils.text import capfirst
from django.utils.translation import gettext as _

from pathways.audit.admin import AuditedModelAdmin
from pathways.lib.forms import PlainLineField, PlainTextField
from pathways.lib.translated import other_languages
from pathways.programs.models import (
    Country,
    Organisation,
    OrganisationAlias,
    OutcomeArea,
    Pathway,
    Program,
    Province,
    SteeringCommitteeMember,
    Translatable,
)
from pathways.programs.organisations import organisation_key, organisation_lookup


def translation_key(code: str, field: str) -> str:
    return f"{field}_{code}"


class TranslationsForm(forms.ModelForm):
    """A reference row with its other languages beside the English: one box per language and
    translated field, read from and written back to the row's `translations`."""

    def __init__(self, *args: Any, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        stored = self.instance.translations or {}
        for code, _language in other_languages():
            for field in self.instance.translatable_fields:
                key = translation_key(code, field)
                if key in self.fields:
                    self.fields[key].initial = (stored.get(code) or {}).get(field, "")

    def clean(self) -> dict[str, Any]:
        data = super().clean()
        # Set before the model's own clean, which checks languages, fields and lengths.
        self.instance.translations = {
            code: {
                field: data.get(translation_key(code, field)) or ""
                for field in self.instance.translatable_fields
            }
            for code, _language in other_languages()
        }
        return data


def _translation_field(model: type[Translatable], code: str, language: str, name: str):
    db_field = model._meta.get_field(name)
    options: dict[str, Any] = {
        "label": _("%(field)s in %(language)s")
        % {"field": capfirst(db_field.verbose_name), "language": language},
        "required": False,
    }
    if db_field.max_length:
        return PlainLineField(
            max_length=db_field.max_length,
            widget=forms.TextInput(attrs={"lang": code, "class": "vTextField"}),
            **options,
        )
    return PlainTextField(widget=forms.Textarea(attrs={"lang": code, "rows": 3}), **options)


def translations_form(model: type[Translatable]) -> type[TranslationsForm]:
    """The admin form of `model` with a box per language and translated field declared."""
    declared = {
        translation_key(code, name): _translation_field(model, code, language, name)
        for code, language in other_languages()
        for name in model.translatable_fields
    }
    meta = type("Meta", (), {"model": model, "exclude": ["translations"]})
    return type(
        f"{model.__name__}TranslationsForm", (TranslationsForm,), {**declared, "Meta": meta}
    )


class TranslatedAdmin(AuditedModelAdmin):
    """Admin of a translatable reference row: the English fields, then one section per
    language with that language's text of each translated field, all on one page."""

    def get_form(self, request: HttpRequest, obj: Any = None, change: bool = False, **kwargs: Any):
        kwargs.setdefault("form", translations_form(self.model))
        return super().get_form(request, obj, change=change, **kwargs)

    def get_fieldsets(self, request: HttpRequest, obj: Any = None) -> list:
        translated = {
            translation_key(code, name)
            for code, _language in other_languages()
            for name in self.model.translatable_fields
        }
        own = [
            f for f in self.get_fields(request, obj) if f not in translated and f != "translations"
        ]
        sections = [(None, {"fields": own})]
        for code, language in other_languages():
            names = [translation_key(code, name) for name in self.model.translatable_fields]
            sections.append((language, {"fields": names}))
        return sections


@admin.register(Program)
class ProgramAdmin(AuditedModelAdmin):
    list_display = ["short_name", "name", "start_year", "end_year", "budget", "currency"]


@admin.register(Country)
class CountryAdmin(TranslatedAdmin):
    list_display = ["name", "code", "program_status", "focal_point"]
    list_filter = ["program_status"]
    search_fields = ["name", "code"]


@admin.register(Province)
class ProvinceAdmin(TranslatedAdmin):
    list_display = ["name", "country"]
    list_filter = ["country"]
    search_fields = ["name", "local_name"]


@admin.register(Organisation)
class OrganisationAdmin(AuditedModelAdmin):
    list_display = ["name", "acronym", "type", "country", "is_key_partner"]
    list_filter = ["type", "country", "is_key_partner"]
    search_fields = ["name", "acronym"]


class OrganisationAliasForm(forms.ModelForm):
    """The matching key follows the text; a text that already means an organisation of the
    same country (or region) is refused here rather than by the database."""

    class Meta:
        model = OrganisationAlias
        fields = ["organisation", "text"]
        field_classes = {"text": PlainLineField}

    def clean(self) -> dict[str, Any]:
        data = super().clean()
        org, text = data.get("organisation"), data.get("text")
        if org is None or not text:
            return data
        key = organisation_key(text)
        if not key:
            raise forms.ValidationError(_("The text has no letters or digits."))
        current = organisation_lookup(org.country_id).get(key)
        if current is not None and (current != org.pk or self.instance.key != key):
            raise forms.ValidationError(
                _("'%(text)s' already means %(other)s.")
                % {"text": text, "other": Organisation.objects.get(pk=current).name}
            )
        self.instance.key = key
        return data


@admin.register(OrganisationAlias)
class OrganisationAliasAdmin(AuditedModelAdmin):
    form = OrganisationAliasForm
    list_display = ["text", "organisation", "created_at"]
    list_filter = ["organisation__country"]
    search_fields = ["text", "organisation__name", "organisation__acronym"]
    list_select_related = ["organisation"]


@admin.register(Pathway)
class PathwayAdmin(TranslatedAdmin):
    list_display = ["name", "code", "order"]


@admin.register(OutcomeArea)
class OutcomeAreaAdmin(TranslatedAdmin):
    list_display = ["name", "code", "order"]


@admin.register(SteeringCommitteeMember)
class SteeringCommitteeMemberAdmin(AuditedModelAdmin):
    list_display = ["title", "role", "country", "organisation"]
    list_filter = ["role"]
