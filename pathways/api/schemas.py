"""The pieces of API schemas that several routers share. Each router defines its own
schemas beside its endpoints (`routers/<name>.py`) from these.

Field names follow the models; related objects by code or a small reference, so a client
needs no second request to read a record."""

from __future__ import annotations

from typing import Annotated, Any

from ninja import Schema
from pydantic import BeforeValidator

from pathways.lib.text import clean_text


def _plain(*, multiline: bool):
    def clean(value: Any) -> Any:
        return clean_text(value, multiline=multiline) if isinstance(value, str) else value

    return BeforeValidator(clean)


# Text a client sends, without control characters or bidirectional overrides (as the
# forms store it), before its length is checked: a line, and free text keeping tabs and
# line breaks.
PlainLine = Annotated[str, _plain(multiline=False)]
PlainText = Annotated[str, _plain(multiline=True)]


class OrganisationRef(Schema):
    id: int
    name: str
    acronym: str


class SexBreakdownOut(Schema):
    total: int
    women: int
    men: int
    other: int
    not_recorded: int
    pct_women: int
    pct_men: int
    pct_other: int
    pct_not_recorded: int


class PersonRef(Schema):
    id: int
    full_name: str
    latin_name: str
