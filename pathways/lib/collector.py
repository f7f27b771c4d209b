"""Pausing Python's cycle collector around work that builds millions of small objects.

The collector runs every few hundred new container objects (tuples, lists, records) and
each run walks the objects made since the last; work that builds millions of them and
keeps most (the duplicate finder's blocks) pays for collections that find nothing
(docs/performance.md). Objects without reference cycles are freed when their last
reference goes, collector or not, so code inside `paused_collector` must not build cycles
it then drops: what it makes and drops would wait for the next collection after the pause.
"""

from __future__ import annotations

import gc
from collections.abc import Iterator
from contextlib import contextmanager


@contextmanager
def paused_collector() -> Iterator[None]:
    """The cycle collector off inside the block (and back as it was after); nested use is
    fine."""
    was_enabled = gc.isenabled()
    gc.disable()
    try:
        yield
    finally:
        if was_enabled:
            gc.enable()
