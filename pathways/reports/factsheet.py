"""Factsheets: the figures, partners and achievements of a country (or the region) for a
period, gathered once and rendered as a page, a PDF or JSON.

Every figure comes from pathways.results.figures; nothing here counts on its own.
"""

from __future__ import annotations

import base64
import datetime as dt
import logging
from dataclasses import dataclass, field
from decimal import Decimal
from typing import Any

from django.conf import settings
from django.db.models import QuerySet
from django.utils import translation
from django.utils.translation import gettext as _

from pathways.activities.universe import Universe, universe_for
from pathways.programs.labels import reference_text
from pathways.programs.models import Country, Organisation, OutcomeArea, Pathway, Program
from pathways.reports.asean_map import AseanMap, asean_map
from pathways.results.figures import (
    SexBreakdown,
    count_capacity_development_events,
    count_events,
    count_participants,
    count_people_trained,
)
from pathways.results.models import Achievement

logger = logging.getLogger(__name__)

# Periods whose synthetic demo records were built to reproduce a published factsheet
# (the seed: ASEAN-ACT Cambodia, financial year 2021–22). The footer says so.
PUBLISHED_REPRODUCTIONS = {("KH", dt.date(2021, 7, 1), dt.date(2022, 6, 30))}


@dataclass(frozen=True)
class AchievementItem:
    title: str
    outcome_area: str
    outcome_area_code: str
    text: str
    partner: str = ""
    is_good_practice: bool = False
    country: str = ""
    # No translation into the factsheet's language was written: the text is the English.
    in_english: bool = False

    def as_json(self) -> dict[str, str]:
        return {"title": self.title, "outcome_area": self.outcome_area, "text": self.text}


@dataclass(frozen=True)
class Logo:
    """One logo of the strip: whose it is (its alternative text) and the image as a data
    URI, or "" when none is uploaded and the name stands in its place."""

    name: str
    data_uri: str = ""


@dataclass(frozen=True)
class OutcomeGroup:
    outcome_area: OutcomeArea
    achievements: list[AchievementItem]


@dataclass(frozen=True)
class Factsheet:
    program: Program
    country: Country | None
    start: dt.date
    end: dt.date
    events: int
    participants: SexBreakdown
    capacity_development_events: int
    people_trained: SexBreakdown
    partners: list[Organisation]
    focal_point: str
    achievements: list[AchievementItem]
    pathways: list[Pathway] = field(default_factory=list)
    outcome_areas: list[OutcomeArea] = field(default_factory=list)
    synthetic: bool = False
    partial: bool = False
    # Whose events the figures count, in words ("Cambodia", "Lao PDR — events run or co-run
    # by LSCW").
    counted: str = ""
    # Every member state, for the map of program status.
    member_states: list[Country] = field(default_factory=list)
    # Program, funder and implementer, in that order.
    logos: list[Logo] = field(default_factory=list)

    @property
    def has_logos(self) -> bool:
        """Whether any logo is uploaded; without one, the names stand in the text only."""
        return any(logo.data_uri for logo in self.logos)

    @property
    def asean_map(self) -> AseanMap:
        return asean_map(self.member_states, current=self.country)

    @property
    def is_region(self) -> bool:
        return self.country is None

    @property
    def reproduces_published(self) -> bool:
        code = self.country.code if self.country else ""
        return self.synthetic and (code, self.start, self.end) in PUBLISHED_REPRODUCTIONS

    @property
    def good_practice(self) -> AchievementItem | None:
        return next((a for a in self.achievements if a.is_good_practice), None)

    @property
    def outcome_groups(self) -> list[OutcomeGroup]:
        """Achievements under each outcome area, in the program's order; the good-practice
        story is told in its own box."""
        groups = []
        for area in self.outcome_areas:
            items = [
                a
                for a in self.achievements
                if a.outcome_area_code == area.code and not a.is_good_practice
            ]
            if items:
                groups.append(OutcomeGroup(outcome_area=area, achievements=items))
        return groups

    @property
    def sex_bars(self) -> list[tuple[str, SexBreakdown]]:
        return [(_("Participants"), self.participants), (_("People trained"), self.people_trained)]

    @property
    def budget_millions(self) -> Decimal:
        return (self.program.budget / Decimal(1_000_000)).normalize()

    def as_json(self) -> dict[str, Any]:
        return {
            "country": self.country.code if self.country else None,
            "start": self.start.isoformat(),
            "end": self.end.isoformat(),
            "events": self.events,
            "participants": self.participants.as_dict(),
            "capacity_development_events": self.capacity_development_events,
            "people_trained": self.people_trained.as_dict(),
            "partners": [
                {"name": o.name, "acronym": o.acronym, "type": o.type} for o in self.partners
            ],
            "focal_point": self.focal_point,
            "achievements": [a.as_json() for a in self.achievements],
            # True when drawn from only part of the country's events (a partner's own).
            "partial": self.partial,
            "counted": self.counted,
        }


def logo_strip(program: Program) -> list[Logo]:
    """The program's, the funder's and the implementer's logos, inlined as data URIs: the
    PDF renderer fetches nothing and the page needs no media URL (its policy allows data:
    images). The stored files are PNGs the upload form re-encoded (programs.logos)."""
    owners = [(program.name, program.logo), (program.funder.name, program.funder.logo)]
    owners.append((program.implementer.name, program.implementer.logo))
    return [Logo(name=name, data_uri=_data_uri(logo)) for name, logo in owners]


def _data_uri(logo: Any) -> str:
    if not logo:
        return ""
    try:
        with logo.open("rb") as stored:
            data = stored.read()
    except OSError:
        # A file missing from storage (restored database, lost media): the name stands in.
        logger.warning("Logo file %s is missing from storage.", logo.name)
        return ""
    return "data:image/png;base64," + base64.b64encode(data).decode("ascii")


def key_partners(country: Country | None) -> list[Organisation]:
    """A country's key partners; for the region, the regional bodies the program works with."""
    if country is None:
        orgs = Organisation.objects.filter(
            country__isnull=True, type=Organisation.Type.REGIONAL_BODY
        )
    else:
        orgs = Organisation.objects.filter(country=country, is_key_partner=True)
    return list(orgs.order_by("name"))


def verified_achievements(
    *,
    country: Country | None,
    start: dt.date,
    end: dt.date,
    achievements: QuerySet[Achievement] | None = None,
) -> QuerySet[Achievement]:
    """Verified achievements dated in the period, of the country or of every country."""
    found = (achievements if achievements is not None else Achievement.objects.all()).filter(
        status=Achievement.Status.VERIFIED, date__gte=start, date__lte=end
    )
    if country is not None:
        found = found.filter(country=country)
    return found.select_related("outcome_area", "country").prefetch_related("partners")


def collect_achievements(
    *,
    country: Country | None,
    start: dt.date,
    end: dt.date,
    achievements: QuerySet[Achievement] | None = None,
) -> list[AchievementItem]:
    """The factsheet's achievements: verified ones of the period, in outcome-area order,
    oldest first within an area. `achievements` is the caller's scoped queryset."""
    found = verified_achievements(
        country=country, start=start, end=end, achievements=achievements
    ).order_by("outcome_area__order", "date", "pk")
    language = translation.get_language() or settings.LANGUAGE_CODE
    return [_item(a, language) for a in found]


def _item(achievement: Achievement, language: str) -> AchievementItem:
    """The achievement in `language`: its written translation if there is one, else the
    English (which the reference-data catalogs may still translate, for the demo's
    records); marked as English when neither gives the language."""
    own = achievement.translated(language) if language != "en" else None
    title, text = own or (achievement.title, achievement.text)
    in_english = language != "en" and own is None and reference_text(text) == text
    return AchievementItem(
        title=title,
        outcome_area=achievement.outcome_area.name,
        outcome_area_code=achievement.outcome_area.code,
        text=text,
        partner=", ".join(p.short_name for p in achievement.partners.all()),
        is_good_practice=achievement.is_good_practice,
        country=achievement.country.name,
        in_english=in_english,
    )


def build_factsheet(
    *,
    universe: Universe,
    start: dt.date,
    end: dt.date,
    achievements: QuerySet[Achievement] | None = None,
) -> Factsheet:
    """The factsheet of the universe's country (or the region) for start–end, counting the
    universe's events. `achievements` is the caller's scoped queryset (visible_to(user));
    commands pass None for all records."""
    country = universe.country
    period = {"events": universe.events, "start": start, "end": end}
    program = Program.objects.select_related("funder", "implementer").get()
    return Factsheet(
        program=program,
        country=country,
        start=start,
        end=end,
        events=count_events(**period),
        participants=count_participants(**period),
        capacity_development_events=count_capacity_development_events(**period),
        people_trained=count_people_trained(**period),
        partners=key_partners(country),
        focal_point=country.focal_point if country else "",
        achievements=collect_achievements(
            country=country, start=start, end=end, achievements=achievements
        ),
        pathways=list(Pathway.objects.all()),
        outcome_areas=list(OutcomeArea.objects.all()),
        synthetic=universe.in_period(start, end).filter(is_synthetic=True).exists(),
        partial=universe.partial,
        counted=universe.label,
        member_states=list(Country.objects.order_by("name")),
        logos=logo_strip(program),
    )


def factsheet_for_user(
    *, user: Any, country: Country | None, start: dt.date, end: dt.date
) -> Factsheet:
    """The factsheet as `user` may see it: their events and achievements only. The caller
    has checked that the country (or, for None, the region) is in the user's scope."""
    return build_factsheet(
        universe=universe_for(user, country),
        start=start,
        end=end,
        achievements=Achievement.objects.visible_to(user),
    )
