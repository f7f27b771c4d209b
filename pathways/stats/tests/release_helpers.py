"""A Cambodian casework world for the release tests: people formally identified this year
(13 women, 3 men: a suppressed cell beside a rounded one), a statistician, a
data-protection focal point, other casework roles and a Lao statistician."""

from __future__ import annotations

from types import SimpleNamespace

from django.utils import timezone

from pathways.casework.models import CaseworkRole, Client, IdentificationDecision
from pathways.casework.tests.conftest import (
    make_agency,
    open_case_for,
    register,
    sample_identity,
    staff,
)
from pathways.casework.tests.identification_helpers import formal_decision
from pathways.programs.models import Country
from pathways.stats import disclosure
from pathways.stats.models import StatRelease
from pathways.stats.services import (
    release_draft,
    release_publish,
    release_review,
)

WOMEN, MEN = 13, 3


def identify(country: Country, agency, *, sex: str, count: int, tag: str) -> None:
    for index in range(count):
        identity = sample_identity(
            first_name=f"Synthetic{tag}{index}", identity_number=f"ST-{tag}-{index:04d}"
        )
        client = register(country, agency, identity, sex=sex)
        formal_decision(open_case_for(client), IdentificationDecision.Status.ACTUAL)


def build_world() -> SimpleNamespace:
    kh, la = Country.objects.get(code="KH"), Country.objects.get(code="LA")
    shelter, nrm = make_agency(kh, "Synthetic shelter"), make_agency(kh, "Synthetic NCCT")
    identify(kh, shelter, sex=Client.Sex.FEMALE, count=WOMEN, tag="F")
    identify(kh, shelter, sex=Client.Sex.MALE, count=MEN, tag="M")
    return SimpleNamespace(
        kh=kh,
        la=la,
        year=timezone.localdate().year,
        statistician=staff(nrm, CaseworkRole.STATISTICIAN, username="st_statistician"),
        statistician2=staff(nrm, CaseworkRole.STATISTICIAN, username="st_statistician2"),
        dpo=staff(nrm, CaseworkRole.DATA_PROTECTION, username="st_dpo"),
        coordinator=staff(nrm, CaseworkRole.NRM_COORDINATOR, username="st_coordinator"),
        la_statistician=staff(
            make_agency(la, "Synthetic Lao NRM"), CaseworkRole.STATISTICIAN, username="st_la"
        ),
        worker=staff(shelter, CaseworkRole.CASE_WORKER, username="st_worker"),
    )


def published_release(w: SimpleNamespace) -> StatRelease:
    """Cambodia's release of the year, drafted, reviewed and published through the services."""
    release = release_draft(actor=w.statistician, country=w.kh, year=w.year)
    release = release_review(
        actor=w.dpo, release=release, approve=True, note="", version=release.version
    )
    return release_publish(actor=w.statistician, release=release, version=release.version)


def written_release(country: Country, *, status: str, year: int, created_by) -> StatRelease:
    """A release written directly (for the authorisation matrices): one table whose cells
    are all 11 or more, in its published form only."""
    table = disclosure.CountTable(
        key="identified.sex",
        population="identified",
        row_dimensions=("sex",),
        column_dimension="identification",
        rows=(("female",), ("male",)),
        columns=("formal",),
        counts={(("female",), "formal"): 40, (("male",), "formal"): 25},
    )
    now = timezone.now()
    published = status == StatRelease.Status.PUBLISHED
    return StatRelease.objects.create(
        country=country,
        year=year,
        status=status,
        tables=[t.as_json() for t in disclosure.publish_tables([table])],
        computed_at=now,
        created_by=created_by,
        published_by=created_by if published else None,
        published_at=now if published else None,
    )
