"""The orchestrator: runs one scenario's steps in DESIGN.md's order.

It holds no arithmetic of its own: every number comes from a definition in
:mod:`budgetmodel.core`. The same function serves a deterministic run (one draw)
and a Monte Carlo run (many draws on the leading axis). It keeps every row the
results workbook shows, so the workbook writer never computes a number.
"""

from __future__ import annotations

from dataclasses import dataclass

import numpy as np
from numpy.typing import NDArray

from .compile import CompiledModel, ScenarioInputs
from .core import money
from .core.costs import Activity, Fixed, Staffing
from .core.drivers import METHODS, Inputs, effect_multiplier
from .core.inflation import deflate, price_index

Array = NDArray[np.float64]

__all__ = ["PassArrays", "ScenarioArrays", "project"]


@dataclass(frozen=True)
class PassArrays:
    """One pass of the projection (counterfactual or with plan); draws first, years last."""

    rows: list[dict[str, Array]]  # per driver: the method's rows (working rows, volume, stock)
    volume: Array  # (D, Nd, T) costed volume, after the plan's volume effects
    stock: Array  # (D, Nd, T) at year end (31 March)
    line_base_price: Array  # (D, L, T) K at base-year prices (£), income negative
    fte: Array  # (D, Ls, T) staffing lines' full-time equivalents


@dataclass(frozen=True)
class ScenarioArrays:
    """One scenario's projection; every array has draws first and years last (£)."""

    index: Array  # (D, C, T) price indices
    counterfactual: PassArrays
    with_plan: PassArrays
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


def _stack(rows: list[Array], draws: int, T: int) -> Array:
    if not rows:
        return np.zeros((draws, 0, T))
    return np.stack([np.broadcast_to(a, (draws, T)) for a in rows], axis=1)


def _project_drivers(
    model: CompiledModel, inputs: ScenarioInputs, *, with_plan: bool
) -> tuple[list[dict[str, Array]], Array, Array]:
    """Every driver's rows in dependency order; the plan's effects only ``with_plan``."""
    T = len(model.years)
    out: list[dict[str, Array]] = [{} for _ in model.driver_ids]
    for i in model.order:
        b = model.basis[i]
        method = METHODS[model.methods[i]]
        reads_driver = method.basis == "driver" and b >= 0
        rows = method.project(
            Inputs(
                float(model.base_volume[i]),
                inputs.params[i],
                basis=out[b]["volume"] if reads_driver else None,
                bases=tuple(out[q]["volume"] for q in model.bases[i]),
                basis_base_volume=float(model.base_volume[b]) if reads_driver else 0.0,
                population=model.populations[b] if method.basis == "population" else None,
            )
        )
        mine = inputs.effect_driver == i
        if with_plan and mine.any():
            factor = effect_multiplier(inputs.effect_value[:, mine], inputs.effect_phasing[mine])
            rows["volume"] = rows["volume"] * factor
            rows["stock"] = rows["stock"] * factor
        out[i] = rows
    draws = max((r["volume"].shape[0] for r in out), default=1)
    volume = _stack([r["volume"] for r in out], draws, T)
    stock = _stack([r["stock"] for r in out], draws, T)
    return out, volume, stock


def _project_pass(model: CompiledModel, inputs: ScenarioInputs, *, with_plan: bool) -> PassArrays:
    """Drivers, then every baseline line's ``K`` at base prices and the staffing FTE."""
    rows, volume, stock = _project_drivers(model, inputs, with_plan=with_plan)
    T = len(model.years)
    draws = max(volume.shape[0], inputs.draws)
    k = np.zeros((draws, len(model.line_ids), T))
    k[:, model.activity_lines] = Activity.cost(volume[:, model.activity_driver], inputs.unit_cost)
    k[:, model.fixed_lines] = Fixed.cost(inputs.fixed_cost, T)
    fte = Staffing.fte(volume[:, model.staffing_driver], model.caseload)
    k[:, model.staffing_lines] = Staffing.cost(
        fte, inputs.cost_per_fte, model.agency_share, model.agency_premium
    )
    return PassArrays(rows, volume, stock, money.counted(k, model.line_sign), fte)


def project(model: CompiledModel, inputs: ScenarioInputs) -> ScenarioArrays:
    """Run one scenario: indices, both passes, costs, cash, gap, bridge."""
    index = price_index(inputs.rates)
    cf = _project_pass(model, inputs, with_plan=False)
    plan = _project_pass(model, inputs, with_plan=True)
    line_cash = money.cash(plan.line_base_price, index[:, model.line_category])
    direct_cash = money.cash(inputs.direct, index[:, inputs.direct_category])
    gross_cash, income_cash = money.gross_and_income(line_cash, model.line_sign, direct_cash)
    total_cash = money.total(line_cash, direct_cash)
    spending = model.line_sign > 0
    areas = len(model.areas)
    area_gross = money.by_group(line_cash[:, spending], model.line_area[spending], areas)
    area_gross = area_gross + money.by_group(direct_cash, inputs.direct_area, areas)
    area_income = 0.0 - money.by_group(line_cash[:, ~spending], model.line_area[~spending], areas)
    funding = money.total(inputs.funding)
    gap = money.funding_gap(total_cash, funding)
    return ScenarioArrays(
        index=index,
        counterfactual=cf,
        with_plan=plan,
        line_cash=line_cash,
        direct_base_price=np.broadcast_to(inputs.direct, direct_cash.shape),
        direct_cash=direct_cash,
        area_gross_cash=area_gross,
        area_income_cash=area_income,
        gross_cash=gross_cash,
        income_cash=income_cash,
        total_cash=total_cash,
        total_real=deflate(total_cash, index[:, model.deflator]),
        funding=np.broadcast_to(funding, total_cash.shape),
        gap=gap,
        cumulative_gap=money.cumulative_gap(gap),
        bridge=money.bridge(cf.line_base_price, plan.line_base_price, inputs.direct, total_cash),
    )
