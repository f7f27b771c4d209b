"""The person's own data (casework.md §7.5): "What we hold about this person", printable and
as a download, and their identifiers corrected at their request; for the person's case worker
and the case supervisor only, every opening in the access log."""

from __future__ import annotations

from typing import Any

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.exceptions import ValidationError
from django.http import HttpRequest, HttpResponse, JsonResponse
from django.shortcuts import redirect, render
from django.utils.formats import date_format
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy
from django.views.decorators.http import require_GET, require_http_methods

from pathways.casework.access import case_for, require_case_action
from pathways.casework.forms import IDENTITY_LABELS
from pathways.casework.models import AccessEvent, Case
from pathways.casework.reading_subject import (
    HeldAboutPerson,
    open_held_about,
    open_identity_for_correction,
)
from pathways.casework.services import client_identity_correct
from pathways.casework.subject_forms import IDENTITY_FIELDS, IdentityCorrectionForm
from pathways.casework.views.cases import CASE_FIELD_LABELS
from pathways.casework.views.common import casework_user

Rows = list[tuple[str, str]]
SCREENING_LABELS = {
    "answers": gettext_lazy("Answers"),
    "exploitation_notes": gettext_lazy("Notes on exploitation"),
    "unlawful_acts": gettext_lazy("Acts the person was compelled to commit"),
    "override_reason": gettext_lazy("Why the suggested outcome was overridden"),
    "void_reason": gettext_lazy("Why the screening was voided"),
    "name": gettext_lazy("Name"),
    "other_name": gettext_lazy("Other name"),
    "birthdate": gettext_lazy("Birthdate"),
    "roster_notes": gettext_lazy("Notes from the roster"),
}


def _case(request: HttpRequest, pk: int) -> Case:
    casework_user(request.user)
    case = case_for(request.user, pk)
    require_case_action(request.user, case, "subject_access")
    return case


def _text(value: Any) -> str:
    if value is None or value == "":
        return ""
    if hasattr(value, "isoformat"):
        return date_format(
            value, "SHORT_DATETIME_FORMAT" if hasattr(value, "hour") else "DATE_FORMAT"
        )
    if isinstance(value, bool):
        return _("Yes") if value else _("No")
    return str(value)


def _rows(pairs: list[tuple[Any, Any]]) -> Rows:
    return [(str(label), _text(value)) for label, value in pairs if _text(value)]


def _field(record: Any, name: str) -> tuple[str, Any]:
    field = record._meta.get_field(name)
    display = getattr(record, f"get_{name}_display", None)
    return field.verbose_name, display() if display and getattr(record, name) else getattr(
        record, name
    )


def groups(held: HeldAboutPerson) -> list[tuple[str, Rows]]:
    """What is held, as (heading, [(label, value)]) in the reader's language."""
    client = held.case.client
    person = [_field(client, n) for n in ("sex", "age_band", "nationality", "is_stateless")]
    person += [(IDENTITY_LABELS[n], getattr(held.identity, n)) for n in IDENTITY_FIELDS]
    person += [_field(client, n) for n in ("birthdate_precision", "identity_document_type")]
    person.append(_field(client, "created_at"))
    found = [(_("The person"), _rows(person))]
    for each in held.cases:
        case = each.case
        facts = [_field(case, n) for n in ("case_number", "stage", "opened_on", "closed_on")]
        facts += [_field(case, n) for n in ("closure_reason", "exploitation_type")]
        facts += [(CASE_FIELD_LABELS[n], v) for n, v in each.fields.items()]
        title = _("Case %(number)s") % {"number": case.case_number}
        found.append((title, _rows(facts)))
        notes = [(_("Note of %(day)s") % {"day": _text(n.written_at)}, t) for n, t in each.notes]
        care = [
            (
                f"{record._meta.verbose_name} · {_text(record.created_at)}",
                "\n".join(values.values()),
            )
            for record, values in each.care
            if values
        ]
        files = [
            (f"{a.get_kind_display()} · {_text(a.uploaded_at)}", name)
            for a, name in each.attachments
        ]
        decisions = [
            (
                f"{d.get_level_display()} · {_text(d.decided_at)}",
                " — ".join(filter(None, [d.get_status_display(), *values.values()])),
            )
            for d, values in each.decisions
        ]
        for heading, rows in (
            (_("Notes"), notes),
            (_("Care records"), care),
            (_("Attachments"), files),
            (_("Identification decisions"), decisions),
        ):
            if rows:
                found.append((f"{title} · {heading}", _rows(rows)))
    for screening, values in held.screenings:
        rows = [_field(screening, n) for n in ("screened_at", "state", "location_type")]
        rows += [(SCREENING_LABELS[name], value) for name, value in values.items()]
        found.append(
            (_("Screening of %(day)s") % {"day": _text(screening.screened_at)}, _rows(rows))
        )
    return found


@login_required
@require_GET
def held_about(request: HttpRequest, pk: int) -> HttpResponse:
    case = _case(request, pk)
    held = open_held_about(request.user, case, via=AccessEvent.Via.WEB, request=request)
    return render(request, "casework/held_about.html", {"case": case, "groups": groups(held)})


@login_required
@require_GET
def held_about_download(request: HttpRequest, pk: int) -> HttpResponse:
    case = _case(request, pk)
    held = open_held_about(request.user, case, via=AccessEvent.Via.WEB, request=request)
    body = [
        {"heading": heading, "values": [{"label": k, "value": v} for k, v in rows]}
        for heading, rows in groups(held)
    ]
    response = JsonResponse(
        body, safe=False, json_dumps_params={"ensure_ascii": False, "indent": 2}
    )
    name = f"held-{case.case_number}.json"
    response["Content-Disposition"] = f'attachment; filename="{name}"'
    response["Cache-Control"] = "no-store"
    return response


@login_required
@require_http_methods(["GET", "POST"])
def identity_correct(request: HttpRequest, pk: int) -> HttpResponse:
    case = _case(request, pk)
    if request.method == "POST":
        form = IdentityCorrectionForm(request.POST)
        if form.is_valid():
            data = form.cleaned_data
            try:
                client_identity_correct(
                    actor=request.user,
                    case=case,
                    identity=form.identity(),
                    birthdate_precision=data["birthdate_precision"],
                    identity_document_type=data["identity_document_type"],
                    reason=data["reason"],
                    request=request,
                )
            except ValidationError as exc:
                errors = exc.message_dict if hasattr(exc, "error_dict") else {None: exc.messages}
                for field, problems in errors.items():
                    form.add_error(field if field in form.fields else None, problems)
            else:
                messages.success(request, _("The person's identifiers are corrected."))
                return redirect("casework:held_about", pk=case.pk)
    elif case.client.pseudonymised_at is not None:
        form = None
    else:
        identity = open_identity_for_correction(request.user, case, request=request)
        initial = {name: getattr(identity, name) or "" for name in IDENTITY_FIELDS}
        initial["birthdate_precision"] = case.client.birthdate_precision
        initial["identity_document_type"] = case.client.identity_document_type
        form = IdentityCorrectionForm(initial=initial)
    return render(request, "casework/identity_correct.html", {"case": case, "form": form})
