"""Shared fixtures: a small model whose every number is worked out by hand in the tests."""

from __future__ import annotations

import pytest

import budgetmodel as bm

from .factories import hand_model


@pytest.fixture
def model() -> bm.Model:
    return hand_model()
