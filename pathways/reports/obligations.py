"""Reading the ACTIP obligations tracker: the regional matrix, a country's articles with their
evidence, and the evidence an editor may link. Pages, the PDF and the API all build from here.

A member state without a recorded status on an article is "not assessed". Evidence is shown
only as far as the reader may see it: events and achievements through their own
`visible_to(user)`, statistics releases only when published.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from itertools import groupby
from typing import Any

from django.http import Http404

from pathways.activities.models import Event
from pathways.programs.models import Country
from pathways.reports.obligation_models import ConventionArticle, ObligationStatus
from pathways.results.models import Achievement
from pathways.stats.models import StatRelease

Status = ObligationStatus.Status
# The short mark printed beside each status in the matrix, so it never rests on colour alone.
STATUS_MARKS = {
    Status.NOT_ASSESSED: "–",
    Status.NOT_MET: "✗",
    Status.PARTLY_MET: "◐",
    Status.MET: "✓",
    Status.NOT_APPLICABLE: "n/a",
}


@dataclass(frozen=True)
class Chapter:
    number: int
    title: str
    articles: list[ConventionArticle]

    @property
    def confirmed(self) -> bool:
        return all(a.confirmed for a in self.articles)


@dataclass(frozen=True)
class Cell:
    country: Country
    article: ConventionArticle
    status: str
    record: ObligationStatus | None

    @property
    def label(self) -> str:
        return str(Status(self.status).label)

    @property
    def mark(self) -> str:
        return STATUS_MARKS[Status(self.status)]


@dataclass(frozen=True)
class Row:
    country: Country
    cells: list[Cell]


@dataclass(frozen=True)
class Matrix:
    chapters: list[Chapter]
    rows: list[Row]
    articles: list[ConventionArticle] = field(default_factory=list)


def articles() -> list[ConventionArticle]:
    return list(ConventionArticle.objects.all())


def chapters_of(items: list[ConventionArticle]) -> list[Chapter]:
    return [
        Chapter(number, group[0].chapter_title, group)
        for number, group in ((n, list(g)) for n, g in groupby(items, key=lambda a: a.chapter))
    ]


def build_matrix(countries: list[Country]) -> Matrix:
    """Every article for every country given, in the articles' order."""
    items = articles()
    records = {
        (r.country_id, r.article_id): r
        for r in ObligationStatus.objects.filter(country__in=countries)
    }
    rows = [
        Row(country, [_cell(country, a, records.get((country.pk, a.pk))) for a in items])
        for country in countries
    ]
    return Matrix(chapters=chapters_of(items), rows=rows, articles=items)


def _cell(country: Country, article: ConventionArticle, record: ObligationStatus | None) -> Cell:
    status = record.status if record else Status.NOT_ASSESSED
    return Cell(country, article, status, record)


def get_article(number: int) -> ConventionArticle:
    article = ConventionArticle.objects.filter(number=number).first()
    if article is None:
        raise Http404("No such article of the Convention.")
    return article


def record_for(country: Country, article: ConventionArticle) -> ObligationStatus | None:
    return ObligationStatus.objects.filter(country=country, article=article).first()


@dataclass(frozen=True)
class Evidence:
    events: list[Event]
    achievements: list[Achievement]
    releases: list[StatRelease]

    @property
    def empty(self) -> bool:
        return not (self.events or self.achievements or self.releases)


def evidence_for(user: Any, record: ObligationStatus | None) -> Evidence:
    """The evidence linked to a status that the user may see."""
    if record is None:
        return Evidence([], [], [])
    return Evidence(
        events=list(
            Event.objects.visible_to(user)
            .filter(pk__in=record.events.all())
            .order_by("-start_date")
        ),
        achievements=list(
            Achievement.objects.visible_to(user)
            .filter(pk__in=record.achievements.all())
            .order_by("-date")
        ),
        releases=list(StatRelease.objects.published().filter(pk__in=record.releases.all())),
    )


def country_evidence(user: Any, country: Country, records: list[ObligationStatus]) -> dict:
    """Evidence per article id for a country's page, read in three queries."""
    visible_events = set(Event.objects.visible_to(user).values_list("pk", flat=True))
    visible_achievements = set(Achievement.objects.visible_to(user).values_list("pk", flat=True))
    out = {}
    prefetched = ObligationStatus.objects.filter(pk__in=[r.pk for r in records]).prefetch_related(
        "events", "achievements", "releases"
    )
    for r in prefetched:
        out[r.article_id] = Evidence(
            events=[e for e in r.events.all() if e.pk in visible_events],
            achievements=[a for a in r.achievements.all() if a.pk in visible_achievements],
            releases=[s for s in r.releases.all() if s.status == StatRelease.Status.PUBLISHED],
        )
    return out


# --- what an editor may link -------------------------------------------------------------


def linkable_events(user: Any, country: Country):
    return Event.objects.visible_to(user).filter(country=country).order_by("-start_date", "title")


def linkable_achievements(user: Any, country: Country):
    return Achievement.objects.visible_to(user).filter(country=country).order_by("-date", "title")


def linkable_releases(country: Country):
    return StatRelease.objects.published().filter(country=country).order_by("-year")
