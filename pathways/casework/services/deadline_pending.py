"""One notice a deadline source of `manage.py casework_deadlines` gives to send
(`deadline_notices.py`): its own module, so that a source in another module (the return's
verification, `return_deadlines.py`) builds it without importing the sender."""

from __future__ import annotations

import datetime as dt
from collections.abc import Callable, Iterable
from dataclasses import dataclass
from typing import Any

from pathways.casework.models import Case
from pathways.programs.models import Country


@dataclass(frozen=True)
class Pending:
    """One notice to send: a deadline (kind, case, record, due date) at a level, what is due
    in words (translatable, no personal data) and who is told."""

    kind: str
    case: Case
    ref: int
    due_on: dt.date
    level: str
    what: Any
    recipients: tuple[Any, ...]
    # A source whose notice is not about the case page's own deadlines gives its own words
    # (subject and body, made in each recipient's language), its link, and what to mark on
    # the record once it is sent (in the same transaction).
    texts: Callable[[], tuple[Callable[[], str], Callable[[], str]]] | None = None
    link: str = ""
    on_sent: Callable[[], None] | None = None


# A source of deadlines: the notices due for one country's open cases on a day, leaving out
# those already sent.
Source = Callable[[Country, dt.date], Iterable[Pending]]
