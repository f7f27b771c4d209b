"""Countries and organisations: reference data every signed-in user may read."""

# No `from __future__ import annotations`: django-ninja reads the parameter types of the
# views at import time, and postponed (string) annotations break its query models.

from django.http import HttpRequest
from ninja import Router, Schema
from ninja.pagination import paginate

from pathways.accounts.access import get_country_for_user
from pathways.api.pagination import LimitOffset
from pathways.api.schemas import OrganisationRef
from pathways.programs.models import Country, Organisation

router = Router(tags=["reference"])


class CountryOut(Schema):
    code: str
    name: str
    program_status: str
    focal_point: str


class OrganisationOut(OrganisationRef):
    type: str
    country: str | None
    is_key_partner: bool
    iati_identifier: str

    @staticmethod
    def resolve_country(obj) -> str | None:
        return obj.country.code if obj.country_id else None


@router.get("/countries/", response=list[CountryOut], url_name="country_list")
@paginate(LimitOffset)
def country_list(request: HttpRequest):
    return Country.objects.all()


@router.get("/countries/{code}/", response=CountryOut, url_name="country_detail")
def country_detail(request: HttpRequest, code: str):
    """A country in your scope; 404 otherwise."""
    return get_country_for_user(request.user, code)


@router.get("/organisations/", response=list[OrganisationOut], url_name="organisation_list")
@paginate(LimitOffset)
def organisation_list(request: HttpRequest, country: str | None = None):
    """Organisations, optionally of one country (ISO code)."""
    organisations = Organisation.objects.select_related("country")
    if country:
        organisations = organisations.filter(country__code__iexact=country)
    return organisations
