"""The orchestrator: runs one scenario's steps in DESIGN.md's order.

It holds no arithmetic of its own: every number comes from a definition in
`budgetmodel.core`. The same function serves a deterministic run (one draw)
and a Monte Carlo run (many draws on the leading axis). It keeps every row the
results workbook shows, so the workbook writer never computes a number.

Each scenario is projected in passes (DESIGN.md, "Two passes and the plan"): the
counterfactual (no levers), with the plan (every included lever) and, for each
included initiative with levers, a standalone pass with its levers alone.
"""

from __future__ import annotations

from dataclasses import dataclass
from functools import cached_property

import numpy as np
from numpy.typing import NDArray

from ._compile import CompiledModel, ScenarioInputs
from ._pass import Pass, PassArrays
from .core import arrays, money, plan
from .core.inflation import deflate, price_index

Array = NDArray[np.float64]

__all__ = ["ScenarioArrays", "project"]


@dataclass(frozen=True)
class ScenarioArrays:
    """One scenario's projection; every array has draws first and years last (£)."""

    index: Array  # (D, C, T) price indices
    counterfactual_pass: PassArrays | None  # None when neither detail nor standalone passes
    with_plan: PassArrays
    standalone: dict[int, PassArrays]  # initiative position -> its levers alone (detail)
    line_cash: Array  # (D, L, T)
    direct_base_price: Array  # (D, N, T)
    direct_cash: Array  # (D, N, T)
    area_gross_cash: Array  # (D, A, T) expenditure lines and direct amounts by service area
    area_income_cash: Array  # (D, A, T) income lines by service area, positive
    gross_cash: Array  # (D, T) expenditure lines and the plan's direct amounts
    income_cash: Array  # (D, T) income lines, positive
    total_cash: Array  # (D, T) gross less income
    total_real: Array  # (D, T)
    funding: Array  # (D, T)
    gap: Array  # (D, T)
    cumulative_gap: Array  # (D, T)
    bridge: Array  # (D, 6, T)
    plan_effects: Array  # (D, I, T) each initiative's levers alone, base-year prices
    plan_effects_cash: Array  # (D, I, T)
    interaction: Array  # (D, T) base-year prices
    interaction_cash: Array  # (D, T)
    direct_initiative: NDArray[np.intp]  # (N,) each direct row's initiative (position)

    @cached_property
    def plan_direct(self) -> Array:
        """(D, I, T) each initiative's direct amounts, base-year prices."""
        return plan.direct_by_initiative(
            self.direct_base_price, self.direct_initiative, self.plan_effects.shape[1]
        )

    @cached_property
    def plan_direct_cash(self) -> Array:
        """(D, I, T) each initiative's direct amounts, cash."""
        return plan.direct_by_initiative(
            self.direct_cash, self.direct_initiative, self.plan_effects.shape[1]
        )

    @property
    def counterfactual(self) -> PassArrays:
        """The counterfactual pass (no levers)."""
        if self.counterfactual_pass is None:
            raise ValueError("projected with detail=False and standalone=False: no counterfactual")
        return self.counterfactual_pass

    @property
    def volume_counterfactual(self) -> Array:
        return self.counterfactual.volume

    @property
    def volume(self) -> Array:
        return self.with_plan.volume

    @property
    def line_base_price_counterfactual(self) -> Array:
        return self.counterfactual.line_base_price

    @property
    def line_base_price(self) -> Array:
        return self.with_plan.line_base_price

    @property
    def fte_counterfactual(self) -> Array:
        return self.counterfactual.fte

    @property
    def fte(self) -> Array:
        return self.with_plan.fte


def project(
    model: CompiledModel,
    inputs: ScenarioInputs,
    *,
    standalone: bool = True,
    detail: bool = True,
) -> ScenarioArrays:
    """Run one scenario: indices, every pass, costs, cash, gap, bridge and the plan.

    ``standalone=False`` skips the initiatives' standalone passes (their plan arrays
    are then zero), for Monte Carlo runs that report only totals. ``detail=False``
    leaves out what a Monte Carlo run never reads (the service areas, the split of
    gross and income, real terms and the bridge: zeros; the standalone passes' arrays,
    whose effects it still works out from the lines their levers can change; and,
    without standalone passes, the counterfactual), for speed.
    """
    L = inputs.levers
    everything = list(range(len(L.parameter)))
    index = price_index(inputs.rates)
    with_plan = Pass(model, inputs, everything, check=detail).run()
    groups = sorted(set(L.initiative.tolist())) if standalone else []
    cf = Pass(model, inputs, [], check=False).run() if detail or groups else None
    passes = {
        i: Pass(model, inputs, [k for k in everything if L.initiative[k] == i], check=False,
                 base=cf)
        for i in groups
    }  # fmt: skip
    # Each initiative's costs on the lines its levers can change; a Monte Carlo run
    # (detail=False) works out only those lines of its standalone passes.
    alone: dict[int, PassArrays] = {}
    changed: dict[int, tuple[NDArray[np.intp], Array]] = {}
    for i, p in passes.items():
        if detail:
            alone[i] = p.run()
            lines = np.array(p.lines_changed(), dtype=np.intp)
            changed[i] = (lines, arrays.take(alone[i].line_base_price, lines))
        else:
            changed[i] = p.changed_costs()
    line_index = arrays.take(index, model.line_category)
    line_cash = money.cash(with_plan.line_base_price, line_index)
    direct_cash = money.cash(inputs.direct, arrays.take(index, inputs.direct_category))
    total_cash = money.total(line_cash, direct_cash)
    areas = len(model.areas)
    T = total_cash.shape[-1]
    if detail:
        assert cf is not None
        gross_cash, income_cash = money.gross_and_income(line_cash, model.line_sign, direct_cash)
        spending = model.line_sign > 0
        area_gross = money.by_group(line_cash[:, spending], model.line_area[spending], areas)
        area_gross = area_gross + money.by_group(direct_cash, inputs.direct_area, areas)
        area_income = 0.0 - money.by_group(
            line_cash[:, ~spending], model.line_area[~spending], areas
        )
        total_real = deflate(total_cash, index[:, model.deflator])
        bridge = money.bridge(
            cf.line_base_price, with_plan.line_base_price, inputs.direct, total_cash
        )
    else:
        nothing = np.zeros(())
        gross_cash = income_cash = total_real = np.broadcast_to(nothing, total_cash.shape)
        area_gross = area_income = np.broadcast_to(nothing, (total_cash.shape[0], areas, T))
        bridge = np.broadcast_to(nothing, (total_cash.shape[0], 6, T))
    funding = money.total(inputs.funding)
    gap = money.funding_gap(total_cash, funding)
    # the plan, initiative by initiative
    count = len(inputs.initiatives)
    draws = total_cash.shape[0]
    # An initiative without a standalone pass (no levers, or standalone=False) has no
    # effects: only the passes run are differenced, never a copy of the counterfactual.
    shape = (draws, count, len(model.years))
    effects = np.zeros(shape) if changed else np.broadcast_to(np.zeros(()), shape)
    effects_cash = np.zeros(shape) if changed else effects
    for i, (lines, mine) in changed.items():
        assert cf is not None
        before = arrays.take(cf.line_base_price, lines)
        effects[:, i] = plan.effects(mine[:, None], before)[:, 0]
        weights = arrays.take(line_index, lines)
        effects_cash[:, i] = plan.effects(mine[:, None], before, weights)[:, 0]
    if detail and cf is not None:  # detail always has the counterfactual
        all_effects = with_plan.line_base_price - cf.line_base_price
        interaction = all_effects.sum(axis=1) - effects.sum(axis=1)
        interaction_cash = (all_effects * line_index).sum(axis=1) - effects_cash.sum(axis=1)
    else:
        interaction = interaction_cash = np.broadcast_to(np.zeros(()), total_cash.shape)
    return ScenarioArrays(
        index=index,
        counterfactual_pass=cf,
        with_plan=with_plan,
        standalone=alone,
        line_cash=line_cash,
        direct_base_price=np.broadcast_to(inputs.direct, direct_cash.shape),
        direct_cash=direct_cash,
        area_gross_cash=area_gross,
        area_income_cash=area_income,
        gross_cash=gross_cash,
        income_cash=income_cash,
        total_cash=total_cash,
        total_real=total_real,
        funding=np.broadcast_to(funding, total_cash.shape),
        gap=gap,
        cumulative_gap=money.cumulative_gap(gap),
        bridge=bridge,
        plan_effects=effects,
        plan_effects_cash=effects_cash,
        interaction=interaction,
        interaction_cash=interaction_cash,
        direct_initiative=inputs.direct_initiative,
    )
