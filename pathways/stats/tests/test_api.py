"""The statistics API: published releases only, paginated and filtered; drafts never."""

from __future__ import annotations

import pytest

from pathways.api.tests.factories import api_client
from pathways.stats.services import release_draft
from pathways.stats.tests.release_helpers import published_release

pytestmark = pytest.mark.django_db
LIST = "/api/v1/statistics/releases/"


def test_the_api_lists_published_releases_only(world, kh_manager):
    release = published_release(world)
    draft = release_draft(actor=world.statistician, country=world.kh, year=world.year - 1)
    client = api_client(kh_manager)
    answer = client.get(LIST).json()
    assert answer["count"] == 1 and answer["results"][0]["id"] == release.pk
    assert client.get(LIST, {"country": "kh", "year": world.year}).json()["count"] == 1
    assert client.get(LIST, {"country": "LA"}).json()["count"] == 0
    assert client.get(LIST, {"year": world.year - 1}).json()["count"] == 0
    assert client.get(f"{LIST}{draft.pk}/").status_code == 404
    paged = client.get(LIST, {"limit": 1, "offset": 0}).json()
    assert paged["next"] is None and len(paged["results"]) == 1


def test_a_draft_is_not_in_the_api_even_for_its_statistician(world):
    draft = release_draft(actor=world.statistician, country=world.kh, year=world.year)
    from django.test import Client

    from pathways.api.tokens import api_token_create

    token = api_token_create(actor=None, user=world.statistician, two_factor_verified=True)
    client = Client(HTTP_AUTHORIZATION=f"Bearer {token.secret}")
    assert client.get(f"{LIST}{draft.pk}/").status_code == 404
    assert client.get(LIST).json()["count"] == 0


def test_the_api_answers_401_without_a_token():
    from django.test import Client

    assert Client().get(LIST).status_code == 401
