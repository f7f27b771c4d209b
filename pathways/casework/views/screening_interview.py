"""The interview itself: one small page per dimension of the set (a poor network loses at
most one page, and each page is saved before the next opens), then the notes, the
restricted field and the submission. The answers shown back come through
`reading.open_screening`, so every page showing them is in the access log."""

from __future__ import annotations

from typing import Any

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.http import Http404, HttpRequest, HttpResponse
from django.shortcuts import redirect, render
from django.urls import reverse
from django.utils.translation import gettext as _
from django.views.decorators.http import require_http_methods

from pathways.casework import reading
from pathways.casework.access import screening_fields_readable
from pathways.casework.screening_forms import (
    ANSWER_CHOICES,
    LANGUAGE_NAMES,
    AnswersForm,
    NotesForm,
    set_label,
)
from pathways.casework.services import screening_answer, screening_submit
from pathways.casework.views.screening import (
    State,
    act,
    conflict_context,
    dimensions_of,
    fresh,
    is_child,
    keep_posted,
    next_url,
)


def _interviewing(request: HttpRequest, pk: int):
    """A draft with consent and a set, else on to the step it needs (a redirect)."""
    screening = fresh(request, pk)
    ready = (
        screening.state == State.DRAFT
        and screening.indicator_set_id is not None
        and screening.consent_to_interview == "yes"
    )
    return screening, None if ready else redirect(next_url(screening))


@login_required
@require_http_methods(["GET", "POST"])
def screening_questions(request: HttpRequest, pk: int, step: int) -> HttpResponse:
    """The questions of one dimension (`step`, from 1), in the interview's language."""
    screening, elsewhere = _interviewing(request, pk)
    if elsewhere is not None:
        return elsewhere
    dimensions = dimensions_of(screening)
    if not 1 <= step <= len(dimensions):
        raise Http404("No such step.")
    dimension = dimensions[step - 1]
    indicators = list(screening.indicator_set.indicators.filter(dimension=dimension["code"]))
    form_kwargs = {
        "indicators": indicators,
        "language": screening.interview_language or "en",
        "child": is_child(screening),
    }
    context: dict[str, Any] = {}
    if request.method == "POST":
        form = AnswersForm(request.POST, **form_kwargs)
        if form.is_valid():
            done = act(
                form,
                screening,
                lambda: screening_answer(
                    actor=request.user, screening=screening, answers=form.answers()
                ),
            )
            if done:
                return redirect(_after(screening, step, len(dimensions)))
            if done is None:
                screening = fresh(request, pk)
                form = keep_posted(AnswersForm, request, screening, **form_kwargs)
                context.update(conflict_context(screening))
                now = _now_answers(request, screening, indicators)
                for question in form.questions:
                    question["now"] = now[question["field"]]
    else:
        view = reading.open_screening(
            request.user, screening, via="web", fields=["answers"], request=request
        )
        initial = {i.code: view.answers[i.code] for i in indicators if i.code in view.answers}
        form = AnswersForm(initial={"version": screening.version, **initial}, **form_kwargs)
    context.update(
        screening=screening,
        form=form,
        dimension=dimension,
        step=step,
        steps=len(dimensions),
        dimensions=dimensions,
        set_label=set_label(screening.indicator_set),
        awaits_review=screening.indicator_set.awaits_review,
        language_name=LANGUAGE_NAMES.get(screening.interview_language, ""),
        language=screening.interview_language or "en",
        previous_url=(
            reverse("casework:screening_questions", args=[pk, step - 1]) if step > 1 else ""
        ),
    )
    return render(request, "casework/screening_questions.html", context)


def _after(screening, step: int, steps: int) -> str:
    if step < steps:
        return reverse("casework:screening_questions", args=[screening.pk, step + 1])
    return reverse("casework:screening_notes", args=[screening.pk])


def _now_answers(request: HttpRequest, screening, indicators) -> dict[str, str]:
    """What is recorded now for this page's questions, in words (read and logged)."""
    view = reading.open_screening(
        request.user, screening, via="web", fields=["answers"], request=request
    )
    labels = dict(ANSWER_CHOICES)
    return {
        i.code: str(labels.get(view.answers.get(i.code, ""), _("No answer"))) for i in indicators
    }


def unanswered(screening) -> list[dict[str, Any]]:
    """The dimensions with questions still unanswered, with how many (nothing is shown of
    the answers themselves)."""
    answers = reading.screening_answers_for_services(screening)
    rows = screening.indicator_set.indicators.values_list("code", "dimension")
    missing: dict[str, int] = {}
    for code, dimension in rows:
        if code not in answers:
            missing[dimension] = missing.get(dimension, 0) + 1
    return [
        {**d, "step": n, "missing": missing[d["code"]]}
        for n, d in enumerate(dimensions_of(screening), start=1)
        if d["code"] in missing
    ]


@login_required
@require_http_methods(["GET", "POST"])
def screening_notes(request: HttpRequest, pk: int) -> HttpResponse:
    """The notes, the restricted field and the immediate needs; saved, then submitted for
    the rule's suggestion once every question has an answer."""
    screening, elsewhere = _interviewing(request, pk)
    if elsewhere is not None:
        return elsewhere
    readable = screening_fields_readable(request.user, screening)
    may_read_acts = "unlawful_acts" in readable
    context: dict[str, Any] = {"may_read_acts": may_read_acts}
    if request.method == "POST":
        form = NotesForm(request.POST, may_read_unlawful_acts=may_read_acts)
        if form.is_valid():
            done = act(form, screening, lambda: _save_and_submit(request, form, screening))
            if done and screening.state == State.DRAFT:
                messages.warning(
                    request,
                    _(
                        "The notes are saved. Some questions have no answer yet: answer each "
                        "one (“does not know” and “does not want to answer” are answers), "
                        "then submit."
                    ),
                )
                return redirect("casework:screening_notes", pk=pk)
            if done:
                return redirect(next_url(screening))
            if done is None:
                screening = fresh(request, pk)
                form = keep_posted(
                    NotesForm, request, screening, may_read_unlawful_acts=may_read_acts
                )
                context.update(conflict_context(screening))
    else:
        view = reading.open_screening(
            request.user,
            screening,
            via="web",
            fields=["exploitation_notes", "unlawful_acts"],
            request=request,
        )
        initial = {
            "version": screening.version,
            "exploitation_notes": view.texts.get("exploitation_notes", ""),
            "immediate_needs": screening.immediate_needs,
            "urgent_referral_made": screening.urgent_referral_made,
        }
        if may_read_acts:
            initial["unlawful_acts"] = view.texts.get("unlawful_acts", "")
        form = NotesForm(initial=initial, may_read_unlawful_acts=may_read_acts)
    steps = len(dimensions_of(screening))
    context.update(
        screening=screening,
        form=form,
        acts_held=screening.unlawful_acts_sealed is not None,
        unanswered=unanswered(screening),
        previous_url=reverse("casework:screening_questions", args=[pk, steps]),
    )
    return render(request, "casework/screening_notes.html", context)


def _save_and_submit(request: HttpRequest, form: NotesForm, screening) -> None:
    """Save the notes; submit only once every question has an answer (the page then says
    which dimensions lack one, the notes kept)."""
    data = form.cleaned_data
    acts = data["unlawful_acts"]
    if not _may_read_acts(request, screening):
        # Written by someone who may not read it back: added to what is there.
        held = reading.screening_sealed_for_services(screening, "unlawful_acts")
        acts = "\n\n".join(part for part in (held, acts) if part)
    screening_answer(
        actor=request.user,
        screening=screening,
        exploitation_notes=data["exploitation_notes"],
        unlawful_acts=acts,
        immediate_needs=data["immediate_needs"],
        urgent_referral_made=data["urgent_referral_made"],
    )
    if not unanswered(screening):
        screening_submit(actor=request.user, screening=screening)


def _may_read_acts(request: HttpRequest, screening) -> bool:
    return "unlawful_acts" in screening_fields_readable(request.user, screening)
