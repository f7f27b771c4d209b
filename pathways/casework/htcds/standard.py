"""The HTCDS 2.0 field standard as data, read from IOM's sheet kept beside this module
(`standard/field-standards-2.0.ods`): each field's name, type, status and value names.

Rows of the sheet are fields (or section headings, or "N/A" placeholders); a picklist's
value names are one per line of its "Value Names" cell, or a sentence naming an ISO code
list ("Use ISO 3166 country codes…").
"""

from __future__ import annotations

from dataclasses import dataclass
from functools import cache
from pathlib import Path

from python_calamine import CalamineWorkbook

SHEET_PATH = Path(__file__).resolve().parent / "standard" / "field-standards-2.0.ods"
SHEET_NAME = "Field_Standards"
VERSION = "2.0"
# The columns read, by their heading in the sheet.
COLUMNS = {
    "status": "Status",
    "core": "Core",
    "name": "Field Name including Prefix",
    "label": "Field Label",
    "type": "Field Type",
    "values": "Value Names (if picklist)",
}


@dataclass(frozen=True)
class Field:
    name: str
    label: str
    type: str
    status: str
    core: bool
    # The value names of a picklist, in the sheet's order; empty when free or an ISO list.
    values: tuple[str, ...]
    # "ISO 3166" or "ISO 639" when the values are a code list named by the sheet.
    code_list: str

    @property
    def prefix(self) -> str:
        return self.name.split("_", 1)[0] + "_"

    @property
    def is_retired(self) -> bool:
        return self.status.upper() in {"DEPRECATED", "RETIRED"}

    @property
    def is_multiselect(self) -> bool:
        return self.type.lower().startswith("multiselect")


def _code_list(cell: str) -> str:
    for code in ("ISO 3166", "ISO 639"):
        if code in cell:
            return code
    return ""


def _field(row: dict[str, str]) -> Field | None:
    name = row["name"].strip()
    if not name or "_" not in name:
        return None  # a section heading, a blank or an "N/A" row
    cell = row["values"]
    code_list = _code_list(cell)
    values = () if code_list else tuple(v.strip() for v in cell.splitlines() if v.strip())
    return Field(
        name=name,
        label=row["label"].strip(),
        type=row["type"].strip(),
        status=row["status"].strip(),
        core=row["core"].strip().lower() == "core",
        values=values,
        code_list=code_list,
    )


def read_sheet(path: Path = SHEET_PATH) -> tuple[Field, ...]:
    """Every field of the sheet, in its order. Raises ValueError naming a missing column."""
    rows = CalamineWorkbook.from_path(str(path)).get_sheet_by_name(SHEET_NAME).to_python()
    header = [str(cell).strip() for cell in rows[0]]
    missing = [heading for heading in COLUMNS.values() if heading not in header]
    if missing:
        raise ValueError(f"{path.name}: no column {', '.join(missing)}.")
    at = {key: header.index(heading) for key, heading in COLUMNS.items()}
    fields = []
    for cells in rows[1:]:
        row = {key: str(cells[i]) if i < len(cells) else "" for key, i in at.items()}
        if (field := _field(row)) is not None:
            fields.append(field)
    return tuple(fields)


@cache
def fields() -> dict[str, Field]:
    """The standard's fields by name (the sheet read once)."""
    return {field.name: field for field in read_sheet()}
