"""The demo's ACTIP obligations: a few of Cambodia's articles with a status and evidence.

The statuses are illustrative, made up for the demo like every demo record (synthetic): they
say nothing about Cambodia's real implementation of the Convention, and each note says so.
"""

from __future__ import annotations

from django.db import transaction

from pathways.accounts.models import User
from pathways.activities.models import Event
from pathways.audit.models import AuditEvent
from pathways.programs.models import Country
from pathways.reports.models import ConventionArticle, ObligationStatus
from pathways.reports.services import obligation_set
from pathways.results.models import Achievement
from pathways.stats.models import StatRelease

ILLUSTRATIVE = "Illustrative status for the demo (synthetic), not an assessment of Cambodia."
# Article number, status, what the note adds, how many events and achievements to link.
CAMBODIA = [
    (5, ObligationStatus.Status.MET, "Trafficking in persons is a criminal offence.", 0, 0),
    (11, ObligationStatus.Status.PARTLY_MET, "Awareness work in some provinces.", 2, 1),
    (14, ObligationStatus.Status.PARTLY_MET, "Identification guidelines in use.", 2, 1),
    (15, ObligationStatus.Status.NOT_MET, "No return programme recorded yet.", 0, 0),
    (16, ObligationStatus.Status.PARTLY_MET, "Training of investigators under way.", 1, 0),
]


def load_demo_obligations() -> int:
    """Set the illustrative statuses once (idempotent); how many were set."""
    cambodia = Country.objects.get(code="KH")
    actor = User.objects.filter(username="admin").first()
    if actor is None or ObligationStatus.objects.filter(country=cambodia).exists():
        return 0
    events = list(Event.objects.filter(country=cambodia, is_synthetic=True).order_by("start_date"))
    achievements = list(
        Achievement.objects.filter(
            country=cambodia, status=Achievement.Status.VERIFIED, is_synthetic=True
        ).order_by("date")
    )
    releases = list(StatRelease.objects.published().filter(country=cambodia))
    with transaction.atomic():
        for number, status, note, n_events, n_achievements in CAMBODIA:
            obligation_set(
                actor=actor,
                country=cambodia,
                article=ConventionArticle.objects.get(number=number),
                version=0,
                status=status,
                note=f"{ILLUSTRATIVE} {note}",
                events=events[:n_events],
                achievements=achievements[:n_achievements],
                releases=releases if number == 14 else [],
                source=AuditEvent.Source.COMMAND,
            )
    return len(CAMBODIA)
