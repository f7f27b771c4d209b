from __future__ import annotations

import pytest

from pathways.stats.tests.release_helpers import build_world


@pytest.fixture
def world(db):
    return build_world()
