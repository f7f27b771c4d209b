"""Running a function on untrusted input in a child process that may die without harm.

A reader written in another language (the workbook reader is Rust) does not raise
MemoryError when an allocation fails: it aborts the whole process. `run_isolated` forks,
caps the child's address space (RLIMIT_AS) and its wall-clock time, runs the function there
and sends its answer back through a pipe as JSON. The child's death, a timeout or a
MemoryError in the child become `IsolationError`; the caller turns that into a message.

The answer travels as JSON, never as a pickle: a child whose memory a hostile file managed
to corrupt could otherwise hand the server code to run. The function must return values
JSON can carry (lists, strings, numbers, None); a value it wants to report as an expected
failure it returns, too: raising is for surprises.

Fork rather than spawn: the child starts with the parent's modules, settings and active
language already loaded, where a fresh interpreter would first have to import them
(docs/performance.md). The child freezes the garbage collector so it never finalises the
parent's objects (a database connection closed from the child would close the parent's),
and leaves with os._exit so no exit handler of the parent runs twice.
Fork copies only the calling thread, so in a threaded server the child must not need a
lock another thread may hold: it logs nothing, opens nothing and imports nothing new (the
caller imports the reader before forking).
"""

from __future__ import annotations

import faulthandler
import gc
import json
import os
import resource
import selectors
import signal
import time
from collections.abc import Callable
from typing import Any

# Exit statuses of the child, read by the parent.
_OK = 0
_OUT_OF_MEMORY = 3
_FAILED = 4


class IsolationError(Exception):
    """The child died, ran out of memory or time, or failed unexpectedly."""

    def __init__(self, reason: str, detail: str = ""):
        super().__init__(f"{reason}: {detail}" if detail else reason)
        self.reason = reason  # "memory", "time", "died" or "failed"
        self.detail = detail


def isolation_available() -> bool:
    return hasattr(os, "fork")


def run_isolated(function: Callable[..., Any], *args: Any, memory_mb: int, seconds: float) -> Any:
    """`function(*args)` run in a child with at most `memory_mb` more address space than this
    process has now and `seconds` of wall-clock time; its JSON-able return value."""
    read_end, write_end = os.pipe()
    budget = _address_space_limit(memory_mb)
    pid = os.fork()
    if pid == 0:  # pragma: no cover - the child; coverage is not collected there
        os.close(read_end)
        _child(write_end, budget, function, args)
    os.close(write_end)
    try:
        payload = _collect(read_end, time.monotonic() + seconds)
    except BaseException:  # the time limit, or this process interrupted: the child goes too
        os.kill(pid, signal.SIGKILL)
        _wait(pid)
        raise
    finally:
        os.close(read_end)
    status = _wait(pid)
    try:
        answer = json.loads(payload) if payload else {}
    except ValueError:
        answer = {}
    if isinstance(answer, dict) and "value" in answer:
        return answer["value"]
    if status is not None and os.WIFSIGNALED(status):
        raise IsolationError("died", signal.Signals(os.WTERMSIG(status)).name)
    if status is not None and os.WEXITSTATUS(status) == _OUT_OF_MEMORY:
        raise IsolationError("memory")
    detail = answer.get("failed", "") if isinstance(answer, dict) else ""
    raise IsolationError("failed", str(detail)[:200])


def _address_space_limit(memory_mb: int) -> int | None:
    """This process's address space now plus the budget, in bytes (None: no limit known)."""
    try:
        with open("/proc/self/status", "rb") as status:
            for line in status:
                if line.startswith(b"VmSize:"):
                    return int(line.split()[1]) * 1024 + memory_mb * 1024 * 1024
    except OSError:
        pass
    return None  # not Linux: the time limit still holds


def _child(write_end: int, budget: int | None, function, args) -> None:  # pragma: no cover
    status = _FAILED
    try:
        gc.disable()
        faulthandler.disable()  # a dying reader says why itself; the parent's stack would not
        signal.signal(signal.SIGTERM, signal.SIG_DFL)
        signal.signal(signal.SIGINT, signal.SIG_DFL)
        if budget is not None:
            hard = resource.getrlimit(resource.RLIMIT_AS)[1]
            limit = budget if hard == resource.RLIM_INFINITY else min(budget, hard)
            resource.setrlimit(resource.RLIMIT_AS, (limit, limit))
        try:
            answer = {"value": function(*args)}
            status = _OK
        except MemoryError:
            answer, status = None, _OUT_OF_MEMORY
        except BaseException as exc:  # reported by type only: nothing of the file's content
            answer = {"failed": f"{type(exc).__module__}.{type(exc).__qualname__}"}
        if answer is not None:
            payload = json.dumps(answer, ensure_ascii=False).encode("utf-8", "surrogatepass")
            with open(write_end, "wb", closefd=True) as out:
                out.write(payload)
    except MemoryError:
        status = _OUT_OF_MEMORY
    finally:
        os._exit(status)


def _collect(read_end: int, deadline: float) -> bytes:
    """Everything the child writes, until it closes the pipe or the deadline passes."""
    chunks = []
    with selectors.DefaultSelector() as selector:
        selector.register(read_end, selectors.EVENT_READ)
        while True:
            remaining = deadline - time.monotonic()
            if remaining <= 0 or not selector.select(remaining):
                raise IsolationError("time")
            chunk = os.read(read_end, 1 << 20)
            if not chunk:
                return b"".join(chunks)
            chunks.append(chunk)


def _wait(pid: int) -> int | None:
    """The child's exit status; None when nobody can know it (SIGCHLD ignored reaps at once)."""
    try:
        return os.waitpid(pid, 0)[1]
    except ChildProcessError:
        return None
