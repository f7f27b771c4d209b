"""Helpers of the screening tests: the small indicator sets of `indicator_sets/` (the agreed
format, not real sets) and screenings started by a user of an agency."""

from __future__ import annotations

from pathlib import Path

from pathways.casework.indicators import load_file
from pathways.casework.models import IndicatorSet, Screening
from pathways.casework.services import screening_start

FIXTURES = Path(__file__).resolve().parent / "indicator_sets"
ADULT = FIXTURES / "test-adult-labour.json"
CHILD = FIXTURES / "test-child-labour.json"
CONSENT = FIXTURES / "test-consent.json"


def load_set(path: Path = ADULT) -> IndicatorSet:
    return load_file(path).indicator_set


def start(actor, agency, indicator_set: IndicatorSet | None = None, **extra) -> Screening:
    """A draft screening with consent given, interviewed with `indicator_set`."""
    values = {
        "location_type": Screening.LocationType.BORDER_CHECKPOINT,
        "sex": "female",
        "age_band": "25-34",
        "nationality": "VN",
        "consent_to_interview": Screening.Consent.YES,
        "informed_of": ["purpose", "data_use"],
        "indicator_set": indicator_set or load_set(),
        "province": "Banteay Meanchey",
        "interview_language": "vi",
        **extra,
    }
    return screening_start(actor=actor, agency=agency, **values)


def in_state(screening: Screening, state: str) -> Screening:
    """The screening put in `state` directly (a test's shortcut past earlier actions)."""
    Screening.objects.filter(pk=screening.pk).update(state=state)
    return Screening.objects.select_related("country", "screening_agency", "indicator_set").get(
        pk=screening.pk
    )
