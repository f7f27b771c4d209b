"""From the import preview, an organisation the sheet wrote and Pathways did not recognise is
named: "this is <organisation>" (remembered as an alias for the next sheet) or added as a new
organisation of the event's country, named as written. Either way the preview is read again,
its rows now matched.

Naming organisations changes the country's reference data, so it is for the country's staff
who may import there (data officers, country managers, the regional MEL admin), not for a
partner who may import into its own events only.
"""

from __future__ import annotations

from django import forms
from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.exceptions import ValidationError
from django.http import HttpRequest, HttpResponse
from django.shortcuts import get_object_or_404, redirect
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy, ngettext
from django.views.decorators.http import require_POST

from pathways.accounts.access import require, scope_for
from pathways.activities.importing import ImportFileError, prepare_import
from pathways.activities.importing.organisations import (
    Recognised,
    organisation_add,
    organisation_alias_add,
)
from pathways.activities.importing.preview import ImportPreview, UnmatchedOrganisation
from pathways.activities.importing.uploads import get_upload_for_user, upload_data
from pathways.activities.models import Event
from pathways.audit.models import AuditEvent
from pathways.lib.forms import PlainLineField
from pathways.programs.models import Organisation
from pathways.programs.organisations import (
    organisation_key,
    organisation_lookup,
    organisations_for_country,
)


class OrganisationAliasForm(forms.Form):
    text = PlainLineField(max_length=300)
    organisation = forms.ModelChoiceField(
        queryset=Organisation.objects.none(), label=gettext_lazy("This is")
    )

    def __init__(self, *args, event: Event, **kwargs):
        super().__init__(*args, **kwargs)
        field = self.fields["organisation"]
        field.queryset = organisations_for_country(event.country_id)  # type: ignore[attr-defined]


class NewOrganisationForm(forms.Form):
    text = PlainLineField(max_length=300)
    type = forms.ChoiceField(choices=Organisation.Type.choices, label=gettext_lazy("Type"))


def can_name_organisations(user, event: Event) -> bool:
    return scope_for(user).can_edit_in_country(event.country_id)


def organisation_context(user, event: Event, preview: ImportPreview) -> dict:
    """What the preview's section on unrecognised organisations shows."""
    return {
        "unmatched_organisations": preview.organisations.unmatched,
        "can_name_organisations": can_name_organisations(user, event),
        "country_organisations": list(organisations_for_country(event.country_id)),
        "organisation_types": Organisation.Type.choices,
    }


def _unmatched_in_upload(request, event: Event, token: str, text: str) -> UnmatchedOrganisation:
    """The text as the preview lists it; a text the sheet does not hold is refused, so the
    preview's buttons name only what the sheet wrote."""
    upload = get_upload_for_user(request.user, event, token)
    try:
        preview = prepare_import(
            actor=request.user,
            event=event,
            data=upload_data(upload),
            file_name=upload.file_name,
            mapping={int(k): v for k, v in upload.mapping.items()} if upload.mapping else None,
            encoding=upload.encoding or None,
        )
    except ImportFileError as exc:
        raise ValidationError(exc.message) from exc
    key = organisation_key(text)
    for found in preview.organisations.unmatched:
        if organisation_key(found.text) == key:
            return found
    raise ValidationError(
        _("'%(text)s' is not an unrecognised organisation of this sheet.") % {"text": text[:60]}
    )


def _checked(request: HttpRequest, event_id: int, token: str) -> Event:
    """404 out of scope or for another's upload, 403 for who may not name organisations."""
    event = get_object_or_404(
        Event.objects.visible_to(request.user).select_related("country"), pk=event_id
    )
    require(scope_for(request.user).can_edit_event(event), _("You cannot change this event."))
    get_upload_for_user(request.user, event, token)
    require(
        can_name_organisations(request.user, event),
        _("Only the country's data officers and managers can name organisations."),
    )
    return event


def _back(event: Event, token: str) -> HttpResponse:
    return redirect("activities:import_preview", event_id=event.pk, token=token)


def _already_named(request: HttpRequest, event: Event, text: str, org: Organisation | None) -> bool:
    """Whether the text already means an organisation in the country (a second click, or
    another officer was quicker): said, and nothing is written."""
    current = organisation_lookup(event.country_id).get(organisation_key(text))
    if current is None:
        return False
    named = Organisation.objects.get(pk=current)
    if org is None or named.pk == org.pk:
        messages.info(
            request,
            _("'%(text)s' is already recognised as %(org)s.") % {"text": text, "org": named.name},
        )
    else:
        messages.error(
            request,
            _("'%(text)s' already means %(other)s in this country.")
            % {"text": text, "other": named.name},
        )
    return True


def _refuse(request: HttpRequest, form: forms.Form | None, exc: ValidationError | None) -> None:
    if exc is not None:
        messages.error(request, " ".join(exc.messages))
        return
    for field, errors in (form.errors if form else {}).items():
        label = form.fields[field].label if form and field in form.fields else field
        shown = {"field": label or field, "errors": " ".join(errors)}
        messages.error(request, _("%(field)s: %(errors)s") % shown)


def _tell_recognised(request: HttpRequest, org: Organisation, recognised: Recognised) -> None:
    """What naming the organisation changed in the imports before this sheet."""
    if recognised.counted:
        messages.success(
            request,
            ngettext(
                "%(n)d attendance from earlier imports is now counted under %(org)s.",
                "%(n)d attendances from earlier imports are now counted under %(org)s.",
                recognised.counted,
            )
            % {"n": recognised.counted, "org": org.name},
        )
    if recognised.persons:
        messages.success(
            request,
            ngettext(
                "%(n)d person saved without an organisation now belongs to %(org)s.",
                "%(n)d persons saved without an organisation now belong to %(org)s.",
                recognised.persons,
            )
            % {"n": recognised.persons, "org": org.name},
        )
    other = recognised.attendances - recognised.counted
    if other:
        messages.info(
            request,
            ngettext(
                "%(n)d attendance from earlier imports now names %(org)s, but its person "
                "belongs to another organisation and is counted there.",
                "%(n)d attendances from earlier imports now name %(org)s, but their persons "
                "belong to another organisation and are counted there.",
                other,
            )
            % {"n": other, "org": org.name},
        )


@login_required
@require_POST
def import_organisation_alias(request: HttpRequest, event_id: int, token: str) -> HttpResponse:
    event = _checked(request, event_id, token)
    form = OrganisationAliasForm(request.POST, event=event)
    if not form.is_valid():
        _refuse(request, form, None)
        return _back(event, token)
    org = form.cleaned_data["organisation"]
    if _already_named(request, event, form.cleaned_data["text"], org):
        return _back(event, token)
    try:
        found = _unmatched_in_upload(request, event, token, form.cleaned_data["text"])
        _alias, recognised = organisation_alias_add(
            actor=request.user,
            country=event.country,
            organisation=org,
            text=found.text,
            source=AuditEvent.Source.WEB,
        )
    except ValidationError as exc:
        _refuse(request, None, exc)
        return _back(event, token)
    messages.success(
        request,
        _("'%(text)s' is now recognised as %(org)s, in this sheet and the next (%(n)d rows).")
        % {"text": found.text, "org": org.name, "n": len(found.rows)},
    )
    _tell_recognised(request, org, recognised)
    return _back(event, token)


@login_required
@require_POST
def import_organisation_create(request: HttpRequest, event_id: int, token: str) -> HttpResponse:
    event = _checked(request, event_id, token)
    form = NewOrganisationForm(request.POST)
    if not form.is_valid():
        _refuse(request, form, None)
        return _back(event, token)
    if _already_named(request, event, form.cleaned_data["text"], None):
        return _back(event, token)
    try:
        found = _unmatched_in_upload(request, event, token, form.cleaned_data["text"])
        org, recognised = organisation_add(
            actor=request.user,
            country=event.country,
            text=found.text,
            type=form.cleaned_data["type"],
            source=AuditEvent.Source.WEB,
        )
    except ValidationError as exc:
        _refuse(request, None, exc)
        return _back(event, token)
    messages.success(
        request,
        _("%(org)s was added as an organisation of %(country)s (%(n)d rows).")
        % {"org": org.name, "country": event.country.name, "n": len(found.rows)},
    )
    _tell_recognised(request, org, recognised)
    return _back(event, token)
