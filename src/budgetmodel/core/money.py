"""The funding gap and the bridge from the base year (DESIGN.md, "Funding and gap", "Bridge")."""

from __future__ import annotations

import numpy as np
from numpy.typing import NDArray

Array = NDArray[np.float64]

__all__ = ["BRIDGE_STEPS", "bridge", "cash", "cumulative_gap", "funding_gap", "total"]

BRIDGE_STEPS = ("base", "demand", "plan_demand", "plan_direct", "inflation", "total")


def cash(base_price: Array, index: Array) -> Array:
    """``cash[t] = K[t] * I[c, t]``: amounts at base-year prices escalated by their index.

    Examples
    --------
    >>> cash(np.array([[100.0, 100.0]]), np.array([[1.0, 1.05]]))
    array([[100., 105.]])
    """
    return base_price * index


def total(*parts: Array) -> Array:
    """The sum over the item axis (axis 1) of each ``(D, items, T)`` array, added up."""
    return sum((p.sum(axis=1) for p in parts), start=np.zeros(()))


def funding_gap(total_cash: Array, funding: Array) -> Array:
    """``gap[t] = total_cash[t] - funding_total[t]`` (positive = shortfall)."""
    return total_cash - funding


def cumulative_gap(gap: Array) -> Array:
    """Sum of ``gap`` over projection years 1..t; 0 in the base year.

    Examples
    --------
    >>> cumulative_gap(np.array([[5.0, 1.0, 2.0]]))
    array([[0., 1., 3.]])
    """
    out = np.zeros_like(gap)
    np.cumsum(gap[..., 1:], axis=-1, out=out[..., 1:])
    return out


def bridge(
    cf_line_costs: Array, plan_line_costs: Array, direct_costs: Array, total_cash: Array
) -> Array:
    """The six bridge steps from the base year to each year t, exact by construction.

    Parameters
    ----------
    cf_line_costs, plan_line_costs : ndarray, shape (D, L, T)
        Baseline lines' cost at base prices: ``Kcf_l`` counterfactual and ``K_l``
        with plan (equal in the base year, where no effect is phased in).
    direct_costs : ndarray, shape (D, N, T)
        Initiatives' direct amounts at base prices (savings negative).
    total_cash : ndarray, shape (D, T)

    Returns
    -------
    ndarray, shape (D, 6, T)
        ``base, demand, plan_demand, plan_direct, inflation, total``.
    """
    base0 = plan_line_costs[..., :1].sum(axis=1)
    base = np.broadcast_to(base0, total_cash.shape)
    demand = cf_line_costs.sum(axis=1) - base0
    plan_demand = (plan_line_costs - cf_line_costs).sum(axis=1)
    plan_direct = direct_costs.sum(axis=1)
    inflation = total_cash - (base + demand + plan_demand + plan_direct)
    steps = np.broadcast_arrays(base, demand, plan_demand, plan_direct, inflation, total_cash)
    return np.stack(steps, axis=1)
