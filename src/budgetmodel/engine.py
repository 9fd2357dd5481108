"""The orchestrator: runs one scenario's steps in DESIGN.md's order.

It holds no arithmetic of its own: every number comes from :mod:`budgetmodel.core`.
The same function serves a deterministic run (one draw) and a Monte Carlo run
(many draws on the leading axis).
"""

from __future__ import annotations

from dataclasses import dataclass

import numpy as np
from numpy.typing import NDArray

from .compile import CompiledModel, ScenarioInputs
from .core import costs, drivers, money
from .core.inflation import deflate, price_index

Array = NDArray[np.float64]

__all__ = ["ScenarioArrays", "project"]


@dataclass(frozen=True)
class ScenarioArrays:
    """One scenario's projection; every array has draws first and years last (£)."""

    index: Array  # (D, C, T) price indices
    volume_counterfactual: Array  # (D, Nd, T)
    volume: Array  # (D, Nd, T)
    line_base_price_counterfactual: Array  # (D, L, T) Kcf
    line_base_price: Array  # (D, L, T) K with plan
    line_cash: Array  # (D, L, T)
    direct_base_price: Array  # (D, N, T)
    direct_cash: Array  # (D, N, T)
    fte_counterfactual: Array  # (D, Ls, T) staffing lines, without plan
    fte: Array  # (D, Ls, T) staffing lines, with plan
    total_cash: Array  # (D, T)
    total_real: Array  # (D, T)
    funding: Array  # (D, T)
    gap: Array  # (D, T)
    cumulative_gap: Array  # (D, T)
    bridge: Array  # (D, 6, T)


def _project_drivers(model: CompiledModel, inputs: ScenarioInputs, *, with_plan: bool) -> Array:
    """Volumes of every driver, in dependency order; effects only ``with_plan``."""
    T = len(model.years)
    out: list[Array | None] = [None] * len(model.driver_ids)
    for i in model.order:
        p, v0, b = inputs.params[i], float(model.base_volume[i]), model.basis[i]
        method = model.methods[i]
        if method == "growth":
            v = drivers.project_growth(v0, p["growth"])
        elif method == "rate":
            v = drivers.project_rate(v0, model.populations[b], p["rate_change"])
        elif method == "share":
            basis = out[b]
            assert basis is not None
            v = drivers.project_share(v0, basis, float(model.base_volume[b]), p["share"])
        elif method == "stock_flow":
            v = drivers.project_stock_flow(v0, p["entries"], p["exit_rate"])
        else:
            v = drivers.project_explicit(v0, p["volume"])
        if with_plan:
            mine = inputs.effect_driver == i
            if mine.any():
                v = v * drivers.effect_multiplier(
                    inputs.effect_value[:, mine], inputs.effect_phasing[mine]
                )
        out[i] = np.broadcast_to(v, (v.shape[0], T))
    draws = max((a.shape[0] for a in out if a is not None), default=1)
    return (
        np.stack([np.broadcast_to(a, (draws, T)) for a in out if a is not None], axis=1)
        if out
        else np.zeros((1, 0, T))
    )


def _line_costs(model: CompiledModel, inputs: ScenarioInputs, volume: Array) -> tuple[Array, Array]:
    """``K`` of every baseline line at base prices, and the staffing lines' FTE."""
    T = len(model.years)
    draws = max(volume.shape[0], inputs.draws)
    k = np.zeros((draws, len(model.line_ids), T))
    k[:, model.activity_lines] = costs.activity_cost(
        volume[:, model.activity_driver], inputs.unit_cost
    )
    k[:, model.fixed_lines] = costs.fixed_cost(inputs.fixed_cost, T)
    fte = costs.staffing_fte(volume[:, model.staffing_driver], model.caseload)
    k[:, model.staffing_lines] = costs.staffing_cost(
        fte, inputs.cost_per_fte, model.agency_share, model.agency_premium
    )
    return k, fte


def project(model: CompiledModel, inputs: ScenarioInputs) -> ScenarioArrays:
    """Run one scenario: indices, both driver passes, costs, cash, gap, bridge."""
    index = price_index(inputs.rates)
    volume_cf = _project_drivers(model, inputs, with_plan=False)
    volume = _project_drivers(model, inputs, with_plan=True)
    k_cf, fte_cf = _line_costs(model, inputs, volume_cf)
    k, fte = _line_costs(model, inputs, volume)
    line_cash = money.cash(k, index[:, model.line_category])
    direct_cash = money.cash(inputs.direct, index[:, inputs.direct_category])
    total_cash = money.total(line_cash, direct_cash)
    funding = money.total(inputs.funding)
    gap = money.funding_gap(total_cash, funding)
    return ScenarioArrays(
        index=index,
        volume_counterfactual=volume_cf,
        volume=volume,
        line_base_price_counterfactual=k_cf,
        line_base_price=k,
        line_cash=line_cash,
        direct_base_price=np.broadcast_to(inputs.direct, direct_cash.shape),
        direct_cash=direct_cash,
        fte_counterfactual=fte_cf,
        fte=fte,
        total_cash=total_cash,
        total_real=deflate(total_cash, index[:, model.deflator]),
        funding=np.broadcast_to(funding, total_cash.shape),
        gap=gap,
        cumulative_gap=money.cumulative_gap(gap),
        bridge=money.bridge(k_cf, k, inputs.direct, total_cash),
    )
