"""Taking a country's CTDC contribution file (`ctdc.py`): refused while the country has not
switched it on; otherwise built, and recorded as an export in the casework access log (one
event per person in it, by id, no field) and in the audit trail (the country's casework
settings named, no value), in one transaction. The web page and `manage.py
ctdc_contribution` both call `ctdc_contribution`.
"""

from __future__ import annotations

from dataclasses import dataclass
from typing import Any

from django.db import transaction
from django.http import HttpRequest
from django.utils import timezone
from django.utils.translation import gettext as _

from pathways.audit.models import AuditEvent
from pathways.audit.services import audit_record_without_values
from pathways.casework.access_log import access_record
from pathways.casework.models import AccessEvent, CountryCaseworkSettings
from pathways.programs.models import Country
from pathways.stats.ctdc import CtdcDisabled, contributors, ctdc_csv, ctdc_rows
from pathways.stats.ctdc_access import may_take_ctdc_file

CSV_TYPE = "text/csv; charset=utf-8"
# The first year a file may be asked for; later than the current year is refused too.
FIRST_YEAR = 2000


@dataclass(frozen=True)
class CtdcFile:
    content: bytes
    filename: str
    rows: int

    def __repr__(self) -> str:
        return f"CtdcFile({self.filename!r}, {self.rows} rows)"


def disabled_reason(country: Country) -> str:
    return _(
        "%(country)s has not switched on the CTDC contribution file. A regional administrator "
        "switches it on in the country's casework settings once a data-sharing agreement "
        "with IOM is signed."
    ) % {"country": country.name}


def year_problem(year: int) -> str:
    """Why a year cannot be asked for, or "" when it can."""
    this_year = timezone.localdate().year
    if not FIRST_YEAR <= year <= this_year:
        return _("Choose a year from %(first)d to %(last)d.") % {
            "first": FIRST_YEAR,
            "last": this_year,
        }
    return ""


def ctdc_contribution(
    *,
    actor: Any,
    country: Country,
    year: int,
    request: HttpRequest | None = None,
    via: str = AccessEvent.Via.WEB,
    source: str = AuditEvent.Source.WEB,
) -> CtdcFile:
    """The country's file for the year. PermissionError unless `actor` is a regional
    administrator; ValueError for a year out of range; CtdcDisabled while the country has
    not switched the file on. Nothing is recorded when it is refused."""
    if not may_take_ctdc_file(actor):
        raise PermissionError(_("Only a regional administrator takes the CTDC file."))
    problem = year_problem(year)
    if problem:
        raise ValueError(problem)
    with transaction.atomic():
        settings = CountryCaseworkSettings.objects.filter(country=country).first()
        if settings is None or not settings.ctdc_contribution_enabled:
            raise CtdcDisabled(disabled_reason(country))
        people = contributors(country, year)
        content = ctdc_csv(ctdc_rows(people, year))
        if people:
            access_record(
                user=actor,
                action=AccessEvent.Action.EXPORT,
                client_ids=sorted(person.case.client_id for person in people),
                fields=[],
                via=via,
                request=request,
            )
        audit_record_without_values(
            actor=actor,
            action=AuditEvent.Action.DOWNLOAD,
            instance=settings,
            fields=["ctdc_contribution"],
            source=source,
        )
    return CtdcFile(content, f"ctdc-{country.code.lower()}-{year}.csv", len(people))
