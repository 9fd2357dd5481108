"""Keeping freed memory: set once on Linux with glibc, nothing elsewhere."""

from __future__ import annotations

import platform

import pytest

from budgetmodel.uncertainty import _memory


def test_set_once_on_glibc_and_left_alone_elsewhere(monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setattr(_memory, "_done", False)
    glibc = platform.system() == "Linux" and platform.libc_ver()[0] == "glibc"
    assert _memory.keep_freed_memory() is glibc
    assert _memory.keep_freed_memory() is glibc  # a second call changes nothing
    monkeypatch.setattr(_memory, "_done", False)
    monkeypatch.setattr(platform, "system", lambda: "Darwin")
    assert _memory.keep_freed_memory() is False


def test_a_long_simulation_sets_it() -> None:
    from budgetmodel.uncertainty import simulate

    from ..conftest import hand_model

    _memory._done = False
    simulate(hand_model(), 3 * 4096, seed=1)
    glibc = platform.system() == "Linux" and platform.libc_ver()[0] == "glibc"
    assert _memory._done is glibc
