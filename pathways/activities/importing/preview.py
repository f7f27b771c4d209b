"""What an import would do and what it did: the preview, its plan, the result and its report.

Reading (`reading.py`) makes an `ImportPreview`; matching (`writing.py`) adds its `Plan`;
`ImportPreview.result` is what the page, the command and the API report, whether or not
anything was written.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from typing import Any

from django.utils.translation import gettext as _

from pathways.activities.importing.headers import Column
from pathways.activities.importing.rows import PersonRow, Problem, RowsRead, Skip
from pathways.activities.importing.vocabulary import IGNORE
from pathways.activities.models import Event, Person

REPORT_KEYS = (
    "rows_read",
    "attendances_added",
    "persons_created",
    "persons_matched",
    "skipped",
    "errors",
    "possible_duplicates",
)


@dataclass(frozen=True)
class ProblemRow:
    """A row with problems: its cells as read (one per column of the sheet) and its problems."""

    row: int
    cells: list[str]
    problems: list[Problem]

    def values(self, columns: list[Column], mapping: dict[int, str]) -> list[tuple[str, str]]:
        """(column, value) of the columns read, as the sheet has them."""
        return [
            (c.label, self.cells[c.index] if c.index < len(self.cells) else "")
            for c in columns
            if mapping.get(c.index, IGNORE) != IGNORE
        ]

    def as_dict(self, columns: list[Column]) -> dict:
        return {
            "row": self.row,
            "problems": [p.as_dict() for p in self.problems],
            "values": {c.label: self.cell(c.index) for c in columns},
        }

    def cell(self, index: int) -> str:
        return self.cells[index] if index < len(self.cells) else ""


class ImportFileError(Exception):
    """The file as a whole cannot be imported; `message` says why in plain words."""

    def __init__(self, message: str):
        super().__init__(message)
        self.message = message


@dataclass
class ImportResult:
    rows_read: int = 0
    attendances_added: int = 0
    persons_created: int = 0
    persons_matched: int = 0
    skipped: list[Skip] = field(default_factory=list)
    errors: list[Problem] = field(default_factory=list)
    warnings: list[str] = field(default_factory=list)
    already_imported: bool = False
    written: bool = False
    batch_id: int | None = None
    encoding: str = ""  # what a CSV file was read as; "" for workbooks
    skip_invalid: bool = False
    # With skip_invalid: the rows with problems, left out of the import.
    left_out: list[ProblemRow] = field(default_factory=list)
    columns: list[Column] = field(default_factory=list)
    # Rows whose person may be one already on record, both persons visible to the importer
    # (`PossibleDuplicate.as_dict`): the pairs that wait for review.
    possible_duplicates: list[PossibleDuplicate] = field(default_factory=list)

    def report(self) -> dict[str, Any]:
        """The report with exactly the documented keys (the command's --json output);
        `left_out` only when rows with problems may be left out."""
        report: dict[str, Any] = {
            "rows_read": self.rows_read,
            "attendances_added": self.attendances_added,
            "persons_created": self.persons_created,
            "persons_matched": self.persons_matched,
            "skipped": [s.as_dict() for s in self.skipped],
            "errors": [e.as_dict() for e in self.errors],
            "possible_duplicates": {
                "count": len(self.possible_duplicates),
                "pairs": [p.as_dict() for p in self.possible_duplicates],
            },
        }
        if self.skip_invalid:
            report["left_out"] = [r.as_dict(self.columns) for r in self.left_out]
        return report


@dataclass
class UnmatchedOrganisation:
    """An organisation as the sheet wrote it that matches none on record, and its rows."""

    text: str  # as first written; other spellings with the same key are the same text
    rows: list[int] = field(default_factory=list)


@dataclass
class OrganisationsRead:
    matched: dict[int, int] = field(default_factory=dict)  # row number -> organisation key
    unmatched: list[UnmatchedOrganisation] = field(default_factory=list)

    def warnings(self) -> list[str]:
        """The unrecognised texts as the command and the API report them (the page lists
        them in a section of their own, with what to do about each)."""
        warnings = []
        for found in self.unmatched[:50]:
            numbers = found.rows
            shown = ", ".join(str(n) for n in numbers[:10]) + (" ..." if len(numbers) > 10 else "")
            warnings.append(
                _(
                    "'%(name)s' (rows %(rows)s) is not an organisation on record; these persons "
                    "are saved without an organisation and their attendance keeps the text as "
                    "written."
                )
                % {"name": found.text[:60], "rows": shown}
            )
        if len(self.unmatched) > 50:
            more = len(self.unmatched) - 50
            warnings.append(_("%(n)d more organisation names are not on record.") % {"n": more})
        return warnings


@dataclass
class ImportPreview:
    """What an import of this file with this mapping would do; nothing is written."""

    event: Event
    file_name: str
    sha256: str
    sheet_name: str
    header_rows: list[int]
    columns: list[Column]
    mapping: dict[int, str]
    mapping_source: str
    read: RowsRead
    warnings: list[str]
    signature: str
    already_imported: bool = False
    plan: Plan | None = None
    encoding: str = ""  # what a CSV file was read as (a key of ENCODINGS); "" for workbooks
    organisations: OrganisationsRead = field(default_factory=OrganisationsRead)

    @property
    def errors(self) -> list[Problem]:
        return self.read.errors

    @property
    def can_confirm(self) -> bool:
        return not self.errors and not self.already_imported

    @property
    def can_skip(self) -> bool:
        """Rows with problems may be left out: every problem is a row's, and rows remain."""
        return bool(self.errors) and not self.blocking_errors(True) and not self.already_imported

    def problem_rows(self) -> list[ProblemRow]:
        by_row: dict[int, list[Problem]] = {}
        for problem in self.errors:
            if problem.row is not None:
                by_row.setdefault(problem.row, []).append(problem)
        cells = self.read.problem_cells
        return [ProblemRow(n, cells.get(n, []), found) for n, found in sorted(by_row.items())]

    def blocking_errors(self, skip_invalid: bool = False) -> list[Problem]:
        """The problems that stop the import: all of them, unless rows with problems are to
        be left out; then those of the sheet as a whole, or all when no row is left."""
        if not skip_invalid or not self.errors:
            return self.errors
        if any(p.row is None for p in self.errors):
            return self.errors
        if not self.read.rows:
            nothing = _("Every row has a problem: there is nothing to import.")
            return [*self.errors, Problem(None, "", nothing)]
        return []

    def result(self, skip_invalid: bool = False) -> ImportResult:
        plan = self.plan or Plan()
        errors = self.blocking_errors(skip_invalid)
        ok = not errors and not self.already_imported
        left_out = self.problem_rows() if skip_invalid and not errors else []
        return ImportResult(
            rows_read=self.read.rows_read,
            attendances_added=len(plan.create) + len(plan.matched) if ok else 0,
            persons_created=len(plan.create) if ok else 0,
            persons_matched=len(plan.matched) if ok else 0,
            skipped=sorted(self.read.skipped + plan.skipped, key=lambda s: s.row),
            errors=list(errors),
            warnings=self.organisations.warnings() + list(self.warnings),
            already_imported=self.already_imported,
            encoding=self.encoding,
            skip_invalid=skip_invalid,
            left_out=left_out,
            columns=self.columns,
            possible_duplicates=list(plan.possible) if ok else [],
        )


@dataclass
class Plan:
    create: list[PersonRow] = field(default_factory=list)
    matched: list[tuple[PersonRow, Person]] = field(default_factory=list)
    skipped: list[Skip] = field(default_factory=list)
    # Rows to create (by row number) that surely are a person on record whom the importer
    # may not see: that person's key, for the review queue only (never in a report).
    outside: dict[int, int] = field(default_factory=dict)
    # What each row will do, by row number (`RowStatus`), for the preview.
    statuses: dict[int, RowStatus] = field(default_factory=dict)
    # The pairs of a row to create and a person on record or another row's that the import
    # will leave waiting for review, of those whose two persons the importer may see.
    possible: list[PossibleDuplicate] = field(default_factory=list)


SAME, ATTENDS, POSSIBLY, NEW = "same", "attends", "possibly", "new"
_REASONS = {
    "phone": lambda: _("same phone"),
    "email": lambda: _("same email"),
    "id_number": lambda: _("same identity number"),
    "names_agree": lambda: _("names agree"),
}


@dataclass(frozen=True)
class RowStatus:
    """What a row will do, as the preview says it: the same person as one on record (and
    why), already at this event, possibly one on record (waiting for review), or new."""

    kind: str
    name: str = ""
    reasons: tuple[str, ...] = ()

    @property
    def text(self) -> str:
        if self.kind == SAME:
            reasons = ", ".join(_REASONS[r]() if r in _REASONS else r for r in self.reasons)
            return _("same person as %(name)s (%(reasons)s)") % {
                "name": self.name,
                "reasons": reasons,
            }
        if self.kind == ATTENDS:
            return _("already at this event (as %(name)s): adds nothing") % {"name": self.name}
        if self.kind == POSSIBLY:
            return _("possibly %(name)s: will wait for review") % {"name": self.name}
        return _("new")


@dataclass(frozen=True)
class PossibleDuplicate:
    """A row's person and the person it may be: one on record, or another row's (an id
    None: a person not written yet, in a preview)."""

    row: int
    person_id: int | None
    person_name: str
    possible_id: int | None
    possible_name: str

    def as_dict(self) -> dict[str, Any]:
        return {
            "row": self.row,
            "person": {"id": self.person_id, "name": self.person_name},
            "possible": {"id": self.possible_id, "name": self.possible_name},
        }
