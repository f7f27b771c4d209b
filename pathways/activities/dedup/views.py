"""The duplicate review queue: one group of records per probable person, pairs side by
side, merge a pair or a whole group or keep apart, merge several sure groups at once, undo a
merge, and search a whole country again (a job).

Who sees which pairs and merges is decided in `activities/access.py`.
"""

from __future__ import annotations

from typing import Any

from django import forms
from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.exceptions import ValidationError
from django.core.paginator import Paginator
from django.http import HttpRequest, HttpResponse
from django.shortcuts import redirect, render
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy, ngettext
from django.views.decorators.http import require_GET, require_POST

from pathways.accounts.access import get_country_for_user
from pathways.activities.access import (
    candidates_for_user,
    finder_countries,
    get_candidate_for_user,
    get_merge_for_user,
    merges_for_user,
)
from pathways.activities.dedup.background import duplicates_queue
from pathways.activities.dedup.group_review import (
    GroupMerged,
    group_merge,
    sure_groups_merge,
)
from pathways.activities.dedup.groups import fill_records, group_ids, load_groups
from pathways.activities.dedup.merging import person_unmerge
from pathways.activities.dedup.review import candidate_keep_apart, candidate_merge
from pathways.activities.dedup.scoring import OUTSIDE_SCOPE
from pathways.activities.models import Attendance, DuplicateCandidate, Event, Person
from pathways.lib.transliterate import romanise

PAGE_SIZE = 25
MERGES_PAGE_SIZE = 20

REASON_LABELS = {
    "same_name": gettext_lazy("Same name"),
    "name_order": gettext_lazy("Same name, words in another order"),
    "spacing": gettext_lazy("Same name, spaced differently"),
    "other_script": gettext_lazy("Same name in another script"),
    "similar_name": gettext_lazy("Similar name"),
    "same_phone": gettext_lazy("Same phone"),
    "phone_differs": gettext_lazy("Different phones"),
    "same_email": gettext_lazy("Same email"),
    "email_differs": gettext_lazy("Different emails"),
    "same_id_number": gettext_lazy("Same identity number"),
    "id_number_differs": gettext_lazy("Different identity numbers"),
    "names_agree": gettext_lazy("Names agree across scripts"),
    "same_birth_year": gettext_lazy("Same birth year"),
    "birth_year_close": gettext_lazy("Birth years one apart"),
    "birth_year_differs": gettext_lazy("Different birth years"),
    "same_organisation": gettext_lazy("Same organisation"),
    "organisation_differs": gettext_lazy("Different organisations"),
    "sex_differs": gettext_lazy("Different sex recorded"),
    "rare_name": gettext_lazy("No one else in the country has this name"),
    "common_name": gettext_lazy("A common name"),
    OUTSIDE_SCOPE: gettext_lazy(
        "The same person by the import's rules, but not linked: whoever imported the sheet "
        "may not see the person on record, and merging would let them see it"
    ),
}


# --- forms ---------------------------------------------------------------------------


class MergeForm(forms.Form):
    keep = forms.TypedChoiceField(
        label=gettext_lazy("Keep this record"),
        coerce=int,
        widget=forms.RadioSelect,
        error_messages={"required": gettext_lazy("Choose which record to keep.")},
    )

    def __init__(self, *args: Any, candidate: DuplicateCandidate, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        self.fields["keep"].choices = [
            (candidate.person_a_id, str(candidate.person_a)),
            (candidate.person_b_id, str(candidate.person_b)),
        ]


class IdsField(forms.Field):
    """Several ids posted under one name (hidden inputs or checkboxes)."""

    widget = forms.MultipleHiddenInput

    def to_python(self, value: Any) -> list[int]:
        try:
            return sorted({int(v) for v in value or []})
        except (TypeError, ValueError):
            raise ValidationError(_("This group was not sent as the page shows it.")) from None


class GroupMergeForm(forms.Form):
    pairs = IdsField(error_messages={"required": gettext_lazy("Choose a group to merge.")})
    keep = forms.IntegerField(
        widget=forms.HiddenInput,
        error_messages={
            "required": gettext_lazy("Choose which record to keep."),
            "invalid": gettext_lazy("Choose which record to keep."),
        },
    )
    include = IdsField(required=False)


class SureGroupsForm(forms.Form):
    group = forms.MultipleChoiceField(
        error_messages={"required": gettext_lazy("Select at least one sure group to merge.")}
    )

    def __init__(self, *args: Any, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        # The choices are the posted tokens themselves: each is checked again when merged.
        self.fields["group"].choices = [(v, v) for v in self.data.getlist("group")]

    def clean_group(self) -> list[tuple[int, list[int]]]:
        groups = []
        for token in self.cleaned_data["group"]:
            keep, _sep, pairs = token.partition(":")
            try:
                groups.append((int(keep), [int(pk) for pk in pairs.split(",")]))
            except ValueError:
                raise ValidationError(_("A group was not sent as the page shows it.")) from None
        return groups


# --- views ---------------------------------------------------------------------------


@login_required
@require_GET
def duplicate_list(request: HttpRequest) -> HttpResponse:
    return _render_list(request)


def _render_list(request: HttpRequest, status: int = 200) -> HttpResponse:
    # The groups are made from the pending pairs' ids (one query), and only the page's
    # groups are loaded: a query for their pairs and persons, one for their attendances.
    candidates = candidates_for_user(request.user)
    rows = candidates.order_by().values_list("pk", "person_a_id", "person_b_id", "score")
    page = Paginator(group_ids(rows), PAGE_SIZE).get_page(request.GET.get("page"))
    page.object_list = load_groups(candidates, list(page.object_list))
    fill_records(request.user, page.object_list)
    for group in page.object_list:
        for candidate in group.pairs:
            candidate.reason_labels = _reason_labels(candidate.reasons)
    context = {
        "page": page,
        # Paged, so every merge stays within reach of its undo after a large bulk merge.
        "merges": Paginator(merges_for_user(request.user), MERGES_PAGE_SIZE).get_page(
            request.GET.get("merges")
        ),
        "any_sure": any(group.is_sure for group in page.object_list),
        "finder_countries": finder_countries(request.user),
    }
    return render(request, "activities/duplicate_list.html", context, status=status)


def _reason_labels(reasons: list[str]) -> list[str]:
    return [str(REASON_LABELS.get(r, r)) for r in reasons]


def _evidence(user: Any, person: Person) -> dict[str, Any]:
    events = Event.objects.visible_to(user)
    attendances = (
        Attendance.objects.filter(person=person, event__in=events)
        .select_related("event")
        .order_by("-event__start_date")
    )
    return {"person": person, "latin_key": romanise(person.full_name), "attendances": attendances}


@login_required
@require_GET
def duplicate_detail(request: HttpRequest, pk: int) -> HttpResponse:
    candidate = get_candidate_for_user(request.user, pk)
    return _render_detail(request, candidate, MergeForm(candidate=candidate))


def _render_detail(
    request: HttpRequest, candidate: DuplicateCandidate, form: MergeForm, status: int = 200
) -> HttpResponse:
    context = {
        "candidate": candidate,
        "form": form,
        "sides": [
            _evidence(request.user, candidate.person_a),
            _evidence(request.user, candidate.person_b),
        ],
        "reasons": _reason_labels(candidate.reasons),
    }
    return render(request, "activities/duplicate_detail.html", context, status=status)


@login_required
@require_POST
def duplicate_merge(request: HttpRequest, pk: int) -> HttpResponse:
    candidate = get_candidate_for_user(request.user, pk)
    form = MergeForm(request.POST, candidate=candidate)
    if not form.is_valid():
        return _render_detail(request, candidate, form, status=400)
    keep = Person.objects.get(pk=form.cleaned_data["keep"])
    try:
        candidate_merge(actor=request.user, candidate=candidate, keep=keep)
    except ValidationError as error:
        form.add_error(None, error)
        return _render_detail(request, candidate, form, status=400)
    messages.success(
        request, _("Merged into %(person)s. You can undo this below.") % {"person": keep}
    )
    return redirect("activities:duplicate_list")


@login_required
@require_POST
def duplicate_keep_apart(request: HttpRequest, pk: int) -> HttpResponse:
    candidate = get_candidate_for_user(request.user, pk)
    candidate_keep_apart(actor=request.user, candidate=candidate)
    messages.success(request, _("Kept apart: this pair will not be proposed again."))
    return redirect("activities:duplicate_list")


@login_required
@require_POST
def merge_undo(request: HttpRequest, pk: int) -> HttpResponse:
    merge = get_merge_for_user(request.user, pk)
    try:
        person = person_unmerge(actor=request.user, merge=merge)
    except ValidationError as error:
        messages.error(request, " ".join(error.messages))
    else:
        messages.success(request, _("Merge undone: %(person)s is back.") % {"person": person})
    return redirect("activities:duplicate_list")


@login_required
@require_POST
def duplicate_group_merge(request: HttpRequest) -> HttpResponse:
    candidates_for_user(request.user)  # 403 without a data role, before reading the form
    form = GroupMergeForm(request.POST)
    try:
        if not form.is_valid():
            raise ValidationError([e for errors in form.errors.values() for e in errors])
        merged = group_merge(
            actor=request.user,
            pair_ids=form.cleaned_data["pairs"],
            keep=form.cleaned_data["keep"],
            include=form.cleaned_data["include"],
        )
    except ValidationError as error:
        messages.error(request, " ".join(error.messages))
        return _render_list(request, status=400)
    messages.success(request, _merged_message(merged))
    return redirect("activities:duplicate_list")


def _merged_message(merged: GroupMerged) -> str:
    count = len(merged.merges)
    text = ngettext(
        "Merged %(count)d record into %(person)s.",
        "Merged %(count)d records into %(person)s.",
        count,
    ) % {"count": count, "person": merged.kept}
    if merged.kept_apart:
        names = ", ".join(str(p) for p in merged.kept_apart)
        text += " " + _("Kept apart from it: %(names)s.") % {"names": names}
    return f"{text} {_undo_hint()}"


def _undo_hint() -> str:
    return _("Each merge can be undone on its own under Recent merges.")


@login_required
@require_POST
def duplicate_groups_accept(request: HttpRequest) -> HttpResponse:
    candidates_for_user(request.user)  # 403 without a data role, before reading the form
    form = SureGroupsForm(request.POST)
    if not form.is_valid():
        messages.error(request, " ".join(e for errors in form.errors.values() for e in errors))
        return _render_list(request, status=400)
    result = sure_groups_merge(actor=request.user, groups=form.cleaned_data["group"])
    records = sum(len(m.merges) for m in result.merged)
    summary = ngettext(
        "%(groups)d group merged", "%(groups)d groups merged", len(result.merged)
    ) % {"groups": len(result.merged)}
    summary += " " + ngettext(
        "(%(records)d record merged into the suggested one).",
        "(%(records)d records merged into the suggested ones).",
        records,
    ) % {"records": records}
    if result.merged:
        messages.success(request, f"{summary} {_undo_hint()}")
    if result.refused:
        refused = ngettext(
            "%(count)d group refused, nothing merged in it:",
            "%(count)d groups refused, nothing merged in them:",
            len(result.refused),
        ) % {"count": len(result.refused)}
        messages.error(request, f"{refused} {' '.join(result.refused)}")
    return redirect("activities:duplicate_list")


@login_required
@require_POST
def duplicate_find(request: HttpRequest) -> HttpResponse:
    """Queue a full search across the posted country, and show its job."""
    candidates_for_user(request.user)  # 403 without a data role, before reading the form
    country = get_country_for_user(request.user, request.POST.get("country", "").strip() or "-")
    job, new = duplicates_queue(actor=request.user, country=country)
    if not new:
        messages.info(request, _("A search of this country is already waiting or running."))
    return redirect("jobs:job_detail", job_id=job.pk)
