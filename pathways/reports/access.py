"""Who may download what the reports app builds."""

from __future__ import annotations

from typing import Any

from django.http import Http404

from pathways.accounts.access import require, scope_for
from pathways.programs.models import Country
from pathways.reports.models import Publication, PublicationQuerySet


def require_region_export(user: Any) -> None:
    """Region-wide exports (the IATI file, the donor workbook): the admin and the donor.
    Others do not see the whole region (404); a regional user without either role is
    refused (403)."""
    scope = scope_for(user)
    if not scope.is_regional:
        raise Http404("The export covers countries outside your scope.")
    require(scope.is_admin or scope.is_donor, "Only the MEL admin and the donor may download this.")


def can_publish(user: Any, kind: str, country: Country | None) -> bool:
    """Publishing is the programme's act, done by those who edit its records: a country's
    factsheet by the country's data officers and manager and the MEL admin; the region's
    outputs (its factsheet, the donor workbook, the IATI file) by the MEL admin. Viewers
    and the donor read publications without making them; a partner, whose factsheet counts
    only its own events, cannot publish a country's figures."""
    scope = scope_for(user)
    if country is None or kind != Publication.Kind.FACTSHEET:
        return scope.is_admin
    return scope.can_edit_in_country(country.pk)


def can_withdraw(user: Any) -> bool:
    """Withdrawing a publication (it stays, marked with why) is the MEL admin's."""
    return scope_for(user).is_admin


def publications_for_user(user: Any) -> PublicationQuerySet:
    return Publication.objects.visible_to(user).select_related("country", "published_by")


def get_publication_for_user(user: Any, pk: int) -> Publication:
    """A publication the user may read, or 404."""
    publication = publications_for_user(user).filter(pk=pk).first()
    if publication is None:
        raise Http404("No such publication in your scope.")
    return publication


# --- the ACTIP obligations tracker ---------------------------------------------------------


def obligation_countries_for_user(user: Any) -> list[Country]:
    """The member states whose obligations the user reads: every one for regional users, the
    countries they see otherwise (a partner's own country, donor included). A user who sees
    no country (a translator) gets a 404."""
    from pathways.accounts.access import visible_countries

    countries = visible_countries(user)
    if not countries:
        raise Http404("No member state in your scope.")
    return countries


def can_edit_obligations(user: Any, country: Country) -> bool:
    """A country's statuses are set by its country manager and by the regional MEL admin."""
    return scope_for(user).can_manage_country(country.pk)


def require_obligation_edit(user: Any, country: Country) -> None:
    require(
        can_edit_obligations(user, country),
        "Only the country manager and the MEL admin set this country's obligations.",
    )
