"""A Monte Carlo projection (``detail=False``) leaves work out, never changes a number:
its totals and each initiative's effects are those of the full projection, exactly."""

from __future__ import annotations

import numpy as np
from hypothesis import given, settings
from numpy.testing import assert_array_equal

import budgetmodel as bm
from budgetmodel._compile import CompiledModel, ScenarioInputs, compile_model
from budgetmodel._engine import project
from budgetmodel.uncertainty._sampling import Sampler
from budgetmodel.uncertainty._shocks import Perturbation, parse_input

from ..strategies import models

MEASURES = ("total_cash", "gap", "cumulative_gap")
PLAN = ("plan_effects", "plan_effects_cash", "plan_direct", "plan_direct_cash")


def assert_lean_matches_full(compiled: CompiledModel, inputs: ScenarioInputs) -> None:
    full = project(compiled, inputs)
    lean = project(compiled, inputs, detail=False)
    totals = project(compiled, inputs, standalone=False, detail=False)
    draws = full.total_cash.shape[0]
    for name in MEASURES:
        assert_array_equal(getattr(lean, name), getattr(full, name))
        assert_array_equal(getattr(totals, name), getattr(full, name))
    for name in PLAN:
        expected = np.broadcast_to(getattr(full, name), (draws, *getattr(full, name).shape[1:]))
        assert_array_equal(np.broadcast_to(getattr(lean, name), expected.shape), expected)
    assert totals.counterfactual_pass is None and not lean.standalone
    # every line counted: the lines an initiative's levers leave alone add nothing
    for i, alone in full.standalone.items():
        change = alone.line_base_price - full.counterfactual.line_base_price
        assert_array_equal(full.plan_effects[:, i], change.sum(axis=1))


@settings(max_examples=40)
@given(models())
def test_a_lean_projection_of_any_model_matches_the_full_one(model: bm.Model) -> None:
    compiled = compile_model(model)
    for inputs in compiled.scenarios.values():
        assert_lean_matches_full(compiled, inputs)


def test_a_lean_projection_of_many_draws_of_the_sample_matches_the_full_one() -> None:
    model = bm.load_sample()
    compiled = compile_model(model)
    shocks = [parse_input(u.target, compiled) for u in model.uncertainty]
    x = Sampler(model.uncertainty, 5).values(0, 64)
    for scenario in model.scenario_names():
        shocked, inputs = Perturbation(compiled, scenario, shocks).apply(x)
        assert_lean_matches_full(shocked, inputs)
