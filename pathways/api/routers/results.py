"""Indicators with their targets and values, and achievements: the results app's rules."""
# No `from __future__ import annotations`: django-ninja reads the parameter types of the
# views at import time, and postponed (string) annotations break its query models.

import datetime as dt
from decimal import Decimal

from django.db import transaction
from django.db.models import Prefetch
from django.http import Http404, HttpRequest
from django.urls import reverse
from ninja import Field, Query, Router, Schema, Status
from ninja.pagination import paginate

from pathways.accounts.access import get_country_for_user
from pathways.activities.models import Event
from pathways.activities.universe import universe_for
from pathways.api.filters import check_period
from pathways.api.pagination import LimitOffset, page
from pathways.api.schemas import PlainLine, PlainText
from pathways.api.writes import invalid_body
from pathways.programs.models import Organisation, OutcomeArea
from pathways.results import services
from pathways.results.access import evidence_download_response
from pathways.results.models import Achievement, EvidenceFile
from pathways.results.progress import progress_for

router = Router(tags=["results"])


class IndicatorRef(Schema):
    code: str
    name: str
    unit: str
    kind: str
    outcome_area: str

    @staticmethod
    def resolve_outcome_area(obj) -> str:
        return obj.outcome_area.code


class TargetOut(Schema):
    country: str | None
    organisation: int | None = Field(
        description="Set for a partner-level target: the organisation (id) whose own events "
        "it is for; null for a country or regional target."
    )
    period_start: dt.date
    period_end: dt.date
    baseline: Decimal
    target: Decimal

    @staticmethod
    def resolve_country(obj) -> str | None:
        return obj.country.code if obj.country_id else None

    @staticmethod
    def resolve_organisation(obj) -> int | None:
        return obj.organisation_id


class ProgressOut(Schema):
    indicator: IndicatorRef
    target: TargetOut | None = Field(
        description="Null when the figures count only a partner's own events and that "
        "partner has no target of its own: the country's target is never shown for them."
    )
    period_start: dt.date = Field(description="The period of the value.")
    period_end: dt.date
    value: Decimal | None = Field(description="Over the target's period; null: none reported.")
    percent: int | None = Field(description="Value as a percent of the target; null without one.")
    no_target_for: str = Field(
        description="Whose target is missing (an organisation's short name) when `target` "
        "is null; empty otherwise."
    )


class ProgressPage(Schema):
    counted: str = Field(
        description="Whose events the values count, in words: a country, the region, or "
        "the events an organisation runs or co-runs there."
    )
    count: int
    next: str | None
    previous: str | None
    results: list[ProgressOut]


class IndicatorQuery(Schema):
    start: dt.date = Field(..., description="First day of the period (YYYY-MM-DD).")
    end: dt.date = Field(..., description="Last day of the period (YYYY-MM-DD).")
    country: str | None = Field(None, description="ISO code; regional targets when left out.")


@router.get("/indicators/", response=ProgressPage, url_name="indicator_list")
def indicator_list(
    request: HttpRequest, q: Query[IndicatorQuery], pagination: Query[LimitOffset.Input]
):
    """Every active indicator with a target overlapping the period, its value and progress,
    as on the indicators dashboard. A partner counting only its own events sees its own
    targets, never the country's."""
    check_period(q.start, q.end)
    country = get_country_for_user(request.user, q.country) if q.country else None
    universe = universe_for(request.user, country)
    progress = progress_for(universe=universe, start=q.start, end=q.end)
    return {"counted": universe.label, **page(request, progress, pagination, lambda p: p)}


class EvidenceOut(Schema):
    id: int
    name: str
    content_type: str
    size: int = Field(description="Bytes.")
    public: bool = Field(
        description="Public files are open to everyone who sees the achievement; the others "
        "only to the country's data officers and manager and partners named on it."
    )
    download: str = Field(description="API path of the file.")

    @staticmethod
    def resolve_name(obj: EvidenceFile) -> str:
        return obj.original_name

    @staticmethod
    def resolve_download(obj: EvidenceFile) -> str:
        return reverse("api:evidence_download", kwargs={"evidence_id": obj.pk})


class AchievementOut(Schema):
    id: int
    title: str
    text: str
    date: dt.date
    country: str
    outcome_area: str
    partners: list[str]
    related_events: list[int]
    is_good_practice: bool
    status: str
    evidence: list[EvidenceOut] = Field(description="The files you may download.")

    @staticmethod
    def resolve_country(obj: Achievement) -> str:
        return obj.country.code

    @staticmethod
    def resolve_outcome_area(obj: Achievement) -> str:
        return obj.outcome_area.code

    @staticmethod
    def resolve_partners(obj: Achievement) -> list[str]:
        return [o.short_name for o in obj.partners.all()]

    @staticmethod
    def resolve_related_events(obj: Achievement) -> list[int]:
        return [e.pk for e in obj.related_events.all()]

    @staticmethod
    def resolve_evidence(obj: Achievement) -> list[EvidenceFile]:
        return obj.visible_evidence


class AchievementIn(Schema):
    title: PlainLine = Field(..., min_length=1, max_length=200)
    text: PlainText = Field(..., min_length=1)
    date: dt.date
    country: str = Field(..., description="ISO code.")
    outcome_area: str = Field(..., description="Outcome area code.")
    partners: list[int] = Field([], description="Organisation ids.")
    related_events: list[int] = Field([], description="Ids of events in the same country.")
    is_good_practice: bool = False


def visible_achievements(request: HttpRequest):
    evidence = EvidenceFile.objects.visible_to(request.user)
    return (
        Achievement.objects.visible_to(request.user)
        .select_related("country", "outcome_area")
        .prefetch_related(
            "partners",
            "related_events",
            Prefetch("evidence", queryset=evidence, to_attr="visible_evidence"),
        )
    )


@router.get("/achievements/", response=list[AchievementOut], url_name="achievement_list")
@paginate(LimitOffset)
def achievement_list(
    request: HttpRequest,
    country: str | None = None,
    outcome_area: str | None = None,
    status: Achievement.Status | None = None,
):
    """Verified achievements in your scope, and drafts where you edit."""
    achievements = visible_achievements(request)
    if country:
        achievements = achievements.filter(country__code__iexact=country)
    if outcome_area:
        achievements = achievements.filter(outcome_area__code=outcome_area)
    if status:
        achievements = achievements.filter(status=status)
    return achievements


@router.get(
    "/achievements/{achievement_id}/", response=AchievementOut, url_name="achievement_detail"
)
def achievement_detail(request: HttpRequest, achievement_id: int):
    found = visible_achievements(request).filter(pk=achievement_id).first()
    if found is None:
        raise Http404(f"No achievement with id {achievement_id} in your scope.")
    return found


@router.post("/achievements/", response={201: AchievementOut}, url_name="achievement_create")
def achievement_create(request: HttpRequest, payload: AchievementIn):
    """A new draft, through the same service as the achievement form."""
    data = payload.dict()
    country = get_country_for_user(request.user, data.pop("country"))
    area = OutcomeArea.objects.filter(code=data.pop("outcome_area")).first()
    if area is None:
        raise invalid_body("outcome_area", f"no outcome area has the code {payload.outcome_area!r}")
    partner_ids = data.pop("partners")
    partners = list(Organisation.objects.filter(pk__in=partner_ids))
    if len(partners) != len(set(partner_ids)):
        raise invalid_body("partners", "every partner must be an existing organisation id")
    event_ids = data.pop("related_events")
    # Whether they are the achievement's (the only ones its writers may relate) is the
    # service's check, after the role's: a reader without the role gets 403, not 422.
    events = list(Event.objects.filter(pk__in=event_ids))
    if len(events) != len(set(event_ids)):
        raise invalid_body("related_events", "every event must exist")
    with transaction.atomic():
        achievement = services.achievement_create(
            actor=request.user,
            country=country,
            outcome_area=area,
            partners=partners,
            related_events=events,
            **data,
        )
    return Status(201, visible_achievements(request).get(pk=achievement.pk))


@router.get("/evidence/{evidence_id}/", response={200: None}, url_name="evidence_download")
def evidence_download(request: HttpRequest, evidence_id: int):
    """An evidence file, as the achievement page serves it: staff-only files to the country's
    staff (and partners named on the achievement), public ones to everyone who sees the
    achievement or reported value; any other file is `404`."""
    return evidence_download_response(request.user, evidence_id)
