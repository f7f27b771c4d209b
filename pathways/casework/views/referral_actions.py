"""One page per action on a referral (casework.md §3.4): accept, decline, record the first
contact, complete, cannot complete (the receiving agency); acknowledge and close, revoke,
record a manual answer (the sending agency); a message (either side); re-route (the NRM
coordinator). Each form carries the referral's version as the page showed it: someone else
acted since, and the page says what the referral is now and writes nothing.

Who may take an action is `access_referrals.require_referral_action` (403); whether the
referral allows it now is the state table (`transitions.REFERRAL_MOVES`), plus the manual
transport's and the re-route's own conditions; the service decides the rest.
"""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass
from typing import Any

from django import forms
from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.exceptions import ValidationError
from django.http import Http404, HttpRequest, HttpResponse
from django.shortcuts import redirect, render
from django.utils.functional import Promise
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy
from django.views.decorators.http import require_http_methods

from pathways.casework.access_referrals import referral_for, require_referral_action
from pathways.casework.models import Referral, ServiceDirectoryEntry
from pathways.casework.referral_forms import (
    AcceptForm,
    AcknowledgeForm,
    CannotCompleteForm,
    CompleteForm,
    DeclineForm,
    FirstContactForm,
    MessageForm,
    RecordAnswerForm,
    RerouteForm,
    RevokeForm,
)
from pathways.casework.services import (
    referral_accept,
    referral_acknowledge,
    referral_cannot_complete,
    referral_complete,
    referral_decline,
    referral_message,
    referral_record_answer,
    referral_record_first_contact,
    referral_reroute,
    referral_revoke,
)
from pathways.casework.transitions import REFERRAL_MOVES, ConcurrentChange, TransitionRefused
from pathways.casework.views.care import add_errors
from pathways.casework.views.case_panels import allowed
from pathways.casework.views.common import casework_user
from pathways.programs.models import Organisation

R = Referral.Status
Run = Callable[[Any, Referral, dict[str, Any]], Any]


@dataclass(frozen=True)
class Action:
    code: str
    title: Promise  # the page's heading and the link to it
    button: Promise
    done: Promise  # said once it is done
    run: Run


def _accept(actor: Any, referral: Referral, data: dict[str, Any]) -> Any:
    return referral_accept(
        actor=actor,
        referral=referral,
        version=data["version"],
        complete_by=data["complete_by"],
        to_user=data["to_user"],
        note=data["note"],
    )


def _decline(actor: Any, referral: Referral, data: dict[str, Any]) -> Any:
    return referral_decline(
        actor=actor,
        referral=referral,
        version=data["version"],
        reason=data["reason"],
        note=data["note"],
    )


def _first_contact(actor: Any, referral: Referral, data: dict[str, Any]) -> Any:
    return referral_record_first_contact(
        actor=actor, referral=referral, version=data["version"], at=data["at"], note=data["note"]
    )


def _complete(actor: Any, referral: Referral, data: dict[str, Any]) -> Any:
    return referral_complete(
        actor=actor,
        referral=referral,
        version=data["version"],
        outcome=data["outcome"],
        feedback=data["feedback"],
    )


def _cannot_complete(actor: Any, referral: Referral, data: dict[str, Any]) -> Any:
    return referral_cannot_complete(
        actor=actor,
        referral=referral,
        version=data["version"],
        reason=data["reason"],
        feedback=data["feedback"],
    )


def _acknowledge(actor: Any, referral: Referral, data: dict[str, Any]) -> Any:
    return referral_acknowledge(
        actor=actor, referral=referral, version=data["version"], note=data["note"]
    )


def _revoke(actor: Any, referral: Referral, data: dict[str, Any]) -> Any:
    return referral_revoke(actor=actor, referral=referral, note=data["note"])


def _message(actor: Any, referral: Referral, data: dict[str, Any]) -> Any:
    return referral_message(actor=actor, referral=referral, note=data["note"])


def _record_answer(actor: Any, referral: Referral, data: dict[str, Any]) -> Any:
    return referral_record_answer(
        actor=actor,
        referral=referral,
        version=data["version"],
        accepted=data["answer"] == "accepted",
        decline_reason=data["decline_reason"],
        note=data["note"],
    )


def _reroute(actor: Any, referral: Referral, data: dict[str, Any]) -> Any:
    return referral_reroute(actor=actor, referral=referral, to_agency=data["to_agency"])


ACTIONS: dict[str, Action] = {
    a.code: a
    for a in (
        Action(
            "accept",
            gettext_lazy("Accept the referral"),
            gettext_lazy("Accept"),
            gettext_lazy("The referral is accepted; the sending agency is told."),
            _accept,
        ),
        Action(
            "decline",
            gettext_lazy("Decline the referral"),
            gettext_lazy("Decline"),
            gettext_lazy("The referral is declined; the sending agency is told."),
            _decline,
        ),
        Action(
            "record_first_contact",
            gettext_lazy("Record the first contact"),
            gettext_lazy("Record the first contact"),
            gettext_lazy("The first contact is recorded; the referral is in progress."),
            _first_contact,
        ),
        Action(
            "complete",
            gettext_lazy("Complete the referral"),
            gettext_lazy("Complete"),
            gettext_lazy("The referral is completed; its outcome is written back to the case."),
            _complete,
        ),
        Action(
            "cannot_complete",
            gettext_lazy("The service could not be completed"),
            gettext_lazy("Record as not completed"),
            gettext_lazy("The referral is recorded as not completed; the sending agency is told."),
            _cannot_complete,
        ),
        Action(
            "acknowledge",
            gettext_lazy("Acknowledge and close the referral"),
            gettext_lazy("Close the referral"),
            gettext_lazy("The referral is closed."),
            _acknowledge,
        ),
        Action(
            "revoke",
            gettext_lazy("Withdraw the referral"),
            gettext_lazy("Withdraw the referral"),
            gettext_lazy("The referral is withdrawn; the receiving agency's access has ended."),
            _revoke,
        ),
        Action(
            "message",
            gettext_lazy("Write to the other agency"),
            gettext_lazy("Send the message"),
            gettext_lazy("The message is sent; the other agency is told."),
            _message,
        ),
        Action(
            "record_answer",
            gettext_lazy("Record the agency's answer"),
            gettext_lazy("Record the answer"),
            gettext_lazy("The agency's answer is recorded."),
            _record_answer,
        ),
        Action(
            "reroute",
            gettext_lazy("Re-route to another agency"),
            gettext_lazy("Re-route"),
            gettext_lazy("A new referral is offered to the agency you chose."),
            _reroute,
        ),
    )
}
# The actions of the state table, and those the receiver takes only through Pathways.
TABLE_ACTIONS = frozenset(action for (_state, action) in REFERRAL_MOVES)
THROUGH_PATHWAYS = frozenset({"accept", "decline"})
REROUTABLE = (R.EXPIRED, R.DECLINED)


def open_now(referral: Referral, code: str) -> bool:
    """Whether the referral allows the action now, whoever asks."""
    manual = referral.transport == Referral.Transport.MANUAL
    if code in TABLE_ACTIONS:
        return (referral.status, code) in REFERRAL_MOVES and not (
            manual and code in THROUGH_PATHWAYS
        )
    if code == "record_answer":
        return manual and referral.status == R.OFFERED
    if code == "reroute":
        return referral.status in REROUTABLE and not referral.reroutes.exists()
    return referral.status != R.DRAFT  # a message


def actions_open_to(user: Any, referral: Referral) -> list[Action]:
    """The actions the user may take on the referral now, in the table's order."""
    return [
        action
        for code, action in ACTIONS.items()
        if open_now(referral, code)
        and allowed(lambda code=code: require_referral_action(user, referral, code))
    ]


def reroute_agencies(referral: Referral) -> Any:
    """The agencies of the referral's country listing its service, but the two it joins."""
    listing = ServiceDirectoryEntry.objects.filter(
        country_id=referral.country_id, service_type=referral.service_type
    ).values("agency_id")
    return (
        Organisation.objects.filter(pk__in=listing)
        .exclude(pk__in=[referral.from_agency_id, referral.to_agency_id])
        .order_by("name")
    )


FORMS: dict[str, type[forms.Form]] = {
    "accept": AcceptForm,
    "decline": DeclineForm,
    "record_first_contact": FirstContactForm,
    "complete": CompleteForm,
    "cannot_complete": CannotCompleteForm,
    "acknowledge": AcknowledgeForm,
    "revoke": RevokeForm,
    "message": MessageForm,
    "record_answer": RecordAnswerForm,
    "reroute": RerouteForm,
}


def _form(code: str, referral: Referral, data: Any = None) -> forms.Form:
    extra: dict[str, Any] = {}
    if code == "accept":
        extra["referral"] = referral
    if code == "reroute":
        extra["agencies"] = reroute_agencies(referral)
    initial = {"version": referral.version}
    return FORMS[code](data, initial=initial, **extra)


def stale_message(referral: Referral) -> str:
    return _(
        "Someone else acted on this referral while you were looking at it: it is now "
        "“%(status)s”. Nothing you sent was saved; see the referral as it is now, and act "
        "again if you still need to."
    ) % {"status": referral.get_status_display()}


def closed_message(referral: Referral, action: Action) -> str:
    return _("A referral that is “%(status)s” cannot be acted on like this: %(what)s.") % {
        "status": referral.get_status_display(),
        "what": str(action.title).lower(),
    }


@login_required
@require_http_methods(["GET", "POST"])
def referral_action(request: HttpRequest, pk: int, action: str) -> HttpResponse:
    casework_user(request.user)
    referral = referral_for(request.user, pk)
    if action not in ACTIONS:
        raise Http404("No such action.")
    chosen = ACTIONS[action]
    require_referral_action(request.user, referral, action)
    context: dict[str, Any] = {"referral": referral, "case": referral.case, "action": chosen}
    if request.method == "POST" and _stale(request, referral):
        context["form"] = _form(action, referral, request.POST)
        return _refused(request, context, stale_message(referral))
    if not open_now(referral, action):
        messages.error(request, closed_message(referral, chosen))
        return redirect("casework:referral_detail", pk=referral.pk)
    form = _form(action, referral, request.POST if request.method == "POST" else None)
    context["form"] = form
    if request.method == "GET" or not form.is_valid():
        return render(request, "casework/referral_action.html", context)
    try:
        made = chosen.run(request.user, referral, form.cleaned_data)
    except ConcurrentChange:
        return _refused(request, context, stale_message(referral_for(request.user, pk)))
    except TransitionRefused as refusal:
        return _refused(request, context, str(refusal))
    except ValidationError as error:
        add_errors(form, error)
        return render(request, "casework/referral_action.html", context)
    messages.success(request, str(chosen.done))
    target = made if isinstance(made, Referral) else referral
    return redirect("casework:referral_detail", pk=target.pk)


def _stale(request: HttpRequest, referral: Referral) -> bool:
    """The version the page was shown at is not the referral's now (a message has none)."""
    sent = request.POST.get("version")
    return sent is not None and sent.strip() != str(referral.version)


def _refused(request: HttpRequest, context: dict[str, Any], why: str) -> HttpResponse:
    """The action's page again, saying why nothing was done; what the user typed stays in the
    form, at the referral's current version."""
    referral = Referral.objects.get(pk=context["referral"].pk)
    form = context["form"]
    data = request.POST.copy()
    if "version" in form.fields:
        data["version"] = str(referral.version)
    kept = _form(context["action"].code, referral, data)
    kept.is_valid()
    kept.add_error(None, why)
    context |= {"form": kept, "referral": referral}
    return render(request, "casework/referral_action.html", context, status=409)
