"""The reader's hand-made model, built and run once per test module."""

from __future__ import annotations

import pytest

import budgetmodel as bm

from ..factories import contract_model


@pytest.fixture(scope="module")
def built() -> bm.Model:
    return contract_model()


@pytest.fixture(scope="module")
def built_result(built: bm.Model) -> bm.Result:
    return built.run()
