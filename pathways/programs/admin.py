from __future__ import annotations

from typing import Any

from django import forms
from django.contrib import admin
from django.utils.translation import gettext as _

from pathways.audit.admin import AuditedModelAdmin
from pathways.lib.forms import PlainLineField
from pathways.programs.models import (
    Country,
    Organisation,
    OrganisationAlias,
    OutcomeArea,
    Pathway,
    Program,
    Province,
    SteeringCommitteeMember,
)
from pathways.programs.organisations import organisation_key, organisation_lookup


@admin.register(Program)
class ProgramAdmin(AuditedModelAdmin):
    list_display = ["short_name", "name", "start_year", "end_year", "budget", "currency"]


@admin.register(Country)
class CountryAdmin(AuditedModelAdmin):
    list_display = ["name", "code", "program_status", "focal_point"]
    list_filter = ["program_status"]
    search_fields = ["name", "code"]


@admin.register(Province)
class ProvinceAdmin(AuditedModelAdmin):
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
class PathwayAdmin(AuditedModelAdmin):
    list_display = ["name", "code", "order"]


@admin.register(OutcomeArea)
class OutcomeAreaAdmin(AuditedModelAdmin):
    list_display = ["name", "code", "order"]


@admin.register(SteeringCommitteeMember)
class SteeringCommitteeMemberAdmin(AuditedModelAdmin):
    list_display = ["title", "role", "country", "organisation"]
    list_filter = ["role"]
