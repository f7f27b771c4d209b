"""Who hears of a return across a border and what they are told (casework.md §3.6): the
case's team at the owner agency and the NRM coordinators of both countries. A notice holds
the case number, the step the return reached and what to do next, with a link to the return
page: never a name, a date of travel or any word of the case."""

from __future__ import annotations

from collections.abc import Callable, Iterable
from typing import Any

from django.contrib.auth import get_user_model
from django.db.models import Q
from django.urls import reverse
from django.utils.formats import date_format
from django.utils.translation import gettext as _

from pathways.casework.models import Case, CaseworkRole, ReturnRequest, StaffMembership
from pathways.notifications.services import notify

KIND_REQUESTED = "return_requested"
KIND_STEP = "return_step"
KIND_ON_HOLD = "return_on_hold"
KIND_VERIFICATION = "return_verification"


def case_team(case: Case) -> list[Any]:
    """The case's own case worker and team (still holding the role at the owner agency) and
    the owner agency's case supervisors."""
    agency = case.owner_agency_id
    supervisors = StaffMembership.objects.filter(
        agency_id=agency, role=CaseworkRole.CASE_SUPERVISOR
    ).values("user_id")
    workers = StaffMembership.objects.filter(
        agency_id=agency, role=CaseworkRole.CASE_WORKER
    ).values("user_id")
    on_team = Q(pk=case.case_worker_id) | Q(
        pk__in=Case.team_members.through.objects.filter(case_id=case.pk).values("user_id")
    )
    users = get_user_model().objects.filter(
        Q(pk__in=supervisors) | (Q(pk__in=workers) & on_team), is_active=True
    )
    return list(users.order_by("pk"))


def coordinators(*country_ids: int) -> list[Any]:
    """The NRM coordinators of the countries."""
    held = StaffMembership.objects.filter(
        role=CaseworkRole.NRM_COORDINATOR, agency__country_id__in=country_ids
    ).values("user_id")
    return list(get_user_model().objects.filter(pk__in=held, is_active=True).order_by("pk"))


def both_scopes(ret: ReturnRequest) -> list[Any]:
    """The case's team and the coordinators of the country holding the case and of the
    home country."""
    return [*case_team(ret.case), *coordinators(ret.from_country_id, ret.to_country_id)]


def return_link(ret: ReturnRequest) -> str:
    return reverse("casework:return_detail", args=[ret.pk])


def _send(
    ret: ReturnRequest,
    recipients: Iterable[Any],
    kind: str,
    subject: Callable[[], str],
    body: Callable[[], str],
    actor: Any = None,
) -> None:
    told = [u for u in recipients if actor is None or u.pk != getattr(actor, "pk", None)]
    notify(
        recipients=told,
        kind=kind,
        subject=subject,
        body=body,
        link=return_link(ret),
        case_number=ret.case.case_number,
    )


def notify_requested(ret: ReturnRequest, actor: Any) -> None:
    number, country = ret.case.case_number, ret.to_country

    def subject() -> str:
        return _("Case %(case)s: a return to %(country)s is requested") % {
            "case": number,
            "country": country.translated(),
        }

    def body() -> str:
        return _(
            "A return to %(country)s is requested for case %(case)s. The case's team starts "
            "the nationality verification; open the return to follow its steps."
        ) % {"case": number, "country": country.translated()}

    _send(ret, both_scopes(ret), KIND_REQUESTED, subject, body, actor)


def notify_verification_started(ret: ReturnRequest, actor: Any) -> None:
    number = ret.case.case_number

    def values() -> dict[str, str]:
        return {"case": number, "date": date_format(ret.verification_due, "DATE_FORMAT")}

    def subject() -> str:
        return _("Case %(case)s: nationality verification due by %(date)s") % values()

    def body() -> str:
        return (
            _(
                "The nationality of the person of case %(case)s is to be verified by %(date)s "
                "for their return. Record the answer on the return when it comes."
            )
            % values()
        )

    _send(ret, both_scopes(ret), KIND_VERIFICATION, subject, body, actor)


def notify_step(ret: ReturnRequest, actor: Any) -> None:
    """The return reached a step (or was put on hold, resumed, closed, withdrawn)."""
    number, status = ret.case.case_number, ret.status
    on_hold = status == ReturnRequest.Status.ON_HOLD

    def label() -> str:
        return str(ReturnRequest.Status(status).label)

    def subject() -> str:
        return _("Case %(case)s: the return is now “%(status)s”") % {
            "case": number,
            "status": label(),
        }

    def body() -> str:
        if on_hold:
            return _(
                "The return for case %(case)s is on hold for a safety risk. A case "
                "supervisor of the owner agency resumes it once a risk assessment is recorded."
            ) % {"case": number}
        return _(
            "The return for case %(case)s is now “%(status)s”. Open the return to see its "
            "next step."
        ) % {"case": number, "status": label()}

    _send(ret, both_scopes(ret), KIND_ON_HOLD if on_hold else KIND_STEP, subject, body, actor)
