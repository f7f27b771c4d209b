"""No module of logic grows past what a newcomer reads in one sitting (500 lines).

The exceptions are tables of data and modules whose parts belong together; each is named,
with its reason, in docs/architecture.md ("Modules longer than 500 lines").
"""

from __future__ import annotations

from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
LIMIT = 500

# Module → why it stays whole. Keep docs/architecture.md saying the same.
LONG_ON_PURPOSE = {
    "pathways/settings.py": "every setting in one file, as the house style asks",
    "pathways/activities/importing/vocabulary.py": "a table of header words in eight languages",
    "pathways/results/figures.py": "the counting rules, one function each, read side by side",
    "pathways/activities/models.py": "the models of events, persons and attendance",
    "pathways/programs/reference_translations.py": "a table: reference names in eight languages",
}


def _logic_modules() -> list[Path]:
    return [
        p
        for p in (ROOT / "pathways").rglob("*.py")
        if "tests" not in p.parts and "migrations" not in p.parts
    ]


def _lines(path: Path) -> int:
    return len(path.read_text(encoding="utf-8").splitlines())


def test_no_module_of_logic_is_longer_than_500_lines_unless_named():
    too_long = {
        f"{p.relative_to(ROOT)}: {_lines(p)} lines"
        for p in _logic_modules()
        if _lines(p) > LIMIT and str(p.relative_to(ROOT)) not in LONG_ON_PURPOSE
    }
    assert not too_long, "split these along the domain:\n" + "\n".join(sorted(too_long))


def test_every_long_module_is_named_with_its_reason_in_the_architecture_guide():
    guide = (ROOT / "docs" / "architecture.md").read_text(encoding="utf-8")
    missing = [module for module in LONG_ON_PURPOSE if f"`{module}`" not in guide]
    assert not missing, f"docs/architecture.md does not name {missing}"


def test_the_exceptions_are_still_long():
    # An exception that has shrunk is a rule waiting to be broken: take it off the list.
    shrunk = [m for m in LONG_ON_PURPOSE if _lines(ROOT / m) <= LIMIT]
    assert not shrunk, f"no longer past {LIMIT} lines: {shrunk}"
