from __future__ import annotations

from django.contrib import admin

from pathways.audit.admin import AuditedModelAdmin
from pathways.programs.models import (
    Country,
    Organisation,
    OutcomeArea,
    Pathway,
    Program,
    Province,
    SteeringCommitteeMember,
)


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
