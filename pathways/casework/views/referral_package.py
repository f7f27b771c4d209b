"""The referral package pages (casework.md §3.4 external referral): on an offered referral of
manual transport, its sending team makes the encrypted package and sees its password once;
a case supervisor imports a package received from elsewhere, first as a preview of what it
holds (section by section, no value shown), then for good.

The file is kept in memory only, on the way in (`MemoryOnlyUploadHandler`) and on the way
out (the package is given in the page that shows its password, never stored). Pages that
carry a password are not cached.
"""

from __future__ import annotations

import base64
from typing import Any

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.exceptions import ValidationError
from django.http import HttpRequest, HttpResponse
from django.shortcuts import redirect, render
from django.utils.dateparse import parse_datetime
from django.utils.translation import gettext as _
from django.utils.translation import ngettext
from django.views.decorators.csrf import csrf_exempt, csrf_protect
from django.views.decorators.http import require_http_methods

from pathways.casework.access import cases_visible_to
from pathways.casework.access_referrals import referral_for
from pathways.casework.attachment_forms import MemoryOnlyUploadHandler
from pathways.casework.forms import IDENTITY_LABELS
from pathways.casework.models import CaseworkRole, Client, Referral, Section
from pathways.casework.referral_package_forms import (
    PACKAGE_MAX_BYTES,
    PackageConfirmForm,
    PackageImportForm,
)
from pathways.casework.services.referral_package import (
    PACKAGE_TYPE,
    PackageContent,
    PackageImported,
    PackageRefused,
    importing_agencies,
    package_refusal,
    referral_package_export,
    referral_package_import,
    referral_package_preview,
    require_package_export,
)
from pathways.casework.transitions import TransitionRefused
from pathways.casework.views.care import add_errors
from pathways.casework.views.cases import CASE_FIELD_LABELS
from pathways.casework.views.common import casework_user, with_role

SUMMARY_LABELS = {
    "sex": Client._meta.get_field("sex").verbose_name,
    "age_band": Client._meta.get_field("age_band").verbose_name,
    "nationality": Client._meta.get_field("nationality").verbose_name,
    "is_stateless": Client._meta.get_field("is_stateless").verbose_name,
    "birthdate_precision": Client._meta.get_field("birthdate_precision").verbose_name,
    "identity_document_type": Client._meta.get_field("identity_document_type").verbose_name,
}


def _no_store(response: HttpResponse) -> HttpResponse:
    response["Cache-Control"] = "no-store"
    return response


# --- export ------------------------------------------------------------------------------------


@login_required
@require_http_methods(["GET", "POST"])
def referral_package(request: HttpRequest, pk: int) -> HttpResponse:
    """GET: what the package will hold and how it travels; POST: make it, and show its
    password once beside the file to save."""
    casework_user(request.user)
    referral = referral_for(request.user, pk)
    require_package_export(request.user, referral)
    context: dict[str, Any] = {
        "referral": referral,
        "sections": _section_labels(referral.shared_sections),
        "refusal": package_refusal(referral),
    }
    if request.method == "POST":
        try:
            package = referral_package_export(
                actor=request.user, referral=referral, request=request
            )
        except TransitionRefused as refusal:
            messages.error(request, str(refusal))
            return redirect("casework:referral_package", pk=referral.pk)
        context |= {
            "package": package,
            "data_url": f"data:{PACKAGE_TYPE};base64,"
            + base64.b64encode(package.content).decode("ascii"),
        }
        return _no_store(render(request, "casework/referral_package.html", context))
    return render(request, "casework/referral_package.html", context)


def _section_labels(sections: list[str]) -> list[str]:
    labels = dict(Section.choices)
    return [str(labels[s]) for s in Section.values if s in sections]


# --- import ------------------------------------------------------------------------------------


@csrf_exempt
def referral_package_import_view(request: HttpRequest) -> HttpResponse:
    # The package stays in memory (never a temporary file): the handler is set before
    # anything reads the body, so the CSRF check runs after it, in the inner view.
    handler = MemoryOnlyUploadHandler(request, limit=PACKAGE_MAX_BYTES)
    request.upload_handlers = [handler]
    return _package_import(request, handler)


@csrf_protect
@login_required
def _package_import(request: HttpRequest, handler: MemoryOnlyUploadHandler) -> HttpResponse:
    with_role(request.user, CaseworkRole.CASE_SUPERVISOR)
    if request.method not in ("GET", "POST"):
        return HttpResponse(status=405)
    agencies = importing_agencies(request.user)
    if request.POST.get("action") == "confirm":
        return _confirm(request, agencies)
    form = PackageImportForm(
        request.POST or None, request.FILES or None, agencies=agencies, too_large=handler.too_large
    )
    context: dict[str, Any] = {"form": form}
    if request.method == "POST" and form.is_valid():
        data = form.cleaned_data
        try:
            preview = referral_package_preview(
                actor=request.user,
                file=data["file"],
                password=data["password"],
                agency=data["agency"],
            )
        except PackageRefused as refusal:
            form.add_error("file", str(refusal))
        except ValidationError as error:
            add_errors(form, error)
        else:
            confirm = PackageConfirmForm(
                initial={
                    "agency": preview.agency.pk,
                    "package": base64.b64encode(data["file"]).decode("ascii"),
                    "password": data["password"],
                },
                agencies=agencies,
            )
            context |= _preview_context(request, preview.content, preview.existing, confirm)
            return _no_store(render(request, "casework/referral_package_import.html", context))
    status = 400 if form.errors else 200
    return render(request, "casework/referral_package_import.html", context, status=status)


def _confirm(request: HttpRequest, agencies) -> HttpResponse:
    """Import the package the preview read; a refusal is shown above a new upload form."""
    confirm = PackageConfirmForm(request.POST, agencies=agencies)
    refusal = _("The package was lost on the way: upload it again.")
    if confirm.is_valid():
        data = confirm.cleaned_data
        try:
            imported = referral_package_import(
                actor=request.user,
                file=data["package"],
                password=data["password"],
                agency=data["agency"],
            )
        except (PackageRefused, ValidationError) as refused:
            refusal = _refusal_text(refused)
        else:
            return _imported(request, imported)
    context = {"form": PackageImportForm(agencies=agencies), "refusal": refusal}
    return render(request, "casework/referral_package_import.html", context, status=400)


def _refusal_text(refusal: Exception) -> str:
    if isinstance(refusal, ValidationError):
        return "; ".join(refusal.messages)
    return str(refusal)


def _imported(request: HttpRequest, imported: PackageImported) -> HttpResponse:
    case = imported.record.case
    number = case.case_number
    if imported.created:
        messages.success(
            request,
            _("The person is registered and case %(case)s is open for them.") % {"case": number},
        )
    else:
        messages.info(
            request,
            _("This referral was imported before, into case %(case)s: nothing was added.")
            % {"case": number},
        )
    if cases_visible_to(request.user).filter(pk=case.pk).exists():
        return redirect("casework:case_detail", pk=case.pk)
    return redirect("casework:referral_package_import")


def _preview_context(
    request: HttpRequest, content: PackageContent, existing: Any, confirm: PackageConfirmForm
) -> dict[str, Any]:
    facts = content.referral
    return {
        "preview": content,
        "facts": facts,
        "service": dict(Referral._meta.get_field("service_type").choices).get(
            facts["service_type"], facts["service_type"]
        ),
        "urgency": Referral.Urgency(facts["urgency"]).label,
        "deadlines": {
            name: parse_datetime(facts[name])
            for name in ("offered_at", "respond_by", "first_contact_by", "complete_by")
            if facts.get(name)
        },
        "held": _held(content),
        "existing": existing,
        "existing_visible": existing is not None
        and cases_visible_to(request.user).filter(pk=existing.case_id).exists(),
        "confirm": confirm,
    }


def _held(content: PackageContent) -> list[tuple[str, list[str]]]:
    """Each section the package holds, with the names of its fields (never their values)."""
    labels = {**SUMMARY_LABELS, **IDENTITY_LABELS, **CASE_FIELD_LABELS}
    by_section = content.fields_by_section()
    section_labels = dict(Section.choices)
    rows = []
    for section in Section.values:
        if section not in content.sections:
            continue
        names = by_section.get(section, [])
        notes = names.count("note")
        shown = [str(labels.get(n, n)) for n in names if n != "note"]
        if notes:
            shown.append(ngettext("%(count)s note", "%(count)s notes", notes) % {"count": notes})
        rows.append((str(section_labels[section]), shown))
    return rows
