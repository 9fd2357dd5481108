"""Shared fixtures: a small model whose every number is worked out by hand in the tests."""

from __future__ import annotations

import pytest

import budgetmodel as bm

from .factories import hand_model

__all__ = ["hand_model", "model"]  # hand_model for the tests that import it from here


@pytest.fixture
def model() -> bm.Model:
    return hand_model()
