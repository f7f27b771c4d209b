"""run_isolated: a function on untrusted input runs in a child that may die without harm."""

from __future__ import annotations

import os
import time

import pytest

from pathways.lib.sandbox import IsolationError, run_isolated


def _allocate(megabytes: int) -> int:
    return len(bytearray(megabytes << 20))


def _sleep(seconds: float) -> str:
    time.sleep(seconds)
    return "woke"


def _raise() -> None:
    raise KeyError("a cell's content, which must not travel")


def test_the_childs_answer_comes_back():
    assert run_isolated(_allocate, 5, memory_mb=50, seconds=30) == 5 << 20


def test_a_child_over_its_memory_limit_is_stopped_and_this_process_lives():
    with pytest.raises(IsolationError) as stopped:
        run_isolated(_allocate, 500, memory_mb=50, seconds=30)
    assert stopped.value.reason == "memory"


def test_a_child_over_its_time_limit_is_killed():
    with pytest.raises(IsolationError) as stopped:
        run_isolated(_sleep, 60, memory_mb=50, seconds=0.5)
    assert stopped.value.reason == "time"


def test_a_child_that_aborts_is_reported_as_dead():
    with pytest.raises(IsolationError) as stopped:
        run_isolated(os.abort, memory_mb=50, seconds=30)
    assert stopped.value.reason == "died" and stopped.value.detail == "SIGABRT"


def test_a_surprise_in_the_child_comes_back_by_type_only():
    with pytest.raises(IsolationError) as stopped:
        run_isolated(_raise, memory_mb=50, seconds=30)
    assert stopped.value.reason == "failed"
    assert stopped.value.detail == "builtins.KeyError"


def test_only_json_comes_back_never_a_pickle():
    with pytest.raises(IsolationError) as stopped:
        run_isolated(object, memory_mb=50, seconds=30)
    assert stopped.value.reason == "failed"
