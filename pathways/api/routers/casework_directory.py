"""Casework: the service directory through the API (docs/casework.md, "Service directory").

Every casework user reads the directory of the countries they work in (nothing in it is
about a person); an agency's referral profile and entries are written by its administrator
and by the NRM coordinator of its country, through the services the pages call (403 for
anyone else). A user without a casework role finds no route (404), and an agency or entry of
another country does not exist (404).
"""

# No `from __future__ import annotations`: django-ninja reads the parameter types of the
# views at import time.

import datetime as dt

from django.http import HttpRequest
from django.utils import timezone
from ninja import Field, Query, Router, Schema, Status
from ninja.errors import HttpError

from pathways.api.pagination import LimitOffset, page
from pathways.api.schemas import OrganisationRef, PlainLine
from pathways.audit.models import AuditEvent
from pathways.casework.access_directory import (
    DirectoryFilter,
    agency_for,
    agreement_state,
    directory_countries,
    directory_search,
    entry_for,
    profile_of,
    require_directory_keeper,
)
from pathways.casework.models import AgencyProfile, Client, ServiceDirectoryEntry, ServiceType
from pathways.casework.services.directory import (
    EntryInput,
    ProfileInput,
    agency_profile_save,
    directory_entry_add,
    directory_entry_change,
    directory_entry_remove,
)
from pathways.casework.transitions import ConcurrentChange
from pathways.programs.models import Province

router = Router(tags=["casework"])
API = AuditEvent.Source.API


class DirectoryFilterIn(Schema):
    service: str = Field("", description="An HTCDS service type value name, e.g. Shelter.")
    province: int | None = Field(None, description="A province id: there or nationwide.")
    sex: str = ""
    age_band: str = ""
    nationality: str = Field("", description="An ISO 3166 two-letter code.")
    accepting_only: bool = False


class ProfileOut(Schema):
    htcds_type: str
    accepts_referrals: bool
    is_nrm_member: bool
    referral_contact_role: str
    phone: str
    data_sharing_agreement_reference: str
    data_sharing_signed_on: dt.date | None
    data_sharing_expires_on: dt.date | None
    agreement: str = Field(..., description="valid, expired or none.")
    version: int


class EntryOut(Schema):
    id: int
    agency: OrganisationRef
    country: str
    service_type: str
    province: str | None = Field(None, description="Null: nationwide.")
    province_id: int | None
    sexes: list[str]
    age_bands: list[str]
    nationalities: list[str]
    capacity_note: str
    accepting: bool
    agency_accepts_referrals: bool
    agreement: str = Field(..., description="The agency's agreement: valid, expired or none.")
    agreement_expires_on: dt.date | None
    version: int


class EntryListOut(Schema):
    count: int
    next: str | None
    previous: str | None
    results: list[EntryOut]


class AgencyOut(Schema):
    agency: OrganisationRef
    country: str
    profile: ProfileOut | None
    entries: list[EntryOut]


class ProfileIn(Schema):
    htcds_type: str
    accepts_referrals: bool = False
    is_nrm_member: bool = False
    referral_contact_role: PlainLine = Field("", max_length=100)
    phone: PlainLine = Field("", max_length=20)
    data_sharing_agreement_reference: PlainLine = Field("", max_length=200)
    data_sharing_signed_on: dt.date | None = None
    data_sharing_expires_on: dt.date | None = None
    version: int | None = Field(None, description="The version read; 409 if it has changed.")


class EntryIn(Schema):
    service_type: str
    province: int | None = Field(None, description="A province id; null: nationwide.")
    sexes: list[str] = []
    age_bands: list[str] = []
    nationalities: list[str] = []
    capacity_note: PlainLine = Field("", max_length=300)
    accepting: bool = True
    version: int | None = Field(None, description="When changing: the version read.")


class VersionIn(Schema):
    version: int | None = None


def _profile_out(profile) -> dict | None:
    if profile is None:
        return None
    names = list(ProfileInput.__dataclass_fields__)
    return {
        **{name: getattr(profile, name) for name in names},
        "agreement": agreement_state(profile, timezone.localdate()),
        "version": profile.version,
    }


def _entry_out(entry: ServiceDirectoryEntry) -> dict:
    profile = profile_of(entry.agency)
    return {
        "id": entry.pk,
        "agency": entry.agency,
        "country": entry.country.code,
        "service_type": entry.service_type,
        "province": entry.province.name if entry.province else None,
        "province_id": entry.province_id,
        "sexes": entry.sexes,
        "age_bands": entry.age_bands,
        "nationalities": entry.nationalities,
        "capacity_note": entry.capacity_note,
        "accepting": entry.accepting,
        "agency_accepts_referrals": bool(profile and profile.accepts_referrals),
        "agreement": agreement_state(profile, timezone.localdate()),
        "agreement_expires_on": profile.data_sharing_expires_on if profile else None,
        "version": entry.version,
    }


def _choice(name: str, value: str, allowed) -> str:
    if value and value not in allowed:
        raise HttpError(422, f"{name}: choose one of " + ", ".join(allowed) + ".")
    return value


@router.get("/casework/directory/", response=EntryListOut, url_name="casework_directory")
def directory_list(
    request: HttpRequest,
    filters: Query[DirectoryFilterIn],
    pagination: Query[LimitOffset.Input],
):
    """The service directory of your countries, filtered as on the directory page: a
    province finds the entries there and the nationwide ones."""
    countries = directory_countries(request.user)
    province = None
    if filters.province is not None:
        province = Province.objects.filter(pk=filters.province, country_id__in=countries).first()
        if province is None:
            raise HttpError(422, "province: no such province in your countries.")
    nationality = filters.nationality.strip().upper()
    if nationality and (len(nationality) != 2 or not nationality.isalpha()):
        raise HttpError(422, "nationality: give a two-letter country code.")
    wanted = DirectoryFilter(
        service_type=_choice("service", filters.service, ServiceType.values),
        province=province,
        sex=_choice("sex", filters.sex, Client.Sex.values),
        age_band=_choice("age_band", filters.age_band, Client.AgeBand.values),
        nationality=nationality,
        accepting_only=filters.accepting_only,
    )
    return page(request, directory_search(request.user, wanted), pagination, _entry_out)


def _agency_out(agency) -> dict:
    entries = ServiceDirectoryEntry.objects.filter(agency=agency).select_related(
        "agency__referral_profile", "province", "country"
    )
    return {
        "agency": agency,
        "country": agency.country.code,
        "profile": _profile_out(profile_of(agency)),
        "entries": [_entry_out(e) for e in entries.order_by("service_type", "pk")],
    }


@router.get(
    "/casework/directory/agencies/{agency_id}/",
    response=AgencyOut,
    url_name="casework_directory_agency",
)
def agency_detail(request: HttpRequest, agency_id: int):
    """An agency's referral profile (null until it has one) and its directory entries."""
    return _agency_out(agency_for(request.user, agency_id))


@router.put(
    "/casework/directory/agencies/{agency_id}/profile/",
    response=AgencyOut,
    url_name="casework_directory_profile",
)
def profile_put(request: HttpRequest, agency_id: int, payload: ProfileIn):
    """Write the agency's referral profile (made on the first write): its administrator or
    the NRM coordinator of its country."""
    agency = agency_for(request.user, agency_id)
    require_directory_keeper(request.user, agency)
    _choice("htcds_type", payload.htcds_type, AgencyProfile.OrgType.values)
    values = ProfileInput(**payload.dict(exclude={"version"}))
    try:
        agency_profile_save(
            actor=request.user, agency=agency, values=values, version=payload.version, source=API
        )
    except ConcurrentChange as change:
        raise HttpError(409, str(change)) from None
    return _agency_out(agency)


def _entry_input(payload: EntryIn, agency) -> EntryInput:
    _choice("service_type", payload.service_type, ServiceType.values)
    for value in payload.sexes:
        _choice("sexes", value, Client.Sex.values)
    for value in payload.age_bands:
        _choice("age_bands", value, Client.AgeBand.values)
    province = None
    if payload.province is not None:
        province = Province.objects.filter(pk=payload.province).first()
        if province is None:
            raise HttpError(422, "province: no such province.")
    return EntryInput(
        service_type=payload.service_type,
        province=province,
        sexes=payload.sexes,
        age_bands=payload.age_bands,
        nationalities=payload.nationalities,
        capacity_note=payload.capacity_note,
        accepting=payload.accepting,
    )


@router.post(
    "/casework/directory/agencies/{agency_id}/entries/",
    response={201: EntryOut},
    url_name="casework_directory_entries",
)
def entry_create(request: HttpRequest, agency_id: int, payload: EntryIn):
    """List a service the agency offers in a province (or nationwide), and to whom."""
    agency = agency_for(request.user, agency_id)
    require_directory_keeper(request.user, agency)
    entry = directory_entry_add(
        actor=request.user, agency=agency, values=_entry_input(payload, agency), source=API
    )
    return Status(201, _entry_out(_fresh(entry.pk)))


def _fresh(pk: int) -> ServiceDirectoryEntry:
    return ServiceDirectoryEntry.objects.select_related(
        "agency__referral_profile", "province", "country"
    ).get(pk=pk)


@router.put(
    "/casework/directory/entries/{entry_id}/",
    response=EntryOut,
    url_name="casework_directory_entry",
)
def entry_put(request: HttpRequest, entry_id: int, payload: EntryIn):
    """Change an entry at the version read (409 if someone changed it meanwhile)."""
    entry = entry_for(request.user, entry_id)
    require_directory_keeper(request.user, entry.agency)
    try:
        directory_entry_change(
            actor=request.user,
            entry=entry,
            values=_entry_input(payload, entry.agency),
            version=payload.version,
            source=API,
        )
    except ConcurrentChange as change:
        raise HttpError(409, str(change)) from None
    return _entry_out(_fresh(entry.pk))


@router.delete(
    "/casework/directory/entries/{entry_id}/",
    response={204: None},
    url_name="casework_directory_entry",
)
def entry_delete(request: HttpRequest, entry_id: int, version: int | None = None):
    """Take the entry out of the directory; `?version=` guards against a change meanwhile."""
    entry = entry_for(request.user, entry_id)
    require_directory_keeper(request.user, entry.agency)
    try:
        directory_entry_remove(actor=request.user, entry=entry, version=version, source=API)
    except ConcurrentChange as change:
        raise HttpError(409, str(change)) from None
    return Status(204, None)
