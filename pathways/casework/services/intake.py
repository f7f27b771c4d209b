"""Intake: searching for an existing record before registering a person, and registering
them with a case in one step.

A search compares exact blind-index keys only (a name with a birth year, a phone, an
identity number) and is logged by the kinds of key used and the number of matches, never
the values; a user may make `CASEWORK_INTAKE_SEARCHES_PER_10_MIN` of them in ten minutes.
What a page may say about a match elsewhere (the agency, the kinds of key that matched) is
decided by the page; this module returns no identifier.
"""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass
from typing import Any

from django.conf import settings
from django.core.exceptions import PermissionDenied
from django.db import transaction
from django.utils import timezone
from django.utils.translation import gettext as _

from pathways.audit.models import AuditEvent
from pathways.casework import sealing
from pathways.casework.access import holds_role
from pathways.casework.models import Case, CaseworkRole, Client, IntakeSearch
from pathways.casework.sealing import ClientIdentity
from pathways.casework.services.cases import case_open
from pathways.casework.services.clients import client_register
from pathways.programs.models import Organisation

# Who may search and register at an agency (casework.md §6.2).
REGISTERING_ROLES = (
    CaseworkRole.SCREENER,
    CaseworkRole.CASE_WORKER,
    CaseworkRole.CASE_SUPERVISOR,
)
SEARCH_WINDOW = dt.timedelta(minutes=10)


class SearchLimitReached(Exception):
    """The user made as many searches as ten minutes allow."""


@dataclass(frozen=True)
class SearchKeys:
    name: str
    phone: str = ""
    identity_number: str = ""
    birth_year: int | None = None

    @property
    def kinds(self) -> list[str]:
        given = {
            "name": self.name,
            "phone": self.phone,
            "identity_number": self.identity_number,
            "birth_year": self.birth_year,
        }
        return [kind for kind, value in given.items() if value]

    def __repr__(self) -> str:
        # Never the values: a repr reaches tracebacks and logs.
        return f"SearchKeys(kinds={self.kinds})"


@dataclass(frozen=True)
class IntakeMatch:
    """A client whose keys match, and which kinds matched ("identity_number", "phone",
    "name_birth_year" or "name")."""

    client: Client
    kinds: tuple[str, ...]


def searches_left(user: Any, now: dt.datetime | None = None) -> int:
    now = now or timezone.now()
    made = IntakeSearch.objects.filter(user=user, at__gt=now - SEARCH_WINDOW).count()
    return max(0, settings.CASEWORK_INTAKE_SEARCHES_PER_10_MIN - made)


def intake_search(*, actor: Any, agency: Organisation, keys: SearchKeys) -> list[IntakeMatch]:
    """The clients of the agency's country matching the keys exactly, most kinds first.

    PermissionDenied without a registering role at the agency; SearchLimitReached, with
    nothing searched or logged, past the limit."""
    if not holds_role(actor, agency.pk, *REGISTERING_ROLES):
        raise PermissionDenied
    with transaction.atomic():
        if searches_left(actor) <= 0:
            raise SearchLimitReached
        found = _matching(agency, keys)
        IntakeSearch.objects.create(
            user=actor,
            agency_id=agency.pk,
            at=timezone.now(),
            kinds=keys.kinds,
            matches=len(found),
        )
    clients = Client.objects.in_bulk(found).values()
    matches = [IntakeMatch(client, tuple(found[client.pk])) for client in clients]
    return sorted(matches, key=lambda m: (-len(m.kinds), m.client.pk))


def _matching(agency: Organisation, keys: SearchKeys) -> dict[int, list[str]]:
    country = agency.country
    found: dict[int, list[str]] = {}

    def add(kind: str, ids) -> None:
        for pk in ids:
            found.setdefault(pk, []).append(kind)

    if keys.identity_number:
        add(
            "identity_number",
            _ids(sealing.clients_with_identity_number(country, keys.identity_number)),
        )
    if keys.phone:
        add("phone", _ids(sealing.clients_with_phone(country, keys.phone)))
    # The name key holds the birth year only (`sealing.name_key`): any day of the year will do.
    birthdate = dt.date(keys.birth_year, 1, 1) if keys.birth_year else None
    kind = "name_birth_year" if birthdate else "name"
    add(kind, _ids(sealing.clients_with_name(country, keys.name, birthdate=birthdate)))
    return found


def _ids(clients) -> list[int]:
    return list(clients.values_list("pk", flat=True))


def intake_register(
    *,
    actor: Any,
    agency: Organisation,
    identity: ClientIdentity,
    sex: str,
    age_band: str,
    nationality: str = "",
    is_stateless: bool = False,
    birthdate_precision: str = "",
    identity_document_type: str = "",
    exploitation_type: str = Case.ExploitationType.UNKNOWN,
    exploitation_country: str = "",
    supervisor: Any = None,
    source: str = AuditEvent.Source.WEB,
) -> Case:
    """A new client of `agency` and an open case for them, in one transaction: the case
    worker is the registering user when they are a case worker there.

    PermissionDenied without a registering role at the agency; ValidationError naming the
    fields (client's or case's), and nothing written, on bad input."""
    if not holds_role(actor, agency.pk, *REGISTERING_ROLES):
        raise PermissionDenied(_("You do not register people for this agency."))
    is_worker = holds_role(actor, agency.pk, CaseworkRole.CASE_WORKER)
    with transaction.atomic():
        client = client_register(
            actor=actor,
            country=agency.country,
            owner_agency=agency,
            identity=identity,
            sex=sex,
            age_band=age_band,
            nationality=nationality,
            is_stateless=is_stateless,
            birthdate_precision=birthdate_precision,
            identity_document_type=identity_document_type,
            source=source,
        )
        return case_open(
            actor=actor,
            client=client,
            case_worker=actor if is_worker else None,
            supervisor=supervisor,
            exploitation_type=exploitation_type,
            exploitation_country=exploitation_country,
            source=source,
        )
