from __future__ import annotations

from django.utils import translation

from pathways.programs import reference_data
from pathways.programs.labels import REFERENCE_STRINGS, reference_text


def test_every_reference_string_can_be_translated():
    program = reference_data.PROGRAM
    wanted = {program["name"], program["mission"], program["funder"], program["implementer"]}
    wanted |= {name for _code, name, *_ in reference_data.COUNTRIES}
    wanted |= {c[3] for c in reference_data.COUNTRIES if c[3]}
    wanted |= {n for _c, n, _d in reference_data.PATHWAYS} | {
        d for *_x, d in reference_data.PATHWAYS
    }
    wanted |= {n for _c, n, _d in reference_data.OUTCOME_AREAS}
    wanted |= {d for *_x, d in reference_data.OUTCOME_AREAS}
    wanted |= {org[0] for org in reference_data.ORGANISATIONS}
    assert wanted <= set(REFERENCE_STRINGS), wanted - set(REFERENCE_STRINGS)


def test_labels_follow_the_active_language_and_leave_nothing_as_nothing():
    assert reference_text(None) == reference_text("") == ""
    with translation.override("km"):
        assert reference_text("Cambodia") != "Cambodia"
        assert reference_text("A name nobody translated") == "A name nobody translated"
